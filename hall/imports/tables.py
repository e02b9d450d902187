"""An uploaded table's header found and its rows read by column name, with problems in Chinese.

The files are read in reading.py, cell values in cells.py, problems kept in problems.py; this
module re-exports them, so an importer needs only this one.

Generic: knows nothing about what the rows mean. Row numbers are the ones the user sees in
Excel or WPS (1-based, the header is row 1), so every problem can point at a cell.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter

from hall.imports.cells import (
    Cell,
    CellError,
    cell_date,
    cell_decimal,
    cell_integer,
    cell_text,
    shown,
)
from hall.imports.problems import MAX_PROBLEMS, ImportFailed, ImportProblem, Problems, failed
from hall.imports.reading import (
    BLANK_RUN,
    MAX_COLUMNS,
    MAX_ROW_NUMBER,
    MAX_ROWS,
    MAX_SHEETS,
    Row,
    Table,
    file_kind,
    read_csv,
    read_xlsx,
)

# The readers, problems and cell values are re-exported: importers need only this module.
__all__ = [
    "BLANK_RUN",
    "MAX_COLUMNS",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_ROW_NUMBER",
    "MAX_SHEETS",
    "Cell",
    "CellError",
    "ImportFailed",
    "ImportProblem",
    "Problems",
    "Row",
    "RowCells",
    "Sheet",
    "Table",
    "cell_date",
    "cell_decimal",
    "cell_integer",
    "cell_text",
    "failed",
    "file_kind",
    "header_key",
    "locate_columns",
    "locate_known_columns",
    "read_csv",
    "read_single_table",
    "read_xlsx",
    "shown",
]


# Headers


def header_key(value: Cell) -> str:
    """A header cell as compared with the expected names: all whitespace removed."""
    return re.sub(r"\s+", "", cell_text(value))


def locate_columns(
    table: Table, columns: Sequence[str], problems: Problems
) -> dict[str, int] | None:
    """Find each named column in the header row; report missing or repeated ones.

    Extra columns are ignored. Returns None when a column is missing or repeated.
    """
    found: dict[str, list[int]] = {}
    for index, value in enumerate(table.header):
        found.setdefault(header_key(value), []).append(index)
    located: dict[str, int] = {}
    for column in columns:
        indexes = found.get(column, [])
        if not indexes:
            problems.add(
                table.sheet, 1, column, "表头缺少这一列（表头应在第 1 行，列名与模板一致）"
            )
        elif len(indexes) > 1:
            letters = "、".join(get_column_letter(index + 1) for index in indexes)
            problems.add(table.sheet, 1, column, f"表头中这一列出现了不止一次（第 {letters} 列）")
        else:
            located[column] = indexes[0]
    return located if len(located) == len(columns) else None


# One-table files (the roster, the candidates)

_HEADER_SEARCH_ROWS = 10  # a title above the header may push it down to here


@dataclass(frozen=True)
class Sheet:
    """A table ready to read: its header row number and the index of each known column."""

    table: Table
    header_row: int
    columns: dict[str, int]


def read_single_table(filename: str, data: bytes, sheet_name: str) -> Table:
    """The CSV file, or the workbook's sheet named sheet_name, or else its first sheet."""
    basename, extension = file_kind(filename)
    if extension == "csv":
        return read_csv(data, basename)
    tables = read_xlsx(data)
    if not tables:
        raise failed("工作簿中没有工作表。")
    named = [table for title, table in tables.items() if header_key(title) == sheet_name]
    table = named[0] if named else next(iter(tables.values()))
    if not table.header and not table.rows:
        raise failed("工作表是空的。", table.sheet)
    return table


def locate_known_columns(
    table: Table,
    required: Sequence[str],
    optional: Sequence[str],
    problems: Problems,
    aliases: dict[str, str] | None = None,
) -> Sheet | None:
    """Find the known columns by name, in any order; report missing required or repeated ones.

    Optional columns may be absent; unknown ones are ignored. Header cells are renamed by
    ``aliases`` (keyed by the NFKC form without spaces). The header is row 1, unless row 1 is
    a title: then it is the first of the top rows that names every required column.
    """
    aliases = aliases or {}
    header_row, header = 1, _renamed(table.header, aliases)
    if not set(required) <= _keys(header):
        for row in table.rows:
            if row.number > _HEADER_SEARCH_ROWS:
                break
            cells = _renamed(row.cells, aliases)
            if set(required) <= _keys(cells):
                header_row, header = row.number, cells
                break
    rows = [row for row in table.rows if row.number > header_row]
    located = Table(table.sheet, header, rows)
    present = [column for column in optional if column in _keys(header)]
    before = len(problems.kept)
    columns = locate_columns(located, [*required, *present], problems)
    if header_row != 1:
        # locate_columns reports header problems at row 1.
        problems.kept[before:] = [replace(p, row=header_row) for p in problems.kept[before:]]
    return Sheet(located, header_row, columns) if columns is not None else None


def _renamed(header: Sequence[Cell], aliases: dict[str, str]) -> tuple[Cell, ...]:
    def rename(value: Cell) -> Cell:
        return aliases.get(unicodedata.normalize("NFKC", header_key(value)), value)

    return tuple(rename(value) for value in header)


def _keys(header: Sequence[Cell]) -> set[str]:
    return {header_key(value) for value in header}


# A row's cells by column name, for every importer


class RowCells:
    """One row's cells by column name; each bad value is recorded as a problem.

    A known column absent from the file reads as empty.
    """

    def __init__(self, row: Row, columns: dict[str, int], problems: Problems):
        self.row = row
        self.columns = columns
        self.problems = problems
        self.bad: set[str] = set()

    def has(self, column: str) -> bool:
        return column in self.columns

    def problem(self, column: str, message: str) -> None:
        self.bad.add(column)
        self.problems.add(self.row.sheet, self.row.number, column, message)

    def value(self, column: str) -> Cell:
        return self.row.cell(self.columns[column]) if column in self.columns else None

    def text(
        self,
        column: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        tidy: Callable[[str], str] | None = None,
    ) -> str:
        text = cell_text(self.value(column)).strip()
        if tidy:
            text = tidy(text)
        if required and not text:
            self.problem(column, "不能为空")
        elif max_length and len(text) > max_length:
            self.problem(column, f"不能超过 {max_length} 个字，实际为 {len(text)} 个字")
        return text

    def position(self, column: str, *, hint: str = "") -> int | None:
        """A required positive integer, such as 序号; `hint` follows 不能为空."""
        value = self.value(column)
        if value is None:
            self.problem(column, "不能为空" + hint)
            return None
        try:
            position = cell_integer(value)
        except CellError as error:
            self.problem(column, str(error))
            return None
        if position < 1:
            self.problem(column, f"应为正整数，实际为 {position}")
            return None
        return position
