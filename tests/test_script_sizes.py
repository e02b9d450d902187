"""The scripts keep the house's sizes: no file in static/js over 300 lines (vendored code aside),
and the phone preloads every module of its graph."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 300


def long_scripts(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "static/js").rglob("*.js")):
        if "vendor" in path.parts:
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


def test_the_phone_preloads_every_module_it_imports():
    page = (ROOT / "templates/deputy/phone.html").read_text(encoding="utf-8")
    listed = set(
        re.search(r"for module in \[([^\]]*)\]", page).group(1).replace("'", "").split(", ")
    )
    deputy = ROOT / "static/js/deputy"
    imported = set()
    for path in deputy.glob("*.js"):
        for name in re.findall(r"from '\./([\w]+)\.js'", path.read_text(encoding="utf-8")):
            imported.add(name)
    assert imported <= listed, imported - listed
    assert "js/words.js" in page
