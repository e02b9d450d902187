"""The 专项监督报告 as an A4 PDF, in the result sheet's built-in Chinese font and grid."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from hall.reports.sheet_pdf import FONT, GRID, STYLES, WIDTH, _text
from hall.reports.supervision_report import figure, timeline_rows

ITEM_HEADER = ("具体项目", "目标", "完成", "完成率", "状态", "截止日期", "牵头单位")
ITEM_WIDTHS = [w * mm for w in (44, 22, 22, 18, 24, 22)] + [WIDTH - 152 * mm]
STYLES = {
    **STYLES,
    "small": ParagraphStyle("small", parent=STYLES["cell"], fontSize=6.5, leading=8),
}


def report_pdf(report: dict) -> bytes:
    """The report built by hall.reports.supervision_report.build_report, as PDF bytes."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title=report["title"]
    )
    story = [
        Spacer(1, 60 * mm),
        Paragraph(_text(report["title"]), STYLES["title"]),
        Spacer(1, 8 * mm),
        Paragraph(_text(report["meeting"]), STYLES["subtitle"]),
        Paragraph(_text(f"数据截至 {report['as_of']}"), STYLES["subtitle"]),
        PageBreak(),
        Paragraph(_text("一、总体情况"), STYLES["subtitle"]),
        _table([("", "数量"), *[(label, str(count)) for label, count in report["summary"]]]),
        Spacer(1, 4 * mm),
        _table(
            [("项目", "完成率", "状态")]
            + [(p["name"], f"{p['percent']}%", _state(p)) for p in report["projects"]]
        ),
    ]
    for number, project in enumerate(report["projects"], start=1):
        story += _project(number, project)
    document.build(story)
    return out.getvalue()


def _state(view: dict) -> str:
    return view["state"] + ("（滞后）" if view["behind"] else "")


def _table(rows, widths=None, style="cell") -> Table:
    """A grid of paragraphs, `widths` wide (default: the first column half the page)."""
    cells = [[Paragraph(_text(cell), STYLES[style]) for cell in row] for row in rows]
    table = Table(cells, colWidths=widths or _widths(len(rows[0])))
    table.setStyle(GRID)
    return table


def _widths(columns: int) -> list[float]:
    return [WIDTH * 0.5] + [WIDTH * 0.5 / (columns - 1)] * (columns - 1)


def _project(number: int, project: dict) -> list:
    heading = (
        f"{number}. {project['name']}（{project['lead_department']}）完成率 {project['percent']}%"
    )
    story = [Spacer(1, 6 * mm), Paragraph(_text(heading), STYLES["subtitle"])]
    items = [
        (
            i["name"],
            f"{figure(i['target'])}{i['unit']}",
            f"{figure(i['achieved'])}{i['unit'] if i['achieved'] is not None else ''}",
            f"{i['percent']}%",
            _state(i),
            i["deadline"],
            i["lead_department"],
        )
        for i in project["items"]
    ]
    story.append(
        _table([ITEM_HEADER, *items], ITEM_WIDTHS)
        if items
        else Paragraph("尚无具体项目", STYLES["note"])
    )
    if project["items"]:
        months = [month[2:] for month in project["timeline"]["months"]]
        story += [Spacer(1, 2 * mm), Paragraph(_text("完成进度时序"), STYLES["note"])]
        month_width = (WIDTH - 30 * mm) / len(months)
        widths = [30 * mm] + [month_width] * len(months)
        story.append(_table([("具体项目", *months), *timeline_rows(project)], widths, "small"))
    return story + _inspections(project)


def _inspections(project: dict) -> list:
    story = [Paragraph(_text(f"联系记录（一月一联系）：{project['contacts']} 次"), STYLES["note"])]
    for inspection in project["inspections"]:
        line = f"督查（{inspection['held_on']}）：{inspection['findings'] or '—'}"
        story.append(Paragraph(_text(line), STYLES["note"]))
        for finding in inspection["deputy_findings"]:
            story.append(
                Paragraph(_text(f"代表{finding['deputy']}：{finding['text']}"), STYLES["note"])
            )
        for item in inspection["rectifications"]:
            state = (
                f"已销号（{item['closed_on']}）：{item['close_note']}"
                if item["closed"]
                else "整改中"
            )
            text = (
                f"整改：{item['what']}；责任单位 {item['by_whom']}；"
                f"期限 {item['deadline']}；{state}"
            )
            story.append(Paragraph(_text(text), STYLES["note"]))
    return story
