"""The result sheet (计票结果报告单) that scrutineers and counters sign, as data for page and PDF.

One builder gives both the printable A4 page and the PDF the same figures, from the same
result object the screen and the exports use.
"""

from datetime import timedelta

from hall.ballots.life import STATE_NAMES, roll_for
from hall.meeting.rehearsal import REHEARSAL_MARK
from hall.reports.exports import (
    BASIS_NAMES,
    GRADE_NAMES,
    OUTCOME_NAMES,
    SOURCE_NAMES,
    UNGRADED,
    final_lines,
)
from hall.rules.kinds import PROJECT_VOTE, RATING, kind_of
from hall.rules.words import WORDS
from hall.store.models import Ballot
from hall.voting.released import visible_result

HEADING = "计票结果报告单"
SIGNATURES = ("总监票人", "监票人", "计票人")
FRACTION_NAMES = WORDS["fractions"]
GRADE_BASIS_NAMES = WORDS["grade_bases"]
MARK_NAMES = WORDS["marks"]
BEIJING = timedelta(hours=8)  # China keeps one time zone, without daylight saving


def beijing_time(moment) -> str:
    """A stored UTC time as the hall reads it: 北京时间, to the second."""
    if moment is None:
        return "—"
    return (moment + BEIJING).strftime("%Y年%m月%d日 %H:%M:%S")


def build_sheet(session, ballot: Ballot) -> dict:
    """Everything the signed sheet states, in reading order, as plain text and numbers."""
    result = visible_result(session, ballot)
    roll = roll_for(session, ballot)
    issued = roll.present if ballot.require_sign_in else roll.expected
    state = STATE_NAMES.get(ballot.state, ballot.state)
    if ballot.state in ("draft", "open"):
        state += "（结果未定，仅供核对）"
    facts = [
        ("会议", ballot.meeting.name),
        ("投票事项", ballot.title),
        ("表决方式", kind_of(ballot).described.format(places=ballot.places)),
        ("投票方式", "无记名投票" if ballot.secret else "记名投票"),
        ("开始时间", beijing_time(ballot.opened_at)),
        ("结束时间", beijing_time(ballot.closed_at)),
        ("状态", state),
        ("出席情况", roll.attendance.line),  # 应到 230 人，实到 201 人，请假 2 人，缺席 29 人
        ("发出选票", f"{result.get('issued', issued)} 张"),
        ("收回选票", f"{result['returned']} 张{_split(result, 'returned')}"),
        ("有效票", f"{result['valid']} 张{_split(result, 'valid')}"),
        ("无效票", f"{result['invalid']} 张{_split(result, 'invalid')}"),
    ]
    body = _BODIES[kind_of(ballot).report](ballot, result)
    return {
        "heading": (REHEARSAL_MARK if ballot.meeting.rehearsal else "") + HEADING,
        "meeting": ballot.meeting.name,
        "ballot": ballot.title,
        "ballot_id": ballot.id,
        "kind": ballot.kind,
        "void_reason": result["void_reason"],
        "facts": facts + body["facts"],
        "fact_lines": pair_facts(facts + body["facts"]),
        "header": body["header"],
        "rows": body["rows"],
        "notes": body["notes"],
        "final": [(label, str(value)) for label, value in final_lines(result)],
        "digest": result["digest"],
        "signatures": SIGNATURES,
    }


def pair_facts(facts, short: int = 16) -> list[list[tuple[str, str]]]:
    """Facts grouped into lines: two short ones side by side, a long one alone."""
    lines: list[list[tuple[str, str]]] = []
    for fact in facts:
        fits = len(fact[1]) <= short
        if fits and lines and len(lines[-1]) == 1 and len(lines[-1][0][1]) <= short:
            lines[-1].append(fact)
        else:
            lines.append([fact])
    return lines


def _split(result: dict, key: str) -> str:
    """ "（手机 200，纸质 3）" when any sheet came on paper."""
    sources = result.get("sources") or {}
    if not sources.get("paper", {}).get("returned"):
        return ""
    parts = [f"{SOURCE_NAMES.get(name, name)} {counts[key]}" for name, counts in sources.items()]
    return f"（{'，'.join(parts)}）"


def _fraction(text: str) -> str:
    return FRACTION_NAMES.get(text, text)


