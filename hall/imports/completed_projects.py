"""Parse the secretariat's file of last year's completed projects (实事项目) and their
sub-projects (具体项目), from an .xlsx workbook or a .csv file, all or nothing.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from hall.imports.tables import (
    CellError,
    ImportFailed,
    ImportProblem,
    Problems,
    RowCells,
    Sheet,
    Table,
    cell_date,
    cell_decimal,
    cell_integer,
    cell_text,
    failed,
    file_kind,
    header_key,
    locate_known_columns,
    read_csv,
    read_xlsx,
    shown,
)

__all__ = [
    "ACCEPTED_HEADERS",
    "ACCEPTED_SHEETS",
    "CSV_COLUMNS",
    "DONE",
    "EXCEEDED",
    "NOT_DONE",
    "PROJECT_COLUMNS",
    "PROJECT_SHEET",
    "STATUSES",
    "SUBPROJECT_COLUMNS",
    "SUBPROJECT_SHEET",
    "ImportFailed",
    "ImportProblem",
    "ProjectRow",
    "SubProjectRow",
    "derive_status",
    "parse_completed_projects",
]

PROJECT_SHEET = "项目"
SUBPROJECT_SHEET = "具体项目"
PROJECT_COLUMNS = ("序号", "项目名称", "领域", "牵头单位", "项目概要")
SUBPROJECT_COLUMNS = (
    "项目序号",
    "具体项目名称",
    "目标",
    "完成",
    "单位",
    "状态",
    "完成日期",
    "进度",
)
# The CSV is one table: each row a sub-project carrying its project's columns.
CSV_COLUMNS = ("项目序号", *PROJECT_COLUMNS[1:], *SUBPROJECT_COLUMNS[1:])
# Only these must be there; every other column is 选填 and may be left out of the file.
PROJECT_REQUIRED = ("序号", "项目名称")
SUBPROJECT_REQUIRED = ("项目序号", "具体项目名称")
CSV_REQUIRED = ("项目序号", "项目名称", "具体项目名称")

# Other header names people give these columns (compared without spaces, half- and full-width
# alike); the template's instructions list them. A name is read only in the table that has
# its column, so 项目编号 is 序号 on the sheet 项目 and 项目序号 elsewhere.
ACCEPTED_HEADERS = {
    "序号": ("编号", "项目编号"),
    "项目名称": ("项目", "实事项目", "实事项目名称"),
    "领域": ("类别", "项目类别", "所属领域"),
    "牵头单位": ("责任单位", "牵头部门", "责任部门", "实施单位"),
    "项目概要": ("概要", "项目简介", "简介", "项目内容", "主要内容"),
    "项目序号": ("所属项目序号", "项目编号"),
    "具体项目名称": ("具体项目", "子项目", "子项目名称"),
    "目标": ("目标值", "目标数", "目标任务", "计划数"),
    "完成": ("完成值", "完成数", "实际完成", "完成量"),
    "单位": ("计量单位",),
    "状态": ("完成状态", "完成情况"),
    "完成日期": ("完成时间",),
    "进度": ("完成进度", "进度(%)", "进度%"),
}
ACCEPTED_SHEETS = {
    PROJECT_SHEET: ("实事项目", "民生实事项目", "项目清单"),
    SUBPROJECT_SHEET: ("具体项目清单", "子项目"),
}

NOT_DONE = "未完成"
DONE = "已完成"
EXCEEDED = "超额完成"
STATUSES = (NOT_DONE, DONE, EXCEEDED)

NAME_MAX = 200
LABEL_MAX = 100
UNIT_MAX = 10

_MERGED_HINT = "（如果用了合并单元格，请取消合并，并在每一行都填上序号）"


@dataclass
class SubProjectRow:
    name: str
    target: Decimal | None
    achieved: Decimal | None
    unit: str
    status: str
    completed_on: dt.date | None
    progress: int


@dataclass
class ProjectRow:
    position: int
    name: str
    area: str
    lead_department: str
    summary: str
    subprojects: list[SubProjectRow] = field(default_factory=list)


def derive_status(target: Decimal | None, achieved: Decimal | None, progress: int | None) -> str:
    """The status a sub-project's figures imply when the file leaves 状态 empty."""
    if target is not None and achieved is not None:
        if achieved > target:
            return EXCEEDED
        return DONE if achieved >= target else NOT_DONE
    return DONE if progress == 100 else NOT_DONE


