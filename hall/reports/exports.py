"""Result exports as CSV and XLSX, with the same figures the screen shows."""

import io
from dataclasses import dataclass

from openpyxl import Workbook

from hall.reports.inert_cells import append_row, csv_bytes
from hall.rules.kinds import PROJECT_VOTE, RATING, kind_of
from hall.rules.words import WORDS

GRADE_NAMES = WORDS["grades"]
UNGRADED = WORDS["ungraded"]  # no valid sheet: no grade
OUTCOME_NAMES = WORDS["outcomes"]
BASIS_NAMES = WORDS["bases"]


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    summary: list[list]  # label, value lines under the table


def result_table(title: str, result: dict) -> Table:
    return _TABLES[kind_of(result).report](title, result)


def _rating_table(title: str, result: dict) -> Table:
    header = ["序号", "项目名称", "满意", "基本满意", "不满意", "弃权"]
    header += ["满意率(%)", "综合满意率(%)（满意+基本满意）", "评价等次", "整改"]
    rows = [
        [
            row["position"],
            row["name"],
            row["satisfied"],
            row["fairly_satisfied"],
            row["dissatisfied"],
            row["abstain"],
            row["satisfied_rate"],
            row["combined_rate"],
            GRADE_NAMES.get(row["grade"], UNGRADED),
            "需整改" if row["needs_rectification"] else "",
        ]
        for row in result["rows"]
    ]
    summary = [
        ["收回", result["returned"]],
        ["有效", result["valid"]],
        ["无效", result["invalid"]],
        ["总体满意率(%)", result["overall_satisfied_rate"]],
        ["总体综合满意率(%)（满意+基本满意）", result["overall_combined_rate"]],
    ]
    return Table(title, header, rows, summary + source_lines(result) + _closing_lines(result))


def _project_vote_table(title: str, result: dict) -> Table:
    header = ["名次", "序号", "候选项目", "赞成", "反对", "弃权", "是否过半数", "结果"]
    rows = [
        [
            row["rank"],
            row["position"],
            row["name"],
            row["yes"],
            row["no"],
            row["abstain"],
            "是" if row["passed"] else "否",
            OUTCOME_NAMES[row["outcome"]],
        ]
        for row in result["rows"]
    ]
    summary = [
        ["应到", result["expected"]],
        ["实到", result["present"]],
        ["发出", result["issued"]],
        ["收回", result["returned"]],
        ["有效", result["valid"]],
        ["无效", result["invalid"]],
        ["应选名额", result["places"]],
        [
            "入选线",
            f"赞成 {result['threshold']} 票以上（基数：{BASIS_NAMES[result['threshold_basis']]}"
            f" {result['basis_count']}）",
        ],
        ["票决有效", "是" if result["vote_valid"] and not result["void"] else "否"],
    ]
    if result["tied_ids"]:
        summary.append(
            ["并列", f"{len(result['tied_ids'])} 个项目争夺 {result['places_left']} 个名额"]
        )
    if result["shortfall"]:
        summary.append(["尚缺名额", result["shortfall"]])
    summary += source_lines(result) + final_lines(result)
    return Table(title, header, rows, summary + _closing_lines(result))


SOURCE_NAMES = WORDS["sources"]


def source_lines(result: dict) -> list[list]:
    """Sheets returned, valid and invalid from phones and from paper, when any came on paper."""
    sources = result.get("sources") or {}
    if not sources.get("paper", {}).get("returned"):
        return []
    return [
        [
            f"其中{SOURCE_NAMES.get(source, source)}选票",
            f"收回 {counts['returned']}，有效 {counts['valid']}，无效 {counts['invalid']}",
        ]
        for source, counts in sources.items()
    ]


def final_lines(result: dict) -> list[list]:
    """The combined result of a vote and its re-votes (重新票决)."""
    final = result.get("final")
    if not final:
        return []
    names = "、".join(entry["name"] for entry in final["chosen"]) or "无"
    lines = [
        ["最终结果（含重新票决）", f"入选 {len(final['chosen_ids'])} 项：{names}"],
        ["计入的轮次（投票编号）", "、".join(str(ballot_id) for ballot_id in final["rounds"])],
    ]
    if final["tied_ids"]:
        tied = "、".join(entry["name"] for entry in final["tied"])
        lines.append(["仍并列", f"{tied}，争夺 {final['places_left']} 个名额，须再次重新票决"])
    if final.get("pending_id"):
        lines.append(["待进行的重新票决", f"投票编号 {final['pending_id']}"])
    if final["shortfall"]:
        lines.append(["最终尚缺名额", final["shortfall"]])
    return lines


def _closing_lines(result: dict) -> list[list]:
    lines = []
    if result.get("void_reason"):
        lines.append(["本次投票已作废", result["void_reason"]])
    if result.get("digest"):
        lines.append(["票箱摘要 SHA-256", result["digest"]])
    return lines


def to_csv(table: Table) -> bytes:
    """UTF-8 with a BOM, so Excel and WPS open the Chinese text correctly; no cell runs."""
    return csv_bytes([[table.title], table.header, *table.rows, [], *table.summary])


def to_xlsx(table: Table) -> bytes:
    """One sheet, 结果; text is stored as text, never as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "结果"
    for row in [[table.title], table.header, *table.rows, [], *table.summary]:
        append_row(sheet, row)
    sheet.column_dimensions["B"].width = 40
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# The table each kind exports (hall/rules/kinds.py, Kind.report).
_TABLES = {PROJECT_VOTE: _project_vote_table, RATING: _rating_table}
