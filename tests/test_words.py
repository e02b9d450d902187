"""One table of words (hall/rules/words.py): the pages, the scripts and the reports say the same.

The browser's copy (static/js/words.js) is written from the table and must match it; no page,
script or module keeps a map of its own for the states, outcomes, grades, bases and the rest.
"""

import re
from pathlib import Path

from hall.rules.words import JS_PATH, WORDS, as_js_module

ROOT = Path(__file__).resolve().parent.parent
# The maps the one table holds; a copy of two of their keys with words is a second table.
GROUPS = (
    "states",
    "roll",
    "sheets",
    "outcomes",
    "marks",
    "grades",
    "bases",
    "grade_bases",
    "fractions",
    "sources",
    "kinds",
    "forms",
    "displays",
)
# Maps over the same keys that say something else on purpose.
ALLOWED = {
    # The chair's header names the step of the meeting, not the ballot's state.
    ("hall/chair/view.py", "states"),
    # An import is refused with the state inside a sentence: 「…」正在投票，代表名册已锁定.
    ("hall/ballots/life.py", "states"),
    # One deputy's line on the roll: 已签到 / 未签到, not the roll's counts.
    ("static/js/admin/roster.js", "roll"),
}


def _sources() -> list[Path]:
    files = [*(ROOT / "static/js").rglob("*.js"), *(ROOT / "templates").rglob("*.html")]
    files += (ROOT / "hall").rglob("*.py")
    skipped = {ROOT / JS_PATH, ROOT / "hall/rules/words.py", ROOT / "hall/rules/kinds.py"}
    return [
        path for path in files if path not in skipped and not {"vendor", "dist"} & set(path.parts)
    ]


def _pair(key: str) -> re.Pattern:
    """`key: '中文'` as JS, Jinja or Python write it, or `['key', '中文']` in a list of pairs."""
    quoted = re.escape(key)
    return re.compile(
        rf"""(?<![\w.\-])['"]?{quoted}['"]?\s*:\s*\[?\s*['"][^'"]*[\u4e00-\u9fff]"""
        rf"""|\[\s*['"]{quoted}['"]\s*,\s*['"][^'"]*[\u4e00-\u9fff]"""
    )


def copied_maps(paths, root: Path = ROOT) -> list[str]:
    """Files that spell out two or more words of one of the table's maps themselves."""
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        for group in GROUPS:
            keys = [key for key in WORDS[group] if _pair(key).search(text)]
            if len(keys) >= 2 and (name, group) not in ALLOWED:
                found.append(f"{name}: {group} {keys}")
    return found


def test_the_browser_copy_of_the_table_is_written_from_it():
    written = (ROOT / JS_PATH).read_text(encoding="utf-8")
    assert written == as_js_module(), "run: python scripts/words_js.py"


def test_no_page_script_or_module_keeps_a_word_map_of_its_own():
    assert copied_maps(_sources()) == []


def test_the_check_finds_a_copied_map(tmp_path):
    copy = tmp_path / "static/js/admin/copy.js"
    copy.parent.mkdir(parents=True)
    copy.write_text("const S = { draft: '草稿', void: '作废' };\n", encoding="utf-8")
    assert copied_maps([copy], tmp_path) == ["static/js/admin/copy.js: states ['draft', 'void']"]
    pairs = tmp_path / "static/js/admin/pairs.js"
    pairs.write_text("const M = [['yes', '赞成'], ['no', '反对']];\n", encoding="utf-8")
    assert copied_maps([pairs], tmp_path) == ["static/js/admin/pairs.js: marks ['yes', 'no']"]


def test_the_desk_and_the_screen_say_the_same_roll_and_states():
    texts = "".join(path.read_text(encoding="utf-8") for path in _sources())
    # The screen said 实到代表 where the desk said 出席代表; a void ballot was 作废 or 无效.
    assert "出席代表" not in texts
    assert WORDS["bases"]["present"] == "实到代表" and WORDS["states"]["void"] == "已作废"
    assert WORDS["outcomes"]["undecided"] == "票决无效"


def test_pages_read_the_table(app):
    assert app.jinja_env.globals["WORDS"] is WORDS
    page = app.jinja_env.from_string("{{ WORDS.states.void }}·{{ WORDS.acts.rating }}").render()
    assert page == "已作废·测评"
