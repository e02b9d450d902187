"""Importing the candidate projects (候选项目) for the project vote from .xlsx and .csv files."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from hall.imports.candidates import (
    CANDIDATE_COLUMNS,
    CandidateRow,
    ImportFailed,
    ImportProblem,
    parse_candidates,
)
from hall.reports.import_templates import candidates_template_csv, candidates_template_xlsx

CANDIDATES = [
    [1, "老旧住宅电气线路改造与智慧烟感安装", "市应急管理局", "为6000户居民安装智慧烟感。", 3200],
    [2, "居民住宅小区二次供水设施改造提升", "市住房和城乡建设局", None, "4,800"],
    [3, "孤独症儿童康复救助", None, "康复训练补助。", "620.5万元"],
]

EXPECTED = [
    CandidateRow(1, "老旧住宅电气线路改造与智慧烟感安装", "市应急管理局",
                 "为6000户居民安装智慧烟感。", Decimal(3200)),
    CandidateRow(2, "居民住宅小区二次供水设施改造提升", "市住房和城乡建设局", "", Decimal(4800)),
    CandidateRow(3, "孤独症儿童康复救助", "", "康复训练补助。", Decimal("620.5")),
]  # fmt: skip


def workbook(rows=CANDIDATES, header=CANDIDATE_COLUMNS, *, title="候选项目", before=()) -> bytes:
    """An .xlsx file in memory; rows given as None stay blank. ``before``: sheets put first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in before:
        book.create_sheet(name).append(["说明"])
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row or [], start=1):
            sheet.cell(number, column, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_text(rows, header=CANDIDATE_COLUMNS) -> str:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row or []] for row in rows])
    return output.getvalue()


def candidate(**changes) -> list:
    """A valid candidate row (序号 4), with some cells changed."""
    row = dict(zip(CANDIDATE_COLUMNS, [4, "新增候选项目", None, None, None], strict=True))
    row.update(changes)
    return [row[column] for column in CANDIDATE_COLUMNS]


def problems_of(filename: str, data: bytes) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as failure:
        parse_candidates(filename, data)
    return failure.value.problems


def where(problems: list[ImportProblem]) -> list[tuple]:
    return [(problem.sheet, problem.row, problem.column) for problem in problems]


# Good files


def test_good_workbook_parses_fully():
    assert parse_candidates("2026候选项目.xlsx", workbook()) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_parses_to_the_same_rows_in_every_encoding(encoding):
    data = csv_text(CANDIDATES).encode(encoding)
    assert parse_candidates("候选项目.csv", data) == EXPECTED


def test_candidates_are_ordered_by_position():
    rows = [CANDIDATES[2], [10, "第十", None, None, None], CANDIDATES[0], CANDIDATES[1]]
    result = parse_candidates("a.xlsx", workbook(rows))
    assert [candidate.position for candidate in result] == [1, 2, 3, 10]


def test_sheet_named_candidates_is_read_wherever_it_is_else_the_first_sheet():
    assert parse_candidates("a.xlsx", workbook(before=["说明"])) == EXPECTED
    assert parse_candidates("a.xlsx", workbook(title="Sheet1")) == EXPECTED


def test_columns_may_be_reordered_spaced_and_extended():
    header = ["项目 名称", "备注", " 序号", "预算", "项目概要", "牵头单位"]
    rows = [[name, "x", position, budget, summary, lead] for position, name, lead, summary, budget
            in CANDIDATES]  # fmt: skip
    assert parse_candidates("a.xlsx", workbook(rows, header)) == EXPECTED


def test_optional_columns_may_be_absent():
    rows = [[1, "甲"], [2, "乙"]]
    assert parse_candidates("a.xlsx", workbook(rows, ["序号", "项目名称"])) == [
        CandidateRow(1, "甲", "", "", None),
        CandidateRow(2, "乙", "", "", None),
    ]


@pytest.mark.parametrize("header", ["预算（万元）", "预算(万元)", "预算 （万元）", "预算（万）"])
def test_budget_header_may_name_the_unit(header):
    result = parse_candidates("a.xlsx", workbook(header=[*CANDIDATE_COLUMNS[:4], header]))
    assert result == EXPECTED


# 预算 (budget, in 万元)


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        (1200, "1200"),
        (1200.0, "1200"),
        (1200.5, "1200.5"),
        (0, "0"),
        ("1200", "1200"),
        ("1,200", "1200"),
        ("1,200.50", "1200.5"),
        ("1200万元", "1200"),
        ("1200万", "1200"),
        (" 1,200 万元 ", "1200"),
        ("１２００万元", "1200"),
        ("0.5万元", "0.5"),
        (None, None),
    ],
)
def test_each_budget_form_reads_as_a_decimal_in_wan_yuan(budget, expected):
    [_, _, _, row] = parse_candidates("a.xlsx", workbook([*CANDIDATES, candidate(预算=budget)]))
    assert row.budget == (None if expected is None else Decimal(expected))
    assert row.budget is None or isinstance(row.budget, Decimal)


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("12000000元", "预算以万元为单位"),
        ("-5", "不能为负数，实际为“-5”"),
        (-5, "不能为负数"),
        ("-5万元", "不能为负数，实际为“-5万元”"),
        ("一千二百万元", "应为以万元计的数字，如 1200、1,200、1200万 或 1200万元，实际为“一千二"),
        ("1.2亿元", "预算以万元为单位"),
        ("约1200万元", "应为以万元计的数字"),
        ("12,00", "应为以万元计的数字"),
        ("万元", "应为以万元计的数字"),
        (True, "应为以万元计的数字"),
    ],
)  # fmt: skip
def test_bad_budget_is_reported(budget, message):
    problems = problems_of("a.xlsx", workbook([*CANDIDATES, candidate(预算=budget)]))
    assert where(problems) == [("候选项目", 5, "预算")]
    assert problems[0].message.startswith(message)


