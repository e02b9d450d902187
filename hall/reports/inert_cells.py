"""Cells a spreadsheet program will not run: every CSV and XLSX the desk downloads is written
through here, so that a name imported as `=HYPERLINK(…)` or `=cmd|…` stays text.

CSV: a text cell starting with = + - @, a tab or a carriage return gets a leading `'` (what
OWASP advises; Excel and WPS then show it as text). XLSX: every text cell is stored as a
string, never as a formula. Numbers are numbers: -3 stays -3.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl.cell import Cell

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV cell: text that a spreadsheet would evaluate, prefixed with `'`; the rest as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM (so Excel and WPS read the Chinese), every cell inert."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerows([inert(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")


def append_row(sheet, values: Sequence) -> None:
    """Append a row to an openpyxl sheet with its text cells stored as strings (openpyxl makes
    any text starting with = a formula)."""
    sheet.append([_xlsx_cell(sheet, value) for value in values])


def _xlsx_cell(sheet, value) -> Cell:
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
