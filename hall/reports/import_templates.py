"""Downloadable templates for the imports (completed projects, roster, candidate projects):
an .xlsx workbook and a .csv of each.

Each holds the header row and a few example rows (valid ones: the importer accepts them).
"""

import csv
import datetime as dt
import io

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from hall.demo.data import CANDIDATES
from hall.imports.candidates import BUDGET_HEADER, CANDIDATE_SHEET
from hall.imports.completed_projects import (
    ACCEPTED_HEADERS,
    ACCEPTED_SHEETS,
    CSV_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    STATUSES,
    SUBPROJECT_COLUMNS,
    SUBPROJECT_SHEET,
)
from hall.imports.roster import ROSTER_COLUMNS, ROSTER_SHEET

_EXAMPLE_PROJECTS = [
    [
        1,
        "除险保安安全守护工程",
        "除险保安",
        "市应急管理局",
        "改造农村老旧民房电气线路，安装智慧烟感，守牢群众身边安全底线。",
    ],
    [
        2,
        "城乡水网治理提升工程",
        "水网治理",
        "市水利局",
        "改造居民住宅小区二次供水设施，让群众喝上放心水。",
    ],
]

# 状态 left empty on the first row (derived from 目标 and 完成), given on the second.
_EXAMPLE_SUBPROJECTS = [
    [
        1,
        "农村老旧民房电气线路改造与智慧烟感安装",
        5500,
        5809,
        "户",
        None,
        dt.date(2025, 11, 28),
        100,
    ],
    [2, "居民住宅小区二次供水设施改造", 60, 62, "个", "超额完成", dt.date(2025, 12, 10), 100],
]

_CSV_EXAMPLES = [
    [
        "1", "除险保安安全守护工程", "除险保安", "市应急管理局",
        "改造农村老旧民房电气线路，安装智慧烟感，守牢群众身边安全底线。",
        "农村老旧民房电气线路改造与智慧烟感安装", "5500", "5809", "户", "", "2025-11-28", "100",
    ],
    # Later rows of the same project repeat 项目序号 and 项目名称; the rest may stay empty.
    [
        "1", "除险保安安全守护工程", "", "", "",
        "沿街“九小场所”消防设施提升", "1200", "1200", "家", "已完成", "2025-09-30", "100",
    ],
]  # fmt: skip

# 项目编号 is 序号 on the sheet 项目, and 项目序号 on the others.
_WHERE = {"序号": f"序号（「{PROJECT_SHEET}」工作表）", "项目序号": "项目序号（其他表）"}

