"""Importing last year's completed projects and sub-projects from .xlsx and .csv files."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from hall.demo.load import demo_rows
from hall.imports.completed_projects import (
    CSV_COLUMNS,
    PROJECT_COLUMNS,
    SUBPROJECT_COLUMNS,
    ImportFailed,
    ImportProblem,
    ProjectRow,
    SubProjectRow,
    parse_completed_projects,
)
from hall.reports.import_templates import (
    completed_projects_template_csv,
    completed_projects_template_xlsx,
)

PROJECTS = [
    [1, "除险保安安全守护工程", "除险保安", "市应急管理局", "改造电气线路，安装智慧烟感。"],
    [2, "扶残助弱暖心工程", "扶残助弱", "市残疾人联合会", None],
]

SUBPROJECTS = [
    [1, "农村老旧民房电气线路改造与智慧烟感安装", 5500, "5,809", "户", None, "2025-11-28", None],
    [1, "地质灾害隐患点综合治理", "6", 6, "处", None, "2025/6/15", "100%"],
    [2, "孤独症儿童康复服务", 150, 120.5, "名", None, "2025年12月20日", 80],
    [2, "残疾人辅助器具适配服务", None, None, None, "已完成", dt.datetime(2025, 11, 14), None],
]

EXPECTED = [
    ProjectRow(
        position=1,
        name="除险保安安全守护工程",
        area="除险保安",
        lead_department="市应急管理局",
        summary="改造电气线路，安装智慧烟感。",
        subprojects=[
            SubProjectRow(
                "农村老旧民房电气线路改造与智慧烟感安装",
                Decimal(5500),
                Decimal(5809),
                "户",
                "超额完成",
                dt.date(2025, 11, 28),
                100,
            ),
            SubProjectRow(
                "地质灾害隐患点综合治理",
                Decimal(6),
                Decimal(6),
                "处",
                "已完成",
                dt.date(2025, 6, 15),
                100,
            ),
        ],
    ),
    ProjectRow(
        position=2,
        name="扶残助弱暖心工程",
        area="扶残助弱",
        lead_department="市残疾人联合会",
        summary="",
        subprojects=[
            SubProjectRow(
                "孤独症儿童康复服务",
                Decimal(150),
                Decimal("120.5"),
                "名",
                "未完成",
                dt.date(2025, 12, 20),
                80,
            ),
            SubProjectRow(
                "残疾人辅助器具适配服务", None, None, "", "已完成", dt.date(2025, 11, 14), 100
            ),
        ],
    ),
]


def workbook(
    projects=PROJECTS,
    subprojects=SUBPROJECTS,
    *,
    project_header=PROJECT_COLUMNS,
    subproject_header=SUBPROJECT_COLUMNS,
    sheets=("项目", "具体项目"),
) -> bytes:
    """An .xlsx file in memory; rows given as None stay blank (Excel row numbers still count)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in zip(
        sheets, (project_header, subproject_header), (projects, subprojects), strict=False
    ):
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row or [], start=1):
                sheet.cell(number, column, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_text(rows, header=CSV_COLUMNS) -> str:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue()


def csv_rows() -> list[list]:
    """The same content as PROJECTS and SUBPROJECTS, as one CSV table."""
    return [
        ["1", "除险保安安全守护工程", "除险保安", "市应急管理局", "改造电气线路，安装智慧烟感。",
         "农村老旧民房电气线路改造与智慧烟感安装", "5500", "5,809", "户", "", "2025-11-28", ""],
        ["1", "除险保安安全守护工程", "", "", "",
         "地质灾害隐患点综合治理", "6", "6", "处", "", "2025/6/15", "100%"],
        ["2", "扶残助弱暖心工程", "扶残助弱", "市残疾人联合会", "",
         "孤独症儿童康复服务", "150", "120.5", "名", "", "2025年12月20日", "80"],
        ["2", "", "", "", "",
         "残疾人辅助器具适配服务", "", "", "", "已完成", "2025.11.14", ""],
    ]  # fmt: skip


def problems_of(filename: str, data: bytes) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as failure:
        parse_completed_projects(filename, data)
    return failure.value.problems


def where(problems: list[ImportProblem]) -> list[tuple]:
    return [(problem.sheet, problem.row, problem.column) for problem in problems]


def sub_row(**changes) -> list:
    """A valid 具体项目 row for project 1, with some cells changed."""
    row = dict(zip(SUBPROJECT_COLUMNS, SUBPROJECTS[0], strict=True))
    row.update(changes)
    return [row[column] for column in SUBPROJECT_COLUMNS]


# Good files


def test_good_workbook_parses_fully():
    assert parse_completed_projects("2025年实事项目.xlsx", workbook()) == EXPECTED


def test_statuses_are_derived_from_figures_or_progress():
    projects = parse_completed_projects("a.xlsx", workbook())
    statuses = [sub.status for project in projects for sub in project.subprojects]
    assert statuses == ["超额完成", "已完成", "未完成", "已完成"]
    no_figures = [
        sub_row(目标=None, 完成=None, 进度=100),
        sub_row(具体项目名称="二", 目标=None, 完成=None, 进度=None),
        sub_row(具体项目名称="三", 目标=10, 完成=None, 进度=None),
    ]
    [project, _] = parse_completed_projects("a.xlsx", workbook(subprojects=no_figures))
    assert [(sub.status, sub.progress) for sub in project.subprojects] == [
        ("已完成", 100),
        ("未完成", 0),
        ("未完成", 0),
    ]


@pytest.mark.parametrize(
    "text", ["2025-06-30", "2025/6/30", "2025年6月30日", "2025.6.30", "2025/06/30", "２０２５-6-30"]
)
def test_each_accepted_text_date_form_reads_as_a_date(text):
    [project, _] = parse_completed_projects(
        "a.xlsx", workbook(subprojects=[sub_row(完成日期=text)])
    )
    assert project.subprojects[0].completed_on == dt.date(2025, 6, 30)


def test_excel_date_cells_and_percent_cells_are_read_as_shown():
    book = openpyxl.load_workbook(io.BytesIO(workbook(subprojects=[sub_row()])))
    sheet = book["具体项目"]
    sheet["G2"] = dt.date(2025, 6, 30)
    sheet["H2"] = 1  # a cell showing "100%" holds 1
    sheet["H2"].number_format = "0%"
    output = io.BytesIO()
    book.save(output)
    [project, _] = parse_completed_projects("a.xlsx", output.getvalue())
    assert project.subprojects[0].completed_on == dt.date(2025, 6, 30)
    assert project.subprojects[0].progress == 100


def test_numbers_accept_thousands_commas_decimals_and_numeric_cells():
    rows = [
        sub_row(目标="1,000", 完成="1,234.5"),
        sub_row(具体项目名称="二", 目标=2.5, 完成=3),
        sub_row(具体项目名称="三", 目标="0", 完成=" 12 "),
    ]
    [project, _] = parse_completed_projects("a.xlsx", workbook(subprojects=rows))
    figures = [(sub.target, sub.achieved) for sub in project.subprojects]
    assert figures == [
        (Decimal(1000), Decimal("1234.5")),
        (Decimal("2.5"), Decimal(3)),
        (Decimal(0), Decimal(12)),
    ]
    assert all(isinstance(number, Decimal) for pair in figures for number in pair)


def test_columns_may_be_reordered_spaced_and_extended():
    header = [" 项目 名称", "备注", "序号 ", "项目概要", "牵头单位", "领域"]
    projects = [
        [name, "内部备注", position, summary, lead, area]
        for position, name, area, lead, summary in PROJECTS
    ]
    result = parse_completed_projects("a.xlsx", workbook(projects, project_header=header))
    assert result == EXPECTED


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers():
    rows = [SUBPROJECTS[0], None, None, sub_row(完成="五百")]
    problems = problems_of("a.xlsx", workbook(subprojects=rows))
    assert where(problems) == [("具体项目", 5, "完成")]
    assert str(problems[0]) == "「具体项目」第 5 行「完成」列：应为数字，实际为“五百”"


def test_projects_are_ordered_by_position_and_subprojects_keep_file_order():
    projects = [
        [3, "丙", None, None, None],
        [1, "甲", None, None, None],
        [2, "乙", None, None, None],
    ]
    subs = [sub_row(项目序号=3, 具体项目名称=name) for name in ("c2", "c1", "c3")]
    result = parse_completed_projects("a.xlsx", workbook(projects, subs))
    assert [project.name for project in result] == ["甲", "乙", "丙"]
    assert [sub.name for sub in result[2].subprojects] == ["c2", "c1", "c3"]
    assert result[0].subprojects == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_parses_to_the_same_rows_in_every_encoding(encoding):
    data = csv_text(csv_rows()).encode(encoding)
    assert parse_completed_projects("实事项目.csv", data) == EXPECTED


def test_csv_project_row_without_subproject_is_a_project_with_none():
    rows = [*csv_rows(), ["3", "便捷交通出行工程", "", "", "", "", "", "", "", "", "", ""]]
    result = parse_completed_projects("a.CSV", csv_text(rows).encode("utf-8"))
    assert [(project.name, project.subprojects) for project in result[2:]] == [
        ("便捷交通出行工程", [])
    ]


def test_template_files_parse_back():
    from_xlsx = parse_completed_projects("模板.xlsx", completed_projects_template_xlsx())
    from_csv = parse_completed_projects("模板.csv", completed_projects_template_csv())
    assert [len(project.subprojects) for project in from_xlsx] == [1, 1]
    assert [len(project.subprojects) for project in from_csv] == [2]
    assert completed_projects_template_csv().startswith("\ufeff项目序号,".encode())


def test_demo_data_round_trips_through_a_workbook():
    rows = demo_rows()
    assert [project.position for project in rows] == list(range(1, 11))
    assert sum(len(project.subprojects) for project in rows) == 42
    projects = [
        [project.position, project.name, project.area, project.lead_department, project.summary]
        for project in rows
    ]
    subs = [
        [project.position, sub.name, int(sub.target), int(sub.achieved), sub.unit, None,
         sub.completed_on, sub.progress]
        for project in rows
        for sub in project.subprojects
    ]  # fmt: skip
    assert parse_completed_projects("demo.xlsx", workbook(projects, subs)) == rows


# Bad files: everything found is reported, with sheet, row and column


def test_missing_sheet_is_reported():
    problems = problems_of("a.xlsx", workbook(sheets=("项目", "Sheet2")))
    assert where(problems) == [("具体项目", None, None)]
    assert "没有名为「具体项目」的工作表" in problems[0].message
    assert "「Sheet2」" in problems[0].message


def test_missing_required_and_repeated_columns_are_reported():
    header = ["序号", "项目名称", "领域", "领域"]
    subproject_header = [column for column in SUBPROJECT_COLUMNS if column != "具体项目名称"]
    data = workbook(project_header=header, subproject_header=subproject_header)
    assert where(problems_of("a.xlsx", data)) == [
        ("项目", 1, "领域"),
        ("具体项目", 1, "具体项目名称"),
    ]


def test_optional_columns_may_be_left_out():
    """状态 and 进度 (and every other 选填 column) may be missing from the file altogether."""
    keep = [column for column in SUBPROJECT_COLUMNS if column not in ("状态", "进度")]
    subprojects = [
        [value for column, value in zip(SUBPROJECT_COLUMNS, row, strict=True) if column in keep]
        for row in SUBPROJECTS
    ]
    parsed = parse_completed_projects(
        "a.xlsx", workbook(subprojects=subprojects, subproject_header=keep)
    )
    statuses = [sub.status for project in parsed for sub in project.subprojects]
    assert statuses == ["超额完成", "已完成", "未完成", "未完成"]
    # The least a file can hold: 序号 and 项目名称; 项目序号 and 具体项目名称.
    bare = workbook(
        projects=[[1, "除险保安安全守护工程"]],
        subprojects=[[1, "地质灾害隐患点综合治理"]],
        project_header=["序号", "项目名称"],
        subproject_header=["项目序号", "具体项目名称"],
    )
    (project,) = parse_completed_projects("a.xlsx", bare)
    assert (project.area, project.lead_department, project.summary) == ("", "", "")
    (sub,) = project.subprojects
    assert (sub.target, sub.achieved, sub.unit, sub.status, sub.progress) == (
        None, None, "", "未完成", 0,
    )  # fmt: skip
    csv_bare = csv_text([["1", "甲项目", "甲一"]], header=["项目序号", "项目名称", "具体项目名称"])
    assert parse_completed_projects("a.csv", csv_bare.encode())[0].subprojects[0].name == "甲一"


def test_headers_accept_the_names_people_use():
    renames = {
        "具体项目名称": "具体项目",
        "牵头单位": "责任单位",
        "目标": "目标值",
        "完成": "完成数",
        "单位": "计量单位",
        "完成日期": "完成时间",
        "进度": "进度（%）",
    }
    project_header = [renames.get(column, column) for column in PROJECT_COLUMNS]
    subproject_header = [renames.get(column, column) for column in SUBPROJECT_COLUMNS]
    data = workbook(project_header=project_header, subproject_header=subproject_header)
    assert parse_completed_projects("a.xlsx", data) == EXPECTED
    header = [renames.get(column, column) for column in CSV_COLUMNS]
    text = csv_text(csv_rows(), header=["项目编号", *header[1:]])
    assert parse_completed_projects("a.csv", text.encode("gb18030")) == EXPECTED


def test_a_title_row_above_the_header_and_other_sheet_names_are_read():
    book = openpyxl.load_workbook(io.BytesIO(workbook(sheets=("实事项目", "子项目"))))
    for sheet in book.worksheets:
        sheet.insert_rows(1)
        sheet["A1"] = "2025年民生实事项目完成情况"
    output = io.BytesIO()
    book.save(output)
    parsed = parse_completed_projects("a.xlsx", output.getvalue())
    assert parsed == EXPECTED


def test_a_workbook_laid_out_as_the_csv_is_read_as_one_table():
    book = openpyxl.Workbook()
    book.active.append(list(CSV_COLUMNS))
    for row in csv_rows():
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    assert parse_completed_projects("一张表.xlsx", output.getvalue()) == EXPECTED


def test_duplicate_position_and_name_are_reported():
    projects = [
        *PROJECTS,
        [1, "另一个项目", None, None, None],
        [3, PROJECTS[1][1], None, None, None],
    ]
    problems = problems_of("a.xlsx", workbook(projects))
    assert where(problems) == [("项目", 4, "序号"), ("项目", 5, "项目名称")]
    assert problems[0].message == "序号 1 与第 2 行重复"


def test_subproject_of_unknown_project_is_reported():
    problems = problems_of("a.xlsx", workbook(subprojects=[*SUBPROJECTS, sub_row(项目序号=7)]))
    assert where(problems) == [("具体项目", 6, "项目序号")]
    assert problems[0].message == "「项目」工作表中没有序号为 7 的项目"


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"完成": "五百"}, "完成", "应为数字，实际为“五百”"),
        ({"目标": "58,09"}, "目标", "应为数字，实际为“58,09”"),
        ({"目标": -5}, "目标", "不能为负数，实际为“-5”"),
        ({"完成日期": "2025-13-01"}, "完成日期", "日期不存在：“2025-13-01”"),
        ({"完成日期": "6月30日"}, "完成日期", "应为日期"),
        ({"进度": 150}, "进度", "应为 0 到 100 的整数，实际为 150"),
        ({"进度": "八成"}, "进度", "应为 0 到 100 的整数，实际为“八成”"),
        ({"状态": "超额完成", "完成": 5500}, "状态", "状态为“超额完成”，但完成数（5500）没有超过"),
        ({"状态": "已完成", "完成": 5000}, "状态", "状态为“已完成”，但完成数（5000）少于"),
        ({"状态": "未完成"}, "状态", "状态为“未完成”，但完成数（5809）已达到"),
        ({"状态": "完成了"}, "状态", "应为 未完成、已完成、超额完成 之一"),
        ({"进度": 60}, "进度", "按目标和完成数，状态为“超额完成”，进度应为 100，实际为 60"),
        ({"完成": 10, "进度": 100}, "进度", "按目标和完成数，状态为“未完成”，进度不应为 100"),
        ({"具体项目名称": None}, "具体项目名称", "不能为空"),
        ({"具体项目名称": "长" * 201}, "具体项目名称", "不能超过 200 个字"),
        ({"单位": "平方米（建筑面积）"}, "单位", None),
        ({"单位": "平方米（按建筑面积计）"}, "单位", "不能超过 10 个字"),
        ({"项目序号": None}, "项目序号", "不能为空（如果用了合并单元格"),
        ({"项目序号": "一"}, "项目序号", "应为整数，实际为“一”"),
        ({"项目序号": 0}, "项目序号", "应为正整数"),
    ],
)
def test_bad_subproject_cell_is_reported_at_its_row_and_column(changes, column, message):
    data = workbook(subprojects=[*SUBPROJECTS, sub_row(**{"具体项目名称": "新增", **changes})])
    if message is None:
        parse_completed_projects("a.xlsx", data)
        return
    problems = problems_of("a.xlsx", data)
    assert where(problems) == [("具体项目", 6, column)]
    assert problems[0].message.startswith(message)


