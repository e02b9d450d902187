"""Parse the secretariat's roster of deputies (代表名册), from an .xlsx workbook or a .csv file,
all or nothing.

Also holds the helpers for one-table files that candidates.py shares (pick the sheet, find the
header, read cells by column name); they belong in tables.py when that module can take them.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from hall.imports.tables import (
    Cell,
    CellError,
    ImportFailed,
    ImportProblem,
    Problems,
    Row,
    Table,
    cell_integer,
    cell_text,
    failed,
    header_key,
    locate_columns,
    read_csv,
    read_xlsx,
    shown,
)

__all__ = [
    "LEAVE_MARKS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROSTER_COLUMNS",
    "ROSTER_SHEET",
    "ImportFailed",
    "ImportProblem",
    "RosterRow",
    "RowCells",
    "Sheet",
    "delegation_order",
    "locate_known_columns",
    "parse_roster",
    "read_single_table",
]

ROSTER_SHEET = "代表名册"
NAME = "姓名"
DELEGATION = "代表团"
SEAT = "座位号"
NOTE = "备注"
LEAVE = "请假"
# One column meaning both: its text is the note, and it may say the deputy is on leave.
NOTE_AND_LEAVE = "备注/请假"
ROSTER_COLUMNS = (NAME, DELEGATION, SEAT, NOTE, LEAVE)
REQUIRED_COLUMNS = (NAME, DELEGATION)
OPTIONAL_COLUMNS = (SEAT, NOTE, LEAVE, NOTE_AND_LEAVE)
_ALIASES = {"备注/请假": NOTE_AND_LEAVE}

NAME_MAX = 50
DELEGATION_MAX = 100
SEAT_MAX = 30
NOTE_MAX = 200

# What a 请假 cell may say, compared after NFKC, without spaces, upper case; empty is 否.
LEAVE_MARKS = {
    "是": True,
    "请假": True,
    "√": True,
    "✓": True,
    "✔": True,
    "Y": True,
    "1": True,
    "TRUE": True,
    "否": False,
    "N": False,
    "0": False,
    "FALSE": False,
}
# A note saying 请假 (or 病假, 事假) marks leave, unless negated: 未请假, 不请假, 取消请假.
_LEAVE_IN_NOTE = re.compile(r"(?<![未不无没消销])(请假|病假|事假)")
# Rosters pad two-character names to line up with three-character ones: "王　芳".
_GAP_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


@dataclass
class RosterRow:
    name: str
    delegation: str
    seat: str
    note: str
    on_leave: bool
    row: int


def parse_roster(filename: str, data: bytes) -> list[RosterRow]:
    """Read the whole roster in file order, or raise ImportFailed listing every problem in it."""
    problems = Problems()
    table = read_single_table(filename, data, ROSTER_SHEET)
    sheet = locate_known_columns(table, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, problems, _ALIASES)
    if sheet and NOTE_AND_LEAVE in sheet.columns:
        for column in (NOTE, LEAVE):
            if column in sheet.columns:
                problems.add(
                    table.sheet,
                    sheet.header_row,
                    NOTE_AND_LEAVE,
                    f"表头中「{NOTE_AND_LEAVE}」列与「{column}」列不能同时出现，请只保留其一",
                )
    problems.raise_if_any()
    assert sheet
    if not sheet.table.rows:
        raise failed("没有任何代表：表头下面请每行填写一位代表。", table.sheet)

    rows: list[RosterRow] = []
    name_rows: dict[tuple[str, str], int] = {}
    seat_rows: dict[str, int] = {}
    for row in sheet.table.rows:
        cells = RowCells(row, sheet.columns, problems)
        name = cells.text(NAME, required=True, max_length=NAME_MAX, tidy=_close_cjk_gaps)
        delegation = cells.text(
            DELEGATION, required=True, max_length=DELEGATION_MAX, tidy=_close_cjk_gaps
        )
        seat = cells.text(SEAT, max_length=SEAT_MAX)
        note, on_leave = _note_and_leave(cells)
        if name and delegation:
            name_key = (delegation, name)
            if name_key in name_rows:
                cells.problem(
                    NAME, f"与第 {name_rows[name_key]} 行重复（同一代表团中不能有两位同名的代表）"
                )
            else:
                name_rows[name_key] = row.number
        if seat:
            seat_key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", seat))
            if seat_key in seat_rows:
                cells.problem(SEAT, f"座位号{shown(seat)}与第 {seat_rows[seat_key]} 行重复")
            else:
                seat_rows[seat_key] = row.number
        rows.append(RosterRow(name, delegation, seat, note, on_leave, row.number))
    problems.raise_if_any()
    return rows


def delegation_order(rows: Iterable[RosterRow]) -> list[str]:
    """The delegations in the order they first appear in the roster."""
    return list(dict.fromkeys(row.delegation for row in rows))


def _note_and_leave(cells: "RowCells") -> tuple[str, bool]:
    if cells.has(LEAVE):
        return cells.text(NOTE, max_length=NOTE_MAX), _leave(cells, LEAVE)
    if cells.has(NOTE_AND_LEAVE):
        text = cells.text(NOTE_AND_LEAVE, max_length=NOTE_MAX)
        mark = LEAVE_MARKS.get(_mark_key(text))
        # A bare mark (是, √, 0...) is the leave flag, not a note; "请假" reads well as both.
        if mark is not None and text != "请假":
            return "", mark
        return text, bool(_LEAVE_IN_NOTE.search(text))
    note = cells.text(NOTE, max_length=NOTE_MAX)
    return note, bool(_LEAVE_IN_NOTE.search(note))


def _leave(cells: "RowCells", column: str) -> bool:
    text = cell_text(cells.value(column))
    if not text.strip():
        return False
    mark = LEAVE_MARKS.get(_mark_key(text))
    if mark is None:
        cells.problem(
            column,
            f"应为“是”或“否”（也可写 请假、√、✓、Y/N、1/0，不请假可留空），实际为{shown(text)}",
        )
        return False
    return mark


def _mark_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def _close_cjk_gaps(text: str) -> str:
    return _GAP_BETWEEN_CJK.sub("", text)


# One-table files, shared with candidates.py

_HEADER_SEARCH_ROWS = 10  # a title above the header may push it down to here


@dataclass(frozen=True)
class Sheet:
    """A table ready to read: its header row number and the index of each known column."""

    table: Table
    header_row: int
    columns: dict[str, int]


def read_single_table(filename: str, data: bytes, sheet_name: str) -> Table:
    """The CSV file, or the workbook's sheet named sheet_name, or else its first sheet."""
    basename = re.split(r"[/\\]", filename or "")[-1]
    extension = basename.rpartition(".")[2].lower() if "." in basename else ""
    if extension == "csv":
        return read_csv(data, basename)
    if extension in ("xls", "et", "wps"):
        raise failed(f"不支持 .{extension} 文件：请在 Excel 或 WPS 中另存为 .xlsx 后上传。")
    if extension != "xlsx":
        kind = f" .{extension} 文件" if extension else "没有扩展名的文件"
        raise failed(f"不支持{kind}：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。")
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

    def position(self, column: str) -> int | None:
        """A required positive integer, such as 序号."""
        value = self.value(column)
        if value is None:
            self.problem(column, "不能为空")
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
