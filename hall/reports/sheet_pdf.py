"""The result sheet as an A4 PDF, drawn with reportlab's built-in Chinese font (no font file).

STSong-Light is one of the CID fonts every PDF reader carries, so Chinese renders without
Hall shipping a font; the digest is set in Courier so it can be read back and compared.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hall.rules.kinds import RATING, kind_of

FONT = "STSong-Light"

_BASE = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, wordWrap="CJK")
STYLES = {
    "title": ParagraphStyle("title", parent=_BASE, fontSize=17, leading=24, alignment=1),
    "subtitle": ParagraphStyle("subtitle", parent=_BASE, fontSize=11, leading=16, alignment=1),
    "cell": _BASE,
    "head": ParagraphStyle("head", parent=_BASE, fontSize=9, leading=12, alignment=1),
    "number": ParagraphStyle("number", parent=_BASE, alignment=2),
    "note": ParagraphStyle("note", parent=_BASE, spaceBefore=2),
    "void": ParagraphStyle("void", parent=_BASE, fontSize=12, leading=17, textColor=colors.red),
    "digest": ParagraphStyle("digest", parent=_BASE, fontName="Courier", fontSize=8.5),
}
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
)
WIDTH = A4[0] - 30 * mm


def sheet_pdf(sheet: dict) -> bytes:
    """The sheet built by hall.reports.result_sheet.build_sheet, as PDF bytes."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{sheet['ballot']} {sheet['heading']}",
        author="Hall",
    )
    story = [
        Paragraph(_text(sheet["meeting"]), STYLES["subtitle"]),
        Paragraph(_text(sheet["heading"]), STYLES["title"]),
        Spacer(1, 3 * mm),
    ]
    if sheet["void_reason"]:
        story.append(Paragraph(_text(f"本次投票已作废：{sheet['void_reason']}"), STYLES["void"]))
    story += [_facts(sheet["fact_lines"]), Spacer(1, 3 * mm), _rows(sheet), Spacer(1, 2 * mm)]
    story += [Paragraph(_text(note), STYLES["note"]) for note in sheet["notes"]]
    if sheet["final"]:
        story += [Spacer(1, 2 * mm), _facts([[fact] for fact in sheet["final"]])]
    story += [
        Spacer(1, 3 * mm),
        Paragraph(_text("票箱摘要（SHA-256）："), STYLES["note"]),
        Paragraph(escape(sheet["digest"]), STYLES["digest"]),
        Spacer(1, 8 * mm),
        KeepTogether(_signatures(sheet["signatures"])),
    ]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _text(value) -> str:
    return escape(str(value))


def _facts(lines) -> Table:
    """Label and value cells, two short facts to a line, a long one across the page."""
    label_width = 34 * mm
    value_width = WIDTH / 2 - label_width
    cells, spans = [], []
    for line in lines:
        row = len(cells)
        cells.append([Paragraph(_text(text), STYLES["cell"]) for pair in line for text in pair])
        if len(line) == 1:
            cells[-1] += ["", ""]
            spans.append(("SPAN", (1, row), (3, row)))
    table = Table(cells, colWidths=[label_width, value_width] * 2)
    table.setStyle(GRID)
    shade = colors.HexColor("#f2f2f2")
    paired = [
        ("BACKGROUND", (2, row), (2, row), shade)
        for row, line in enumerate(lines)
        if len(line) == 2
    ]
    table.setStyle(TableStyle([*spans, *paired, ("BACKGROUND", (0, 0), (0, -1), shade)]))
    return table


def _rows(sheet: dict) -> Table:
    header = [Paragraph(_text(cell), STYLES["head"]) for cell in sheet["header"]]
    name_column = 1 if kind_of(sheet).report == RATING else 2  # 名次, 序号, 候选项目 or 序号, 项目
    body = [
        [
            Paragraph(_text(cell), STYLES["cell" if index == name_column else "number"])
            for index, cell in enumerate(row)
        ]
        for row in sheet["rows"]
    ]
    widths = _column_widths([sheet["header"], *sheet["rows"]], name_column)
    table = Table([header, *body], colWidths=widths, repeatRows=1)
    table.setStyle(GRID)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))]))
    return table


def _column_widths(lines: list[list[str]], name_column: int) -> list[float]:
    """Cells on one line, headers on up to three; whatever width is left goes to the name."""
    header, *rows = lines
    widths = []
    for index, title in enumerate(header):
        title_length = _length(title)
        title_lines = 1 if title_length <= 3 else 2 if title_length <= 8 else 3
        longest = max([title_length / title_lines, *(_length(row[index]) for row in rows)])
        # A CJK character at 9.5 pt is 3.35 mm wide; the cell pads 2.1 mm on each side.
        widths.append(min(max(11.0, 3.5 * longest + 4.5), 30.0) * mm)
    widths[name_column] = 0
    widths[name_column] = WIDTH - sum(widths)
    return widths


def _length(text) -> float:
    """Width in CJK characters: Latin letters and digits take about half of one."""
    return sum(1 if ord(char) >= 0x2E80 else 0.55 for char in str(text))


def _signatures(roles) -> list:
    cells = [[Paragraph(_text(f"{role}（签名）："), STYLES["cell"]), ""] for role in roles]
    cells.append([Paragraph(_text("日期："), STYLES["cell"]), ""])
    table = Table(cells, colWidths=[40 * mm, 80 * mm], rowHeights=10 * mm)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return [table]


def _footer(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(A4[0] / 2, 8 * mm, f"第 {document.page} 页")
    canvas.restoreState()