def test_repeated_subproject_name_within_a_project_is_reported():
    problems = problems_of("a.xlsx", workbook(subprojects=[*SUBPROJECTS, SUBPROJECTS[0]]))
    assert where(problems) == [("具体项目", 6, "具体项目名称")]
    assert problems[0].message.startswith("与第 2 行重复")


def test_project_name_too_long_is_reported():
    projects = [PROJECTS[0], [2, "长" * 201, None, "单位" * 51, None]]
    problems = problems_of("a.xlsx", workbook(projects))
    assert where(problems) == [("项目", 3, "项目名称"), ("项目", 3, "牵头单位")]
    assert problems[0].message == "不能超过 200 个字，实际为 201 个字"


def test_csv_name_mismatch_within_a_project_is_reported():
    rows = csv_rows()
    rows[1][1] = "除险保安工程"
    rows[3][3] = "市民政局"
    problems = problems_of("实事项目.csv", csv_text(rows).encode("utf-8-sig"))
    assert where(problems) == [("实事项目.csv", 3, "项目名称"), ("实事项目.csv", 5, "牵头单位")]
    assert "第 2 行的项目名称为“除险保安安全守护工程”" in problems[0].message


def test_csv_first_row_of_a_project_must_name_it():
    rows = csv_rows()
    rows[2][1] = ""
    problems = problems_of("a.csv", csv_text(rows).encode("utf-8"))
    assert where(problems) == [("a.csv", 4, "项目名称")]