_NOTES = [
    ("工作表/列", "填写要求"),
    (
        f"「{PROJECT_SHEET}」",
        "每行一个实事项目；第 1 行是表头（上面可以加一行标题）。列名用模板中的，"
        "或本页下方“也可写作”中的名称；可以调整列的顺序，选填的列可以整列删去。",
    ),
    ("序号", "必填，正整数，不能重复；「具体项目」用它指明所属项目。"),
    ("项目名称", "必填，不超过 200 字，不能重复。"),
    ("领域、牵头单位", "选填，各不超过 100 字。"),
    ("项目概要", "选填。"),
    (f"「{SUBPROJECT_SHEET}」", "每行一个具体项目，按这里的先后顺序展示。"),
    ("项目序号", "必填，必须是「项目」工作表中已有的序号；不要用合并单元格。"),
    ("具体项目名称", "必填，不超过 200 字。"),
    ("目标、完成", "选填，不小于 0 的数字，如 5809、5,809 或 12.5。"),
    ("单位", "选填，不超过 10 字，如 户、个、公里。"),
    (
        "状态",
        "选填：未完成、已完成 或 超额完成。留空时按目标和完成数推定；"
        "填写时必须与目标和完成数相符。",
    ),
    ("完成日期", "选填，日期格式，或写作 2025-06-30、2025/6/30、2025年6月30日。"),
    ("进度", "选填，0 到 100 的整数，可写 100%；留空时已完成为 100，未完成为 0。"),
    (
        "只用一张表",
        "也可以像 CSV 模板那样只用一张工作表：每行一个具体项目，同时写明所属项目的"
        "项目序号和项目名称。",
    ),
    ("也可写作", "下列列名与模板中的列名作用相同（不区分全角半角，忽略空格）："),
    *(
        (f"{_WHERE.get(column, column)}（也可写作）", "、".join(names))
        for column, names in ACCEPTED_HEADERS.items()
    ),
    *(
        (f"工作表「{sheet}」", "也可命名为 " + "、".join(f"「{name}」" for name in names))
        for sheet, names in ACCEPTED_SHEETS.items()
    ),
]

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def completed_projects_template_xlsx() -> bytes:
    """The workbook template: sheets 项目 and 具体项目, plus a sheet of instructions."""
    workbook = openpyxl.Workbook()
    projects = workbook.active
    projects.title = PROJECT_SHEET
    _fill(projects, PROJECT_COLUMNS, _EXAMPLE_PROJECTS, widths=[8, 30, 14, 20, 60])

    subprojects = workbook.create_sheet(SUBPROJECT_SHEET)
    _fill(
        subprojects,
        SUBPROJECT_COLUMNS,
        _EXAMPLE_SUBPROJECTS,
        widths=[10, 40, 10, 10, 8, 12, 14, 8],
    )
    for row in subprojects.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "#,##0"
    for (cell,) in subprojects.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.number_format = "yyyy-mm-dd"
    status_choice = DataValidation(
        type="list", formula1='"{}"'.format(",".join(STATUSES)), allow_blank=True
    )
    subprojects.add_data_validation(status_choice)
    status_choice.add("F2:F1000")

    notes = workbook.create_sheet("填写说明")
    _fill(notes, _NOTES[0], [list(note) for note in _NOTES[1:]], widths=[18, 80])

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def completed_projects_template_csv() -> bytes:
    """The CSV template, UTF-8 with a BOM so that Excel opens the Chinese text correctly."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_CSV_EXAMPLES)
    return output.getvalue().encode("utf-8-sig")


# The roster (代表名册)

_EXAMPLE_DEPUTIES = [
    ["陈建国", "城东街道代表团", "1排1座", "", ""],
    ["王芳", "城东街道代表团", "1排2座", "", "否"],
    ["林海燕", "海城镇代表团", "3排5座", "因病请假", "是"],
]

_ROSTER_NOTES = [
    ("列", "填写要求"),
    (
        f"「{ROSTER_SHEET}」",
        "每行一位代表；第 1 行是表头，不要改动列名，可以调整列的顺序。"
        "代表团按在名册中首次出现的先后排列。",
    ),
    ("姓名", "必填，不超过 50 字；同一代表团中不能重复（不同代表团可以同名）。"),
    ("代表团", "必填，不超过 100 字，如“城东街道代表团”。"),
    ("座位号", "选填，不超过 30 字，如“1排2座”；填写时不能重复。"),
    ("备注", "选填，不超过 200 字。"),
    (
        "请假",
        "选填：请假的代表填“是”（也可写 请假、√、✓、Y、1），其余留空或填“否”。"
        "请假的代表仍计入应到人数，计为缺席。没有这一列时，备注中写有“请假”的代表视为请假。",
    ),
]


def roster_template_xlsx() -> bytes:
    """The roster workbook template: sheet 代表名册, plus a sheet of instructions."""
    workbook = openpyxl.Workbook()
    roster = workbook.active
    roster.title = ROSTER_SHEET
    _fill(roster, ROSTER_COLUMNS, _EXAMPLE_DEPUTIES, widths=[12, 24, 12, 30, 8])
    leave_choice = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    roster.add_data_validation(leave_choice)
    leave_choice.add("E2:E5000")
    _add_notes(workbook, _ROSTER_NOTES)
    return _saved(workbook)


def roster_template_csv() -> bytes:
    """The roster CSV template, UTF-8 with a BOM."""
    return _csv(ROSTER_COLUMNS, _EXAMPLE_DEPUTIES)


# Candidate projects (候选项目)

_CANDIDATE_HEADER = ("序号", "项目名称", "牵头单位", "项目概要", BUDGET_HEADER)
_EXAMPLE_CANDIDATES = [
    [
        position,
        candidate["name"],
        candidate["lead_department"],
        candidate["summary"],
        candidate["budget"],
    ]
    for position, candidate in enumerate(CANDIDATES[:3], start=1)
]

_CANDIDATE_NOTES = [
    ("列", "填写要求"),
    (
        f"「{CANDIDATE_SHEET}」",
        "每行一个候选项目，至少 2 个；第 1 行是表头，不要改动列名，可以调整列的顺序。",
    ),
    ("序号", "必填，正整数，不能重复；选票按序号排列。"),
    ("项目名称", "必填，不超过 200 字，不能重复。"),
    ("牵头单位", "选填，不超过 100 字。"),
    ("项目概要", "选填，不超过 2000 字。"),
    (
        BUDGET_HEADER,
        "选填，以万元为单位、不小于 0 的数字，如 1200、1,200、1200万 或 1200万元；"
        "不要写成以元为单位的金额。",
    ),
]


def candidates_template_xlsx() -> bytes:
    """The candidate-projects workbook template: sheet 候选项目, plus a sheet of instructions."""
    workbook = openpyxl.Workbook()
    candidates = workbook.active
    candidates.title = CANDIDATE_SHEET
    _fill(candidates, _CANDIDATE_HEADER, _EXAMPLE_CANDIDATES, widths=[8, 36, 22, 70, 14])
    for (cell,) in candidates.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "#,##0"
    _add_notes(workbook, _CANDIDATE_NOTES)
    return _saved(workbook)


def candidates_template_csv() -> bytes:
    """The candidate-projects CSV template, UTF-8 with a BOM."""
    return _csv(_CANDIDATE_HEADER, _EXAMPLE_CANDIDATES)


def _add_notes(workbook, notes) -> None:
    sheet = workbook.create_sheet("填写说明")
    _fill(sheet, notes[0], [list(note) for note in notes[1:]], widths=[18, 80])


def _saved(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv(header, rows) -> bytes:
    # A BOM, so that Excel opens the Chinese text correctly.
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue().encode("utf-8-sig")


def _fill(sheet, header, rows, widths) -> None:
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
