"""The supervision's spreadsheets to fill in, filled already with what the register holds: the
具体项目 of every project (to add to and import back), and a department's progress report with
a row per 具体项目 it leads, its last accepted figure in 完成 (a department types only what
changed: the tedium of manual updates is what left Decidim's progress feature unused)."""

import openpyxl

from hall.imports.register_items import ITEMS_SHEET, REPORT_SHEET
from hall.reports.import_templates import _add_notes, _fill, _saved
from hall.store.models import Meeting
from hall.supervision.items import department_items
from hall.supervision.register import register_projects

ITEM_HEADER = ("项目名称", "具体项目名称", "目标", "单位", "截止日期", "牵头单位", "责任人", "权重")
REPORT_HEADER = ("项目名称", "具体项目名称", "完成", "情况说明", "目标", "单位", "截止日期")
ITEM_NOTES = [
    ("列", "说明"),
    ("项目名称", "年度项目的名称，与「年度项目」工作表一致（票决入选后自动列入）"),
    ("具体项目名称", "同一项目内不能重复"),
    ("目标", "数字，如 5809"),
    ("截止日期", "如 2027-11-30"),
    ("单位 / 牵头单位 / 责任人 / 权重", "选填；牵头单位留空即同项目；权重留空按 1 计"),
    ("导入", "导入会整体替换文件中出现的项目的具体项目；已有进度报告的项目不能整体替换"),
]
REPORT_NOTES = [
    ("列", "说明"),
    ("完成", "截至报告日的累计完成数（已填的是上次采纳的数字，只改有变化的即可）"),
    ("情况说明", "选填，简述进展和问题"),
    ("目标 / 单位 / 截止日期", "仅供参考，导入时不读"),
]


def _figure(value):
    return int(value) if value is not None and float(value).is_integer() else value


def _item_row(project, item) -> list:
    figures = (_figure(item.target), item.unit, item.deadline)
    people = (item.lead_department, item.responsible, _figure(item.weight))
    return [project.name, item.name, *figures, *people]


def _report_row(item) -> list:
    reported = (_figure(item.achieved or 0), "")  # 完成, 情况说明
    reference = (_figure(item.target), item.unit, item.deadline)
    return [item.project.name, item.name, *reported, *reference]


def register_items_xlsx(session, meeting: Meeting) -> bytes:
    """Sheet 具体项目: every 具体项目 already in the register; sheet 年度项目: the projects."""
    book = openpyxl.Workbook()
    items = book.active
    items.title = ITEMS_SHEET
    projects = register_projects(session, meeting)
    rows = [_item_row(project, item) for project in projects for item in project.items]
    _fill(items, ITEM_HEADER, rows, widths=[30, 30, 10, 8, 12, 20, 10, 8])
    _fill(
        book.create_sheet("年度项目"),
        ("项目名称", "牵头单位"),
        [[p.name, p.lead_department] for p in projects],
        widths=[40, 20],
    )
    _add_notes(book, ITEM_NOTES)
    return _saved(book)


def progress_report_xlsx(session, meeting: Meeting, department: str) -> bytes:
    """Sheet 进度报告: a row per 具体项目 the department leads, with its last accepted figure."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = REPORT_SHEET
    rows = [_report_row(item) for item in department_items(session, meeting, department)]
    _fill(sheet, REPORT_HEADER, rows, widths=[30, 30, 10, 40, 10, 8, 12])
    _add_notes(book, REPORT_NOTES)
    return _saved(book)
