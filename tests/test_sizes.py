"""The house's sizes: no module of hall/ over 300 lines nor a function over 40 (data tables
excepted), no file in static/js over 300 lines (vendored code aside and the
generated phone bundle, static/js/dist/, which tests/test_phone_bundle.py keeps in step)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300
MAX_FUNCTION_LINES = 40
# Plain data, not code: the demo meeting's deputies, candidates and completed projects.
DATA_TABLES = {"hall/demo/data.py"}


def long_python(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "hall").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if "versions" in path.parts or name in DATA_TABLES:
            continue
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_LINES:
            found.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{name}: {node.name} is {lines} lines")
    return found


def test_no_module_over_300_lines_and_no_function_over_40():
    assert long_python(ROOT) == []


def test_the_check_finds_a_long_module_and_a_long_function(tmp_path):
    (tmp_path / "hall").mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(40))
    (tmp_path / "hall/long.py").write_text(f"def f():\n{body}" + "y = 1\n" * 260)
    assert long_python(tmp_path) == ["hall/long.py: 301 lines", "hall/long.py: f is 41 lines"]


def long_scripts(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "static/js").rglob("*.js")):
        if "vendor" in path.parts or "dist" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(root).as_posix()}: {lines} lines")
    return found


def test_no_script_is_over_300_lines():
    assert long_scripts(ROOT) == []


def test_the_check_finds_a_long_script(tmp_path):
    (tmp_path / "static/js/deputy").mkdir(parents=True)
    (tmp_path / "static/js/deputy/long.js").write_text("x();\n" * 301, encoding="utf-8")
    (tmp_path / "static/js/deputy/short.js").write_text("x();\n" * 300, encoding="utf-8")
    assert long_scripts(tmp_path) == ["static/js/deputy/long.js: 301 lines"]