def test_several_errors_in_one_file_are_all_reported_in_order():
    projects = [*PROJECTS, ["三", "", None, None, None]]
    subs = [
        sub_row(完成="五百", 完成日期="昨天"),
        *SUBPROJECTS,
        sub_row(项目序号=9, 进度=150),
    ]
    problems = problems_of("a.xlsx", workbook(projects, subs))
    assert where(problems) == [
        ("项目", 4, "序号"),
        ("项目", 4, "项目名称"),
        ("具体项目", 2, "完成"),
        ("具体项目", 2, "完成日期"),
        ("具体项目", 7, "进度"),
        ("具体项目", 7, "项目序号"),
    ]


def test_problems_are_capped_with_a_note_of_how_many_more():
    subs = [sub_row(完成="很多", 进度="全部")] * 150
    problems = problems_of("a.xlsx", workbook(subprojects=subs))
    assert len(problems) == 201
    assert problems[-1].message.startswith("另有 100 个问题未列出")
    assert str(problems[-1]) == problems[-1].message


def test_problem_text_omits_missing_parts():
    assert (
        str(ImportProblem("具体项目", 5, "完成", "应为数字"))
        == "「具体项目」第 5 行「完成」列：应为数字"
    )
    assert str(ImportProblem("项目", 1, None, "x")) == "「项目」第 1 行：x"
    assert str(ImportProblem("项目", None, None, "x")) == "「项目」：x"
    assert str(ImportProblem("", None, None, "文件是空的。")) == "文件是空的。"


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("projects.xls", "不支持 .xls 文件"),
        ("projects.txt", "不支持 .txt 文件"),
        ("projects", "不支持没有扩展名的文件"),
    ],
)
def test_unsupported_extension_is_refused(filename, message):
    problems = problems_of(filename, workbook())
    assert len(problems) == 1
    assert problems[0].message.startswith(message)


