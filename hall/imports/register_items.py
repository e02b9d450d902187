"""Parse the 具体项目 of the year's register, and a department's progress report, from an .xlsx
workbook or a .csv file, all or nothing."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hall.imports.tables import (
    CellError,
    Problems,
    RowCells,
    cell_date,
    cell_decimal,
    failed,
    locate_known_columns,
    read_single_table,
    shown,
)

ITEMS_SHEET = "具体项目"
ITEM_REQUIRED = ("项目名称", "具体项目名称", "目标", "截止日期")
ITEM_OPTIONAL = ("单位", "牵头单位", "责任人", "权重")
REPORT_SHEET = "进度报告"
REPORT_REQUIRED = ("项目名称", "具体项目名称", "完成")
REPORT_OPTIONAL = ("情况说明",)


@dataclass
class ItemRow:
    project: str
    name: str
    target: Decimal
    unit: str
    deadline: dt.date
    lead_department: str
    responsible: str
    weight: Decimal | None


@dataclass
class ReportRow:
    project: str
    name: str
    achieved: Decimal
    account: str


def _number(cells: RowCells, column: str, required: bool) -> Decimal | None:
    value = cells.value(column)
    if value is None:
        if required:
            cells.problem(column, "不能为空")
        return None
    try:
        number = cell_decimal(value)
    except CellError:
        cells.problem(column, f"应为数字，实际为{shown(value)}")
        return None
    if number < 0:
        cells.problem(column, f"不能为负数，实际为{shown(value)}")
        return None
    return number


def _date(cells: RowCells, column: str) -> dt.date | None:
    value = cells.value(column)
    if value is None:
        cells.problem(column, "不能为空")
        return None
    try:
        return cell_date(value)
    except CellError as error:
        cells.problem(column, str(error))
        return None


def _rows(filename: str, data: bytes, sheet_name: str, required, optional, read) -> list:
    problems = Problems()
    table = read_single_table(filename, data, sheet_name)
    sheet = locate_known_columns(table, required, optional, problems)
    problems.raise_if_any()
    assert sheet
    if not sheet.table.rows:
        raise failed("没有任何数据：表头下面请每行填写一个具体项目。", table.sheet)
    seen: dict[tuple, int] = {}
    rows = []
    for row in sheet.table.rows:
        cells = RowCells(row, sheet.columns, problems)
        parsed = read(cells)
        key = (parsed.project, parsed.name)
        if key in seen:
            cells.problem("具体项目名称", f"与第 {seen[key]} 行重复")
        seen.setdefault(key, row.number)
        rows.append(parsed)
    problems.raise_if_any()
    return rows


def _item(cells: RowCells) -> ItemRow:
    return ItemRow(
        project=cells.text("项目名称", required=True, max_length=200),
        name=cells.text("具体项目名称", required=True, max_length=200),
        target=_number(cells, "目标", True),
        unit=cells.text("单位", max_length=10),
        deadline=_date(cells, "截止日期"),
        lead_department=cells.text("牵头单位", max_length=100),
        responsible=cells.text("责任人", max_length=50),
        weight=_number(cells, "权重", False),
    )


def _report(cells: RowCells) -> ReportRow:
    return ReportRow(
        project=cells.text("项目名称", required=True, max_length=200),
        name=cells.text("具体项目名称", required=True, max_length=200),
        achieved=_number(cells, "完成", True),
        account=cells.text("情况说明", max_length=2000),
    )


def parse_register_items(filename: str, data: bytes) -> list[ItemRow]:
    """Every row of the 具体项目 sheet, or ImportFailed listing every problem."""
    return _rows(filename, data, ITEMS_SHEET, ITEM_REQUIRED, ITEM_OPTIONAL, _item)


def parse_progress_report(filename: str, data: bytes) -> list[ReportRow]:
    """Every row of a progress report, or ImportFailed listing every problem."""
    return _rows(filename, data, REPORT_SHEET, REPORT_REQUIRED, REPORT_OPTIONAL, _report)
