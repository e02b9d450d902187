"""Parse the secretariat's roster of deputies (代表名册), from an .xlsx workbook or a .csv file,
all or nothing.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from hall.imports.tables import (
    ImportFailed,
    ImportProblem,
    Problems,
    RowCells,
    Sheet,
    cell_text,
    failed,
    locate_known_columns,
    read_single_table,
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
    "delegation_order",
    "parse_roster",
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
    if sheet:
        _refuse_both_note_columns(sheet, problems)
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
        if name and delegation and (first := _first_row(name_rows, (delegation, name), row.number)):
            cells.problem(NAME, f"与第 {first} 行重复（同一代表团中不能有两位同名的代表）")
        seat_key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", seat)) if seat else ""
        if seat and (first := _first_row(seat_rows, seat_key, row.number)):
            cells.problem(SEAT, f"座位号{shown(seat)}与第 {first} 行重复")
        rows.append(RosterRow(name, delegation, seat, note, on_leave, row.number))
    problems.raise_if_any()
    return rows


def _refuse_both_note_columns(sheet: Sheet, problems: Problems) -> None:
    """A header with 备注/请假 and also 备注 or 请假 is refused: one of the two ways only."""
    if NOTE_AND_LEAVE not in sheet.columns:
        return
    for column in (NOTE, LEAVE):
        if column in sheet.columns:
            problems.add(
                sheet.table.sheet,
                sheet.header_row,
                NOTE_AND_LEAVE,
                f"表头中「{NOTE_AND_LEAVE}」列与「{column}」列不能同时出现，请只保留其一",
            )


def _first_row(seen: dict, key, number: int) -> int | None:
    """The row that already holds `key`, or None after noting `number` as its first row."""
    if key in seen:
        return seen[key]
    seen[key] = number
    return None


def delegation_order(rows: Iterable[RosterRow]) -> list[str]:
    """The delegations in the order they first appear in the roster."""
    return list(dict.fromkeys(row.delegation for row in rows))


def _note_and_leave(cells: RowCells) -> tuple[str, bool]:
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


def _leave(cells: RowCells, column: str) -> bool:
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
