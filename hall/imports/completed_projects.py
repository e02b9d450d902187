"""Parse the secretariat's file of last year's completed projects (实事项目) and their
sub-projects (具体项目), from an .xlsx workbook or a .csv file, all or nothing.
"""

import unicodedata

from hall.imports.completed_layout import (
    ACCEPTED_HEADERS,
    ACCEPTED_SHEETS,
    CSV_COLUMNS,
    CSV_REQUIRED,
    DONE,
    EXCEEDED,
    NAME_MAX,
    NOT_DONE,
    PROJECT_COLUMNS,
    PROJECT_REQUIRED,
    PROJECT_SHEET,
    STATUSES,
    SUBPROJECT_COLUMNS,
    SUBPROJECT_REQUIRED,
    SUBPROJECT_SHEET,
)
from hall.imports.subprojects import (
    ProjectRow,
    SubprojectCells,
    SubProjectRow,
    add_subproject,
    derive_status,
    read_subproject,
)
from hall.imports.tables import (
    ImportFailed,
    ImportProblem,
    Problems,
    Sheet,
    Table,
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

LABEL_MAX = 100

_MERGED_HINT = "（如果用了合并单元格，请取消合并，并在每一行都填上序号）"


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
        cells = SubprojectCells(row, project_sheet.columns, problems)
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
        cells = SubprojectCells(row, sub_sheet.columns, problems)
        position = cells.position("项目序号", hint=_MERGED_HINT)
        sub = read_subproject(cells)
        if position is None:
            continue
        if position not in projects:
            cells.problem("项目序号", f"「{PROJECT_SHEET}」工作表中没有序号为 {position} 的项目")
        elif sub:
            add_subproject(cells, projects[position], sub, sub_names)


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
        cells = SubprojectCells(row, columns, problems)
        position = cells.position("项目序号", hint=_MERGED_HINT)
        project = projects.get(position) if position is not None else None
        # The first row of a project must name it; later rows may leave project fields blank.
        name = cells.text("项目名称", required=project is None, max_length=NAME_MAX)
        values = {
            attr: cells.text(column, max_length=limit)
            for column, attr, limit in _CSV_PROJECT_FIELDS
        }
        has_subproject = any(not cells.blank(column) for column in SUBPROJECT_COLUMNS[1:])
        sub = read_subproject(cells) if has_subproject else None
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
            add_subproject(cells, project, sub, sub_names)
    return projects


def _claim_name(cells: SubprojectCells, project: ProjectRow, name_rows: dict) -> None:
    """Record the project's name, reporting another project already using it."""
    if not project.name:
        return
    if project.name in name_rows:
        row, position = name_rows[project.name]
        cells.problem("项目名称", f"项目名称与第 {row} 行（项目序号 {position}）重复")
    else:
        name_rows[project.name] = (cells.row.number, project.position)


def _check_repeated_fields(
    cells: SubprojectCells,
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