def parse_completed_projects(filename: str, data: bytes) -> list[ProjectRow]:
    """Read the whole file, or raise ImportFailed listing every problem in it."""
    basename, extension = file_kind(filename)
    problems = Problems()
    if extension == "xlsx":
        projects = _parse_workbook(read_xlsx(data), problems)
    else:
        projects = _parse_csv(read_csv(data, basename), problems)
    problems.raise_if_any()
    return sorted(projects.values(), key=lambda project: project.position)


def _aliases(columns: tuple[str, ...]) -> dict[str, str]:
    """The other names of `columns`, as locate_known_columns renames them."""
    return {
        unicodedata.normalize("NFKC", header_key(alias)): column
        for column in columns
        for alias in ACCEPTED_HEADERS.get(column, ())
    }


def _locate(table: Table, required: tuple, columns: tuple, problems: Problems) -> Sheet | None:
    optional = [column for column in columns if column not in required]
    return locate_known_columns(table, required, optional, problems, _aliases(columns))


def _parse_workbook(tables: dict[str, Table], problems: Problems) -> dict[int, ProjectRow]:
    one_table = _one_table(tables)
    if one_table is not None:
        # The CSV's layout saved as a workbook (e.g. the CSV template opened in Excel).
        return _parse_csv(one_table, problems)
    project_table = _find_sheet(tables, PROJECT_SHEET, problems)
    sub_table = _find_sheet(tables, SUBPROJECT_SHEET, problems)
    project_sheet = sub_sheet = None
    if project_table:
        project_sheet = _locate(project_table, PROJECT_REQUIRED, PROJECT_COLUMNS, problems)
    if sub_table:
        sub_sheet = _locate(sub_table, SUBPROJECT_REQUIRED, SUBPROJECT_COLUMNS, problems)
    problems.raise_if_any()
    assert project_sheet and sub_sheet
    if not project_sheet.table.rows:
        raise failed("没有任何项目：表头下面请每行填写一个项目。", project_table.sheet)
    projects = _read_projects(project_sheet, problems)
    _attach_subprojects(sub_sheet, projects, problems)
    return projects


def _read_projects(project_sheet: Sheet, problems: Problems) -> dict[int, ProjectRow]:
    """The 项目 sheet's rows by their 序号 (the first of a repeated 序号 kept)."""
    projects: dict[int, ProjectRow] = {}
    position_rows: dict[int, int] = {}
    name_rows: dict[str, int] = {}
    for row in project_sheet.table.rows:
        cells = _Cells(row, project_sheet.columns, problems)
        position = cells.position("序号")
        project = ProjectRow(
            position=position or 0,
            name=cells.text("项目名称", required=True, max_length=NAME_MAX),
            area=cells.text("领域", max_length=LABEL_MAX),
            lead_department=cells.text("牵头单位", max_length=LABEL_MAX),
            summary=cells.text("项目概要"),
        )
        if position is not None:
            if position in position_rows:
                cells.problem("序号", f"序号 {position} 与第 {position_rows[position]} 行重复")
            else:
                position_rows[position] = row.number
                projects[position] = project
        if project.name:
            if project.name in name_rows:
                cells.problem("项目名称", f"项目名称与第 {name_rows[project.name]} 行重复")
            else:
                name_rows[project.name] = row.number
    return projects


def _attach_subprojects(
    sub_sheet: Sheet, projects: dict[int, ProjectRow], problems: Problems
) -> None:
    """Each 子项目 row added to the project its 项目序号 names."""
    sub_names: dict[tuple[int, str], int] = {}
    for row in sub_sheet.table.rows:
        cells = _Cells(row, sub_sheet.columns, problems)
        position = cells.position("项目序号", hint=_MERGED_HINT)
        sub = _subproject(cells)
        if position is None:
            continue
        if position not in projects:
            cells.problem("项目序号", f"「{PROJECT_SHEET}」工作表中没有序号为 {position} 的项目")
        elif sub:
            _add_subproject(cells, projects[position], sub, sub_names)


