"""The one table of words (RULES.md "Words") the pages, the scripts and the reports all say.

Jinja reads it as the global `WORDS` (hall/web/words.py); the browser imports the same table
from static/js/words.js, which `python -m hall.rules.words` writes from this one and
tests/test_words.py keeps in step. The kinds' own words (投票 / 测评, 已投 / 已评, the forms)
come from hall/rules/kinds.py.
"""

import json
import sys
from pathlib import Path

from hall.rules.kinds import BALLOT_KINDS, KINDS, default_kind

WORDS = {
    # A ballot's state: the same word on the desk, the monitor, the lists and the sheet.
    "states": {
        "draft": "草稿",
        "open": "投票中",
        "closed": "已结束",
        "published": "已公布",
        "void": "已作废",
    },
    # A candidate's outcome (入选, never 当选).
    "outcomes": {
        "chosen": "入选",
        "tied": "并列待重新票决",
        "not_chosen": "未入选",
        "not_passed": "未过半数",
        "undecided": "票决无效",
    },
    # What a project-vote sheet says of an item: the hall keypads' 赞成 / 反对 / 弃权.
    "marks": {"yes": "赞成", "no": "反对", "abstain": "弃权"},
    # What a rating sheet says of a project, and the grade a project is given.
    "grades": {"satisfied": "满意", "fairly_satisfied": "基本满意", "dissatisfied": "不满意"},
    "ungraded": "未测评",
    # The count a project vote's threshold is taken of, and its unit.
    "bases": {"expected": "全体代表", "present": "实到代表", "returned": "收回选票"},
    "basis_units": {"expected": "人", "present": "人", "returned": "张"},
    # The count a rating's grade is taken of.
    "grade_bases": {"returned": "收回测评票", "valid": "有效测评票"},
    "fractions": {"1/2": "半数", "2/3": "三分之二", "3/4": "四分之三"},
    # The roll (RULES.md "Roll and quorum"): 应到 230 人，实到 201 人，请假 2 人，缺席 29 人.
    "roll": {"expected": "应到", "present": "实到", "on_leave": "请假", "absent": "缺席"},
    # The sheets (RULES.md "The project vote"): 发出 issued, 收回 returned, valid and invalid.
    "sheets": {"issued": "发出", "returned": "收回", "valid": "有效", "invalid": "无效"},
    "sources": {"phone": "手机", "paper": "纸质"},
    "kinds": {"project_vote": "票决", "rating": "满意度测评"},
    # What the hall screen shows of a ballot while it is open (RULES.md "Secrecy").
    "displays": {
        "turnout": "大屏显示投票进度",
        "live": "大屏实时显示票数",
        "hidden": "大屏不显示进度",
    },
    "forms": {form: kind.name for form, kind in KINDS.items()},
    # What a deputy does on a ballot of each kind, and one who has: a rating is never 投票.
    "acts": {kind: default_kind(kind).act for kind in BALLOT_KINDS},
    "done": {kind: default_kind(kind).done for kind in BALLOT_KINDS},
}

JS_PATH = Path("static/js/words.js")
_JS_HEAD = """\
// Written by `python -m hall.rules.words` from hall/rules/words.py: change the words there.
// The one table of words (RULES.md "Words") that the pages and every script use.

export const WORDS = Object.freeze("""


def as_js_module() -> str:
    """static/js/words.js: the table as an ES module."""
    table = json.dumps(WORDS, ensure_ascii=False, indent=2)
    return f"{_JS_HEAD}{table});\n"


if __name__ == "__main__":  # pragma: no cover - a developer's command
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    (root / JS_PATH).write_text(as_js_module(), encoding="utf-8")