def _project_vote(ballot: Ballot, result: dict) -> dict:
    basis = BASIS_NAMES.get(result["threshold_basis"], result["threshold_basis"])
    fraction = _fraction(result.get("threshold_fraction", "1/2"))
    validity = _fraction(ballot.validity_fraction)
    decided = result["vote_valid"] and not result["void"]
    facts = [
        ("应选名额", f"{result['places']} 项"),
        (
            "入选线及基数",
            f"赞成票须超过{basis} {result['basis_count']} 的{fraction}，"
            f"即至少 {result['threshold']} 票",
        ),
        (
            "投票是否有效",
            ("有效" if decided else "无效")
            + f"（收回选票须超过应到 {result['expected']} 人的{validity}；收回不得多于发出）",
        ),
    ]
    marks = kind_of(ballot).paper_marks
    header = ["名次", "序号", "候选项目", *(MARK_NAMES[mark] for mark in marks)]
    header += ["是否过线", "结果"]
    rows = []
    for row in result["rows"]:
        line = [row["rank"], row["position"], row["name"], *(row[mark] for mark in marks)]
        line += ["是" if row["passed"] else "否", OUTCOME_NAMES[row["outcome"]]]
        rows.append([str(cell) for cell in line])
    return {"facts": facts, "header": header, "rows": rows, "notes": _project_vote_notes(result)}


def _project_vote_notes(result: dict) -> list[str]:
    decided = result["vote_valid"] and not result["void"]
    notes = []
    if result["void"]:
        notes.append("收回选票多于发出选票，本次投票无效。")
    elif not result["vote_valid"]:
        notes.append("收回选票未达规定人数，本次投票无效，各项目均未确定。")
    chosen = [row["name"] for row in result["rows"] if row["outcome"] == "chosen"]
    if decided:
        notes.append(f"入选 {len(chosen)} 项：{'、'.join(chosen) or '无'}。")
    if result["tied_ids"]:
        tied = [row for row in result["rows"] if row["outcome"] == "tied"]
        names = "、".join(row["name"] for row in tied)
        notes.append(
            f"并列：{names}得票相同（各 {tied[0]['yes']} 票），争夺剩余 {result['places_left']} "
            "个名额，本轮不作决定，须重新票决。"
        )
    if result["shortfall"]:
        notes.append(f"超过入选线的项目不足应选名额，尚缺 {result['shortfall']} 项。")
    return notes


def _rating(_ballot: Ballot, result: dict) -> dict:
    basis = GRADE_BASIS_NAMES.get(result["grade_basis"], result["grade_basis"])
    fraction = _fraction(result["grade_fraction"])
    facts = [
        ("测评项目", f"{len(result['rows'])} 个"),
        ("总体满意率", f"{result['overall_satisfied_rate']}%"),
        ("总体综合满意率（满意+基本满意）", f"{result['overall_combined_rate']}%"),
        (
            "等次评定",
            f"满意票超过{basis}（{result['basis_count']} 张）的{fraction}为「满意」；"
            f"否则满意与基本满意合计超过{fraction}为「基本满意」；其余为「不满意」，须整改",
        ),
    ]
    header = ["序号", "项目", "满意", "基本满意", "不满意", "弃权"]
    header += ["满意率(%)", "综合满意率(%)（满意+基本满意）", "等次", "整改"]
    rows = [
        [
            str(row["position"]),
            row["name"],
            str(row["satisfied"]),
            str(row["fairly_satisfied"]),
            str(row["dissatisfied"]),
            str(row["abstain"]),
            row["satisfied_rate"],
            row["combined_rate"],
            GRADE_NAMES.get(row["grade"], UNGRADED),
            "需整改" if row["needs_rectification"] else "",
        ]
        for row in result["rows"]
    ]
    notes = [
        "满意率 = 满意 ÷ 有效测评票；综合满意率 =（满意 + 基本满意）÷ 有效测评票；"
        "弃权（未评）不影响测评票有效。"
    ]
    if not result["valid"]:
        notes.append("尚无有效测评票，各项目未评定等次（未测评）。")
    flagged = [row["name"] for row in result["rows"] if row["needs_rectification"]]
    if flagged:
        notes.append(f"评为「不满意」、须整改的项目：{'、'.join(flagged)}。")
    return {"facts": facts, "header": header, "rows": rows, "notes": notes}


# The body of the sheet each kind prints (hall/rules/kinds.py, Kind.report).
_BODIES = {PROJECT_VOTE: _project_vote, RATING: _rating}