def _sheet_named(tables: dict[str, Table], name: str) -> Table | None:
    names = {name, *ACCEPTED_SHEETS.get(name, ())}
    return next((table for title, table in tables.items() if header_key(title) in names), None)


def _find_sheet(tables: dict[str, Table], name: str, problems: Problems) -> Table | None:
    table = _sheet_named(tables, name)
    if table is None:
        existing = "、".join(f"「{title}」" for title in tables) or "无"
        problems.add(
            name, None, None, f"工作簿中没有名为「{name}」的工作表（现有工作表：{existing}）"
        )
    return table


def _one_table(tables: dict[str, Table]) -> Table | None:
    """A workbook without the sheets 项目 and 具体项目 whose first sheet is laid out as the CSV
    is (项目序号, 项目名称 and 具体项目名称 on each row), or None."""
    if not tables or any(_sheet_named(tables, name) for name in ACCEPTED_SHEETS):
        return None
    first = next(iter(tables.values()))
    located = _locate(first, CSV_REQUIRED, CSV_COLUMNS, Problems())
    return first if located is not None else None


# The CSV: one table, project columns repeated on each sub-project row


_CSV_PROJECT_FIELDS = (
    ("领域", "area", LABEL_MAX),
    ("牵头单位", "lead_department", LABEL_MAX),
    ("项目概要", "summary", None),
)


def _parse_csv(table: Table, problems: Problems) -> dict[int, ProjectRow]:
    sheet = _locate(table, CSV_REQUIRED, CSV_COLUMNS, problems)
    problems.raise_if_any()
    assert sheet
    columns = sheet.columns
    if not sheet.table.rows:
        raise failed("没有任何项目：表头下面请每行填写一个具体项目。", table.sheet)
    table = sheet.table

    projects: dict[int, ProjectRow] = {}
    first_rows: dict[int, int] = {}
    name_rows: dict[str, tuple[int, int]] = {}
    sub_names: dict[tuple[int, str], int] = {}
    for row in table.rows:
        cells = _Cells(row, columns, problems)
        position = cells.position("项目序号", hint=_MERGED_HINT)
        project = projects.get(position) if position is not None else None
        # The first row of a project must name it; later rows may leave project fields blank.
        name = cells.text("项目名称", required=project is None, max_length=NAME_MAX)
        values = {
            attr: cells.text(column, max_length=limit)
            for column, attr, limit in _CSV_PROJECT_FIELDS
        }
        has_subproject = any(not cells.blank(column) for column in SUBPROJECT_COLUMNS[1:])
        sub = _subproject(cells) if has_subproject else None
        if position is None:
            continue
        if project is None:
            project = ProjectRow(position, name, **values)
            projects[position] = project
            first_rows[position] = row.number
            _claim_name(cells, project, name_rows)
        else:
            _check_repeated_fields(cells, project, name, values, first_rows[position], name_rows)
        if sub:
            _add_subproject(cells, project, sub, sub_names)
    return projects


def _claim_name(cells: "_Cells", project: ProjectRow, name_rows: dict) -> None:
    """Record the project's name, reporting another project already using it."""
    if not project.name:
        return
    if project.name in name_rows:
        row, position = name_rows[project.name]
        cells.problem("项目名称", f"项目名称与第 {row} 行（项目序号 {position}）重复")
    else:
        name_rows[project.name] = (cells.row.number, project.position)


def _check_repeated_fields(
    cells: "_Cells",
    project: ProjectRow,
    name: str,
    values: dict[str, str],
    first_row: int,
    name_rows: dict,
) -> None:
    position = project.position
    if name and not project.name:
        # The first row's name was missing (already reported); take this one.
        project.name = name
        _claim_name(cells, project, name_rows)
    elif name and name != project.name:
        cells.problem(
            "项目名称",
            f"项目序号 {position} 在第 {first_row} 行的项目名称为{shown(project.name)}，"
            f"这里却是{shown(name)}；同一项目的各行项目名称必须一致",
        )
    for column, attr, _ in _CSV_PROJECT_FIELDS:
        value, current = values[attr], getattr(project, attr)
        if not value:
            continue
        if not current:
            setattr(project, attr, value)
        elif value != current:
            cells.problem(
                column,
                f"与项目序号 {position} 前面各行的{column}{shown(current)}不一致，"
                f"实际为{shown(value)}；可以留空",
            )


