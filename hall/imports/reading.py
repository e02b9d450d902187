"""Read an uploaded .xlsx workbook or .csv file into tables of non-blank rows, within bounds."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from hall.imports.cells import Cell, plain_number
from hall.imports.problems import ImportFailed, ImportProblem, failed

# Bounds against a sheet with formatting dragged to row 1,048,576 or column XFD: at most
# MAX_ROWS rows with data, read from the first MAX_ROW_NUMBER rows and MAX_COLUMNS columns of
# at most MAX_SHEETS sheets; a run of BLANK_RUN blank rows ends a table (nothing below is read).
MAX_ROWS = 10_000
MAX_ROW_NUMBER = 20_000
MAX_COLUMNS = 100
MAX_SHEETS = 20
BLANK_RUN = 1_000

_ZIP_SIGNATURE = b"PK\x03\x04"
# Old .xls files and password-protected .xlsx files are both OLE compound documents.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Row:
    """A non-blank row: its sheet, its row number as shown in Excel, and its cells."""

    sheet: str
    number: int
    cells: tuple[Cell, ...]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class Table:
    """One sheet: the header (row 1) and the non-blank rows after it."""

    sheet: str
    header: tuple[Cell, ...]
    rows: list[Row]


# Reading files


def file_kind(filename: str) -> tuple[str, str]:
    """The upload's base name and its kind, "xlsx" or "csv"; ImportFailed for any other."""
    basename = re.split(r"[/\\]", filename or "")[-1]
    extension = basename.rpartition(".")[2].lower() if "." in basename else ""
    if extension in ("xlsx", "csv"):
        return basename, extension
    if extension in ("xls", "et", "wps"):
        raise failed(f"不支持 .{extension} 文件：请在 Excel 或 WPS 中另存为 .xlsx 后上传。")
    kind = f" .{extension} 文件" if extension else "没有扩展名的文件"
    raise failed(f"不支持{kind}：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。")


def read_xlsx(data: bytes) -> dict[str, Table]:
    """Read every worksheet of an .xlsx workbook, by sheet name, with cached formula values."""
    _check_not_empty(data)
    if data.startswith(_OLE_SIGNATURE):
        raise failed(
            "这是旧版 Excel（.xls）文件或设置了密码的工作簿：请在 Excel 或 WPS 中"
            "另存为“Excel 工作簿（*.xlsx）”，不要设置密码，再重新上传。"
        )
    if not data.startswith(_ZIP_SIGNATURE):
        raise failed("无法读取：这不是 Excel 工作簿（.xlsx）文件。")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _unreadable_workbook() from error
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise failed(
                f"工作表过多：工作簿最多 {MAX_SHEETS} 个工作表，"
                f"实际有 {len(workbook.worksheets)} 个。请删去不需要的工作表后重新上传。"
            )
        return {sheet.title: _read_sheet(sheet) for sheet in workbook.worksheets}
    except ImportFailed:
        raise
    except Exception as error:  # read-only sheets are parsed lazily, while iterating
        raise _unreadable_workbook() from error
    finally:
        workbook.close()


def _size_from_the_head(sheet: ReadOnlyWorksheet) -> None:
    """The sheet's declared size, read from the <dimension> before <sheetData>, as openpyxl's
    own ReadOnlyWorksheet._get_size does; but that one waits for the *end* of <sheetData> to
    see that no <dimension> came, parsing a whole sheet (a million blank rows) as it opens."""
    with sheet._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                size = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = size
                return
            if element.tag == DATA_TAG:
                return


ReadOnlyWorksheet._get_size = _size_from_the_head


def read_csv(data: bytes, sheet: str) -> Table:
    """Read a .csv file saved by Excel or WPS: UTF-8 with or without BOM, or GB18030/GBK."""
    _check_not_empty(data)
    if data.startswith(_ZIP_SIGNATURE):
        raise failed(
            "这是 Excel 工作簿，不是 CSV 文件：请把扩展名改为 .xlsx 后上传，"
            "或在 Excel 中另存为“CSV（逗号分隔）”。"
        )
    if data.startswith(_OLE_SIGNATURE):
        raise failed("这是旧版 Excel（.xls）文件，不是 CSV 文件：请另存为 .xlsx 或 .csv。")
    text = _decode(data)
    if "\x00" in text:
        raise failed(
            "无法识别文件编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    # Numbered by record, not by line: a quoted cell may span lines but is one Excel row.
    records = (tuple(_clean(value) for value in record[:MAX_COLUMNS]) for record in reader)
    try:
        header, rows = _collect_rows(sheet, records)
    except csv.Error as error:
        raise failed(f"CSV 文件格式有误（第 {reader.line_num} 行附近）：{error}", sheet) from error
    if not rows and all(value is None for value in header):
        raise failed("文件是空的。")
    return Table(sheet, header, rows)


def _check_not_empty(data: bytes) -> None:
    if not data or not data.strip():
        raise failed("文件是空的。")


def _unreadable_workbook() -> ImportFailed:
    return failed(
        "无法读取 Excel 工作簿：文件可能已损坏。请在 Excel 或 WPS 中打开，"
        "另存为“Excel 工作簿（*.xlsx）”后重新上传。"
    )


def _read_sheet(sheet) -> Table:
    # Files written by some tools declare a wrong sheet size; read what is really there.
    sheet.reset_dimensions()
    # Read-only sheets are parsed lazily: rows past the end of the table are never parsed.
    cells = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROW_NUMBER + 1)
    header, rows = _collect_rows(sheet.title, (tuple(map(_xlsx_value, row)) for row in cells))
    return Table(sheet.title, header, rows)


def _collect_rows(sheet: str, records: Iterable[tuple[Cell, ...]]) -> tuple[tuple, list[Row]]:
    """Row 1 (the header) and the non-blank rows after it, numbered as in Excel, up to the
    first run of BLANK_RUN blank rows; ImportFailed past MAX_ROWS or MAX_ROW_NUMBER."""
    header: tuple[Cell, ...] = ()
    rows: list[Row] = []
    last_filled = 1
    for number, cells in enumerate(records, start=1):
        if number == 1:
            header = _trim(cells)
        elif any(value is not None for value in cells):
            if number > MAX_ROW_NUMBER:
                message = (
                    f"超出可读取的范围：每个工作表只读取前 {MAX_ROW_NUMBER} 行（含空行）。"
                    "请删去多余的行后重新上传。"
                )
                raise ImportFailed([ImportProblem(sheet, number, None, message)])
            rows.append(Row(sheet, number, _trim(cells)))
            last_filled = number
            if len(rows) > MAX_ROWS:
                raise failed(f"行数过多：每个工作表最多 {MAX_ROWS} 行数据。", sheet)
        elif number - last_filled >= BLANK_RUN:
            break
    return header, rows


def _xlsx_value(cell) -> Cell:
    value = cell.value
    if isinstance(value, str):
        return _clean(value)
    # A cell showing "100%" holds 1: give back what the user sees.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (getattr(cell, "number_format", None) or ""):
        return f"{plain_number(Decimal(repr(value)) * 100)}%"
    return value


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise failed(
            "无法识别文件编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。"
        ) from None


def _clean(value: str) -> str | None:
    value = value.strip()
    return value or None


def _trim(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]