@pytest.mark.parametrize(
    ("filename", "data"),
    [("a.xlsx", b""), ("a.csv", b""), ("a.csv", b"\xef\xbb\xbf"), ("a.csv", b" \r\n")],
)
def test_empty_file_is_refused(filename, data):
    assert [problem.message for problem in problems_of(filename, data)] == ["文件是空的。"]


def test_header_without_rows_is_refused():
    problems = problems_of("a.xlsx", workbook(projects=[], subprojects=[]))
    assert where(problems) == [("项目", None, None)]
    assert problems[0].message.startswith("没有任何项目")
    problems = problems_of("a.csv", csv_text([]).encode("utf-8"))
    assert problems[0].message.startswith("没有任何项目")


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.xlsx", b"PK\x03\x04 not really a zip", "无法读取 Excel 工作簿"),
        ("a.xlsx", "序号,项目名称\n".encode(), "无法读取：这不是 Excel 工作簿"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "这是旧版 Excel"),
        ("a.csv", None, "这是 Excel 工作簿，不是 CSV 文件"),
        ("a.csv", "序号,名称\n".encode("utf-16"), "无法识别文件编码"),
    ],
)
def test_unreadable_file_is_refused_with_a_clear_message(filename, data, message):
    problems = problems_of(filename, workbook() if data is None else data)
    assert len(problems) == 1
    assert problems[0].message.startswith(message)
