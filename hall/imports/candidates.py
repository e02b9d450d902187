"""Parse the government's list of candidate projects (候选项目) for the project vote, from an
.xlsx workbook or a .csv file, all or nothing.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from hall.imports.tables import (
    CellError,
    ImportFailed,
    ImportProblem,
    Problems,
    RowCells,
    cell_decimal,
    failed,
    locate_known_columns,
    read_single_table,
    shown,
)

__all__ = [
    "BUDGET_HEADER",
    "CANDIDATE_COLUMNS",
    "CANDIDATE_SHEET",
    "MIN_CANDIDATES",
    "CandidateRow",
    "ImportFailed",
    "ImportProblem",
    "parse_candidates",
]

CANDIDATE_SHEET = "候选项目"
POSITION = "序号"
NAME = "项目名称"
LEAD_DEPARTMENT = "牵头单位"
SUMMARY = "项目概要"
BUDGET = "预算"
CANDIDATE_COLUMNS = (POSITION, NAME, LEAD_DEPARTMENT, SUMMARY, BUDGET)
REQUIRED_COLUMNS = (POSITION, NAME)
OPTIONAL_COLUMNS = (LEAD_DEPARTMENT, SUMMARY, BUDGET)
# The templates' header for 预算, naming the unit; read as 预算.
BUDGET_HEADER = "预算（万元）"
_ALIASES = {"预算(万元)": BUDGET, "预算(万)": BUDGET}

NAME_MAX = 200
LEAD_DEPARTMENT_MAX = 100
SUMMARY_MAX = 2000
MIN_CANDIDATES = 2

_WAN_SUFFIX = re.compile(r"\s*万元?$")
_BUDGET_FORMS = "如 1200、1,200、1200万 或 1200万元"


@dataclass
class CandidateRow:
    position: int
    name: str
    lead_department: str
    summary: str
    budget: Decimal | None  # 万元


def parse_candidates(filename: str, data: bytes) -> list[CandidateRow]:
    """Read the whole list sorted by 序号, or raise ImportFailed listing every problem in it."""
    problems = Problems()
    table = read_single_table(filename, data, CANDIDATE_SHEET)
    sheet = locate_known_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, problems, _ALIASES)
    problems.raise_if_any()
    assert sheet
    if not sheet.table.rows:
        raise failed("没有任何候选项目：表头下面请每行填写一个候选项目。", table.sheet)

    candidates: list[CandidateRow] = []
    position_rows: dict[int, int] = {}
    name_rows: dict[str, int] = {}
    for row in sheet.table.rows:
        cells = RowCells(row, sheet.columns, problems)
        position = cells.position(POSITION)
        candidate = CandidateRow(
            position=position or 0,
            name=cells.text(NAME, required=True, max_length=NAME_MAX),
            lead_department=cells.text(LEAD_DEPARTMENT, max_length=LEAD_DEPARTMENT_MAX),
            summary=cells.text(SUMMARY, max_length=SUMMARY_MAX),
            budget=_budget(cells),
        )
        if position is not None and (first := _first_row(position_rows, position, row.number)):
            cells.problem(POSITION, f"序号 {position} 与第 {first} 行重复")
        if candidate.name and (first := _first_row(name_rows, candidate.name, row.number)):
            cells.problem(NAME, f"项目名称与第 {first} 行重复")
        candidates.append(candidate)
    if len(candidates) < MIN_CANDIDATES:
        problems.add(
            table.sheet,
            None,
            None,
            f"只有 {len(candidates)} 个候选项目：票决至少需要 {MIN_CANDIDATES} 个候选项目",
        )
    problems.raise_if_any()
    return sorted(candidates, key=lambda candidate: candidate.position)


def _first_row(seen: dict, key, number: int) -> int | None:
    """The row that already holds `key`, or None after noting `number` as its first row."""
    if key in seen:
        return seen[key]
    seen[key] = number
    return None


def _budget(cells: RowCells) -> Decimal | None:
    """A non-negative amount in 万元: a number cell, or text like 1,200 / 1200万 / 1200万元."""
    value = cells.value(BUDGET)
    if value is None:
        return None
    number = value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text.endswith("元") and not text.endswith("万元"):
            # 1200元 and 1200万元 differ ten-thousandfold: never guess which was meant.
            cells.problem(BUDGET, f"预算以万元为单位，{_BUDGET_FORMS}，实际为{shown(value)}")
            return None
        number = _WAN_SUFFIX.sub("", text)
    try:
        budget = cell_decimal(number)
    except CellError:
        cells.problem(BUDGET, f"应为以万元计的数字，{_BUDGET_FORMS}，实际为{shown(value)}")
        return None
    if budget < 0:
        cells.problem(BUDGET, f"不能为负数，实际为{shown(value)}")
        return None
    return budget
