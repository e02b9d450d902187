"""Hostile spreadsheets for the import tests, written as sheet XML directly (a million rows in
about a second): a few rows of data, then blank rows, then whatever `tail` says."""

import io
import zipfile
from xml.sax.saxutils import escape

_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
_CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _row(number: int, values) -> str:
    cells = "".join(
        f'<c r="{chr(65 + column)}{number}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
        for column, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def blank_rows_workbook(
    rows: list[list], blank_rows: int, *, title: str = "代表名册", tail: str = ""
) -> bytes:
    """`rows` from row 1 (the header first), then `blank_rows` rows that each hold one empty
    formatted cell (as a sheet formatted down to the bottom does), then the raw XML `tail`."""
    first_blank = len(rows) + 1
    blanks = "".join(
        f'<row r="{number}"><c r="A{number}" s="0"/></row>'
        for number in range(first_blank, first_blank + blank_rows)
    )
    data = "".join(_row(number, values) for number, values in enumerate(rows, start=1))
    sheet = (
        f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{data}{blanks}{tail}</sheetData></worksheet>'
    )

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(title=escape(title)))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return output.getvalue()


def row_xml(number: int, values) -> str:
    """One row of text cells, for `tail`."""
    return _row(number, values)