# Bad files: everything found is reported, with sheet, row and column


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"序号": None}, "序号", "不能为空"),
        ({"序号": "四"}, "序号", "应为整数，实际为“四”"),
        ({"序号": 1.5}, "序号", "应为整数，实际为“1.5”"),
        ({"序号": 0}, "序号", "应为正整数，实际为 0"),
        ({"序号": -4}, "序号", "应为正整数"),
        ({"序号": "4"}, None, None),
        ({"序号": "４"}, None, None),
        ({"项目名称": None}, "项目名称", "不能为空"),
        ({"项目名称": "名" * 200}, None, None),
        ({"项目名称": "名" * 201}, "项目名称", "不能超过 200 个字，实际为 201 个字"),
        ({"牵头单位": "局" * 101}, "牵头单位", "不能超过 100 个字"),
        ({"项目概要": "要" * 2000}, None, None),
        ({"项目概要": "要" * 2001}, "项目概要", "不能超过 2000 个字"),
    ],
)
def test_bad_cell_is_reported_at_its_row_and_column(changes, column, message):
    data = workbook([*CANDIDATES, candidate(**changes)])
    if message is None:
        parse_candidates("a.xlsx", data)
        return
    problems = problems_of("a.xlsx", data)
    assert where(problems) == [("候选项目", 5, column)]
    assert problems[0].message.startswith(message)


def test_duplicate_position_and_name_are_reported():
    rows = [*CANDIDATES, candidate(序号=1), candidate(序号=5, 项目名称=CANDIDATES[1][1])]
    problems = problems_of("a.xlsx", workbook(rows))
    assert where(problems) == [("候选项目", 5, "序号"), ("候选项目", 6, "项目名称")]
    assert problems[0].message == "序号 1 与第 2 行重复"
    assert problems[1].message == "项目名称与第 3 行重复"


def test_several_errors_in_one_file_are_all_reported_in_order():
    rows = [
        candidate(序号="一", 预算="很多"),
        *CANDIDATES,
        None,
        candidate(项目名称=None, 牵头单位="局" * 101),
    ]
    problems = problems_of("候选项目.csv", csv_text(rows).encode("utf-8-sig"))
    assert where(problems) == [
        ("候选项目.csv", 2, "序号"),
        ("候选项目.csv", 2, "预算"),
        ("候选项目.csv", 7, "项目名称"),
        ("候选项目.csv", 7, "牵头单位"),
    ]


def test_a_single_candidate_is_refused_together_with_its_errors():
    problems = problems_of("a.xlsx", workbook([candidate(预算="若干")]))
    assert where(problems) == [("候选项目", 2, "预算"), ("候选项目", None, None)]
    assert problems[1].message == "只有 1 个候选项目：票决至少需要 2 个候选项目"


def test_missing_required_columns_are_reported_once_by_name():
    header = ["编号", "名称", "预算"]
    problems = problems_of("a.xlsx", workbook([[1, "甲", 1], [2, "乙", 2]], header))
    assert where(problems) == [("候选项目", 1, "序号"), ("候选项目", 1, "项目名称")]


def test_budget_given_twice_under_two_headers_is_reported():
    header = [*CANDIDATE_COLUMNS, "预算（万元）"]
    problems = problems_of("a.xlsx", workbook(header=header))
    assert where(problems) == [("候选项目", 1, "预算")]
    assert "（第 E、F 列）" in problems[0].message


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.xlsx", b"", "文件是空的。"),
        ("a.csv", b" \r\n", "文件是空的。"),
        ("a.xlsx", workbook([]), "没有任何候选项目"),
        ("a.csv", csv_text([]).encode("gb18030"), "没有任何候选项目"),
        ("a.csv", "序号,项目名称\n".encode("utf-16"), "无法识别文件编码"),
        ("a.xlsx", "序号,项目名称\n".encode(), "无法读取：这不是 Excel 工作簿"),
        ("a.docx", workbook(), "不支持 .docx 文件"),
    ],
)
def test_empty_unreadable_or_unsupported_file_is_refused(filename, data, message):
    problems = problems_of(filename, data)
    assert len(problems) == 1
    assert problems[0].message.startswith(message)


def test_template_files_parse_back():
    from_xlsx = parse_candidates("候选项目模板.xlsx", candidates_template_xlsx())
    from_csv = parse_candidates("候选项目模板.csv", candidates_template_csv())
    assert from_xlsx == from_csv
    assert [candidate.position for candidate in from_xlsx] == [1, 2, 3]
    assert all(candidate.budget is not None for candidate in from_xlsx)
    assert candidates_template_csv().startswith("\ufeff序号,项目名称".encode())
    book = openpyxl.load_workbook(io.BytesIO(candidates_template_xlsx()))
    assert book.sheetnames == ["候选项目", "填写说明"]
