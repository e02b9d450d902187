"""Read an uploaded .xlsx workbook or .csv file into rows of cells, with problems in Chinese.

Generic: knows nothing about what the rows mean. Row numbers are the ones the user sees in
Excel or WPS (1-based, the header is row 1), so every problem can point at a cell.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | bool | None

MAX_PROBLEMS = 200
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
_SHOWN_LENGTH = 30


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an uploaded file, located as precisely as possible."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.sheet:
            where += f"「{self.sheet}」"
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}" if where else self.message


class ImportFailed(Exception):
    """The file was refused; ``problems`` lists everything found wrong with it."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def failed(message: str, sheet: str = "") -> ImportFailed:
    """An ImportFailed for a problem with the file as a whole."""
    return ImportFailed([ImportProblem(sheet, None, None, message)])


class Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.kept: list[ImportProblem] = []
        self.omitted = 0

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(ImportProblem(sheet, row, column, message))
        else:
            self.omitted += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def raise_if_any(self) -> None:
        if not self.kept:
            return
        problems = list(self.kept)
        if self.omitted:
            problems.append(
                ImportProblem(
                    "",
                    None,
                    None,
                    f"另有 {self.omitted} 个问题未列出，请先改正以上问题后重新导入。",
                )
            )
        raise ImportFailed(problems)


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
        return f"{_plain(Decimal(repr(value)) * 100)}%"
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


# Cell values


class CellError(ValueError):
    """A cell that cannot be read as the expected kind of value; the message is Chinese."""


def cell_text(value: Cell) -> str:
    """A cell as text, numbers and dates written the way Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _plain(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def shown(value: Cell) -> str:
    """A cell quoted for a message, shortened when long."""
    text = cell_text(value)
    if len(text) > _SHOWN_LENGTH:
        text = text[:_SHOWN_LENGTH] + "…"
    return f"“{text}”"


def cell_integer(value: Cell) -> int:
    """An integer from a numeric cell or text like "12" (or "12.0")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            return int(Decimal(text))
    raise CellError(f"应为整数，实际为{shown(value)}")


_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def cell_decimal(value: Cell) -> Decimal:
    """A number from a numeric cell or text like "5809", "5,809" or "12.5"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        # NFKC turns full-width digits, commas and points into ASCII ones.
        text = unicodedata.normalize("NFKC", value).strip()
        if _NUMBER.fullmatch(text):
            return Decimal(text.replace(",", ""))
    raise CellError(f"应为数字，实际为{shown(value)}")


_DASHED_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(\s+\d{1,2}:\d{2}(:\d{2})?)?")
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def cell_date(value: Cell) -> dt.date:
    """A date from an Excel date cell or text: 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if match := _DASHED_DATE.fullmatch(text):
            parts = match.group(1, 3, 4)
        elif match := _CHINESE_DATE.fullmatch(text):
            parts = match.group(1, 2, 3)
        else:
            parts = None
        if parts:
            try:
                return dt.date(*(int(part) for part in parts))
            except ValueError:
                raise CellError(f"日期不存在：{shown(value)}") from None
    raise CellError(f"应为日期（如 2025-06-30、2025/6/30 或 2025年6月30日），实际为{shown(value)}")


def _plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 100, 85.5."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