# Sub-projects, common to both formats


def _subproject(cells: "_Cells") -> SubProjectRow | None:
    """A sub-project from its columns, or None when any of them is bad (already reported)."""
    name = cells.text("具体项目名称", required=True, max_length=NAME_MAX)
    target = cells.number("目标")
    achieved = cells.number("完成")
    unit = cells.text("单位", max_length=UNIT_MAX)
    given = cells.status("状态")
    completed_on = cells.date("完成日期")
    progress = cells.progress("进度")
    if cells.bad & {"目标", "完成", "状态", "进度"}:
        return None
    status = given or derive_status(target, achieved, progress)
    if given and target is not None and achieved is not None:
        _check_status_against_figures(cells, given, target, achieved)
    if progress is None:
        progress = 100 if status in (DONE, EXCEEDED) else 0
    elif status in (DONE, EXCEEDED) and progress != 100:
        cells.problem("进度", f"{_why(given, status)}，进度应为 100，实际为 {progress}")
    elif status == NOT_DONE and progress == 100:
        cells.problem("进度", f"{_why(given, status)}，进度不应为 100")
    if cells.bad:
        return None
    return SubProjectRow(name, target, achieved, unit, status, completed_on, progress)


def _check_status_against_figures(
    cells: "_Cells", given: str, target: Decimal, achieved: Decimal
) -> None:
    figures = f"完成数（{achieved:f}）"
    if given == EXCEEDED and achieved <= target:
        cells.problem("状态", f"状态为“{EXCEEDED}”，但{figures}没有超过目标（{target:f}）")
    elif given == DONE and achieved < target:
        cells.problem("状态", f"状态为“{DONE}”，但{figures}少于目标（{target:f}）")
    elif given == NOT_DONE and achieved >= target:
        cells.problem("状态", f"状态为“{NOT_DONE}”，但{figures}已达到目标（{target:f}）")


def _why(given: str | None, status: str) -> str:
    if given:
        return f"状态为“{status}”"
    return f"按目标和完成数，状态为“{status}”"


def _add_subproject(
    cells: "_Cells", project: ProjectRow, sub: SubProjectRow, sub_names: dict
) -> None:
    key = (project.position, sub.name)
    if key in sub_names:
        cells.problem(
            "具体项目名称", f"与第 {sub_names[key]} 行重复（同一项目下具体项目名称不能相同）"
        )
    else:
        sub_names[key] = cells.row.number
        project.subprojects.append(sub)


class _Cells(RowCells):
    """One row's cells by column name, with the sub-project columns' kinds of value."""

    def blank(self, column: str) -> bool:
        return self.value(column) is None

    def number(self, column: str) -> Decimal | None:
        value = self.value(column)
        if value is None:
            return None
        try:
            number = cell_decimal(value)
        except CellError as error:
            self.problem(column, str(error))
            return None
        if number < 0:
            self.problem(column, f"不能为负数，实际为{shown(value)}")
            return None
        return number

    def status(self, column: str) -> str | None:
        text = re.sub(r"\s+", "", cell_text(self.value(column)))
        if not text:
            return None
        if text not in STATUSES:
            allowed = "、".join(STATUSES)
            self.problem(column, f"应为 {allowed} 之一（或留空），实际为{shown(text)}")
            return None
        return text

    def date(self, column: str) -> dt.date | None:
        value = self.value(column)
        if value is None:
            return None
        try:
            return cell_date(value)
        except CellError as error:
            self.problem(column, str(error))
            return None

    def progress(self, column: str) -> int | None:
        """An integer 0-100, written "80" or "80%"."""
        value = self.value(column)
        if value is None:
            return None
        if isinstance(value, str):
            value = value.strip().removesuffix("%").removesuffix("％").strip()
        try:
            progress = cell_integer(value)
        except CellError:
            self.problem(column, f"应为 0 到 100 的整数，实际为{shown(self.value(column))}")
            return None
        if not 0 <= progress <= 100:
            self.problem(column, f"应为 0 到 100 的整数，实际为 {progress}")
            return None
        return progress
