"""The one table of words (RULES.md "Words") the pages, the scripts and the reports all say.

Jinja reads it as the global `WORDS` (hall/web/words.py); the browser imports the same table
from static/js/words.js, which `python scripts/words_js.py` writes from this one and
tests/test_words.py keeps in step. The kinds' own words (投票 / 测评, 已投 / 已评, the forms)
come from hall/rules/kinds.py.
"""

import json
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
        "tied": "并列",  # the tie note beside the result says how many places go to a re-vote
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
    "kinds": {kind: default_kind(kind).kind_name for kind in BALLOT_KINDS},
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
# What the scripts need to know of each kind (hall/rules/kinds.py); the rest is the server's.
BROWSER_FACETS = (
    "ballot_kind",
    "name",
    "act",
    "done",
    "instruction",
    "phone_marks",
    "phone_layout",
    "paper_marks",
    "sheet_key",
    "has_places",
    "revotes",
    "live_feed",
    "items_from",
    "report",
)
_JS_HEAD = """\
// Written by `python scripts/words_js.py` from hall/rules/words.py and hall/rules/kinds.py:
// change the words and the kinds there. The one table of words (RULES.md "Words") and the
// ballot kinds, as the pages and every script use them.
"""
_JS_KIND_OF = """
/** The kind of a ballot, a snapshot or a result (anything with `kind` and `form`). */
export function kindOf(ballot) {
  const kind = (ballot && ballot.kind) || 'project_vote';
  const own = Object.values(KINDS).filter((entry) => entry.ballot_kind === kind);
  const named = ballot && KINDS[ballot.form];
  return named && named.ballot_kind === kind ? named : own[0] || KINDS.approve;
}
"""


def browser_kinds() -> dict:
    """The kinds by form, with the facets the scripts use."""
    return {
        form: {facet: getattr(kind, facet) for facet in BROWSER_FACETS}
        for form, kind in KINDS.items()
    }


def as_js_module() -> str:
    """static/js/words.js: the table and the kinds as an ES module."""
    words = json.dumps(WORDS, ensure_ascii=False, indent=2)
    kinds = json.dumps(browser_kinds(), ensure_ascii=False, indent=2)
    return (
        f"{_JS_HEAD}\nexport const WORDS = Object.freeze({words});\n"
        f"\nexport const KINDS = Object.freeze({kinds});\n{_JS_KIND_OF}"
    )
