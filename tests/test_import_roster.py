"""Importing the roster of deputies (代表名册) from .xlsx and .csv files."""

import csv
import io

import openpyxl
import pytest

from hall.imports.roster import (
    ROSTER_COLUMNS,
    ImportFailed,
    ImportProblem,
    RosterRow,
    delegation_order,
    parse_roster,
)
from hall.reports.import_templates import roster_template_csv, roster_template_xlsx

DEPUTIES = [
    ["陈建国", "城东街道代表团", "1排1座", None, None],
    ["王芳", "城东街道代表团", "1排2座", "列席人员联络", "否"],
    ["林海燕", "海城镇代表团", "3排5座", "因病", "是"],
    ["张伟", "城西街道代表团", None, None, None],
    ["吴晓东", "海城镇代表团", "3排6座", None, "√"],
]

EXPECTED = [
    RosterRow("陈建国", "城东街道代表团", "1排1座", "", False, 2),
    RosterRow("王芳", "城东街道代表团", "1排2座", "列席人员联络", False, 3),
    RosterRow("林海燕", "海城镇代表团", "3排5座", "因病", True, 4),
    RosterRow("张伟", "城西街道代表团", "", "", False, 5),
    RosterRow("吴晓东", "海城镇代表团", "3排6座", "", True, 6),
]


def workbook(rows=DEPUTIES, header=ROSTER_COLUMNS, *, title="代表名册", before=()) -> bytes:
    """An .xlsx file in memory; rows given as None stay blank. ``before``: sheets put first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in before:
        book.create_sheet(name).append(["说明", "这不是名册"])
    sheet = book.create_sheet(title)
    if header is not None:
        sheet.append(list(header))
    for number, row in enumerate(rows, start=2 if header is not None else 1):
        for column, value in enumerate(row or [], start=1):
            sheet.cell(number, column, value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_text(rows, header=ROSTER_COLUMNS) -> str:
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row or []] for row in rows])
    return output.getvalue()


def deputy(**changes) -> list:
    """A valid roster row, with some cells changed."""
    row = dict(zip(ROSTER_COLUMNS, ["新代表", "城北街道代表团", None, None, None], strict=True))
    row.update(changes)
    return [row[column] for column in ROSTER_COLUMNS]


def problems_of(filename: str, data: bytes) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as failure:
        parse_roster(filename, data)
    return failure.value.problems


def where(problems: list[ImportProblem]) -> list[tuple]:
    return [(problem.sheet, problem.row, problem.column) for problem in problems]


def leave_of(rows, header=ROSTER_COLUMNS) -> list[tuple[str, bool]]:
    return [(row.note, row.on_leave) for row in parse_roster("a.xlsx", workbook(rows, header))]


# Good files


def test_good_workbook_parses_fully_in_file_order():
    assert parse_roster("代表名册.xlsx", workbook()) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_parses_to_the_same_rows_in_every_encoding(encoding):
    data = csv_text(DEPUTIES).encode(encoding)
    assert parse_roster("代表名册.csv", data) == EXPECTED


def test_delegations_keep_the_order_of_first_appearance():
    rows = parse_roster("a.xlsx", workbook())
    assert delegation_order(rows) == ["城东街道代表团", "海城镇代表团", "城西街道代表团"]


def test_sheet_named_roster_is_read_wherever_it_is_else_the_first_sheet():
    assert parse_roster("a.xlsx", workbook(before=["说明"])) == EXPECTED
    assert parse_roster("a.xlsx", workbook(title="Sheet1")) == EXPECTED
    assert parse_roster("a.xlsx", workbook(title=" 代表名册 ", before=["封面"])) == EXPECTED


def test_columns_may_be_reordered_spaced_and_extended():
    header = ["序号", " 代表团", "姓 名 ", "请假", "职务", "座位号"]
    rows = [[1, "城东街道代表团", "陈建国", None, "村党支部书记", "1排1座"]]
    assert parse_roster("a.xlsx", workbook(rows, header)) == [EXPECTED[0]]


def test_optional_columns_may_be_absent():
    rows = parse_roster("a.xlsx", workbook([["陈建国", "城东街道代表团"]], ["姓名", "代表团"]))
    assert rows == [RosterRow("陈建国", "城东街道代表团", "", "", False, 2)]


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_numbers():
    rows = [
        ["示例市第二届人民代表大会第三次会议代表名册"],
        None,
        list(ROSTER_COLUMNS),
        *DEPUTIES,
    ]
    assert parse_roster("a.xlsx", workbook(rows, header=None)) == [
        RosterRow(row.name, row.delegation, row.seat, row.note, row.on_leave, row.row + 2)
        for row in EXPECTED
    ]
    problems = problems_of("a.xlsx", workbook([*rows, deputy(姓名=None)], header=None))
    assert where(problems) == [("代表名册", 9, "姓名")]
    repeated = ["代表名册", None, [*ROSTER_COLUMNS, "座位号"], DEPUTIES[0]]
    assert where(problems_of("a.xlsx", workbook(repeated, header=None))) == [
        ("代表名册", 3, "座位号")
    ]


def test_names_padded_to_line_up_are_closed_up_but_latin_names_keep_their_space():
    rows = [deputy(姓名="王　芳"), deputy(姓名=" 李 小 龙 "), deputy(姓名="Anna Li")]
    names = [row.name for row in parse_roster("a.xlsx", workbook(rows))]
    assert names == ["王芳", "李小龙", "Anna Li"]


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers():
    rows = [DEPUTIES[0], None, None, deputy(姓名=None)]
    problems = problems_of("a.xlsx", workbook(rows))
    assert where(problems) == [("代表名册", 5, "姓名")]
    assert str(problems[0]) == "「代表名册」第 5 行「姓名」列：不能为空"


# On leave (请假)


@pytest.mark.parametrize(
    ("mark", "on_leave"),
    [
        ("是", True), ("请假", True), ("√", True), ("✓", True), ("Y", True), ("y", True),
        ("1", True), (1, True), (True, True), (" 是 ", True),
        ("否", False), ("N", False), ("n", False), ("0", False), (0, False), (None, False),
        (False, False),
    ],
)  # fmt: skip
def test_each_leave_mark_is_read(mark, on_leave):
    assert leave_of([deputy(请假=mark)]) == [("", on_leave)]


def test_unknown_leave_mark_is_reported():
    problems = problems_of("a.xlsx", workbook([*DEPUTIES, deputy(请假="病假")]))
    assert where(problems) == [("代表名册", 7, "请假")]
    assert problems[0].message.startswith("应为“是”或“否”")
    assert problems[0].message.endswith("实际为“病假”")


def test_without_a_leave_column_a_note_saying_leave_marks_it():
    header = ["姓名", "代表团", "备注"]
    notes = ["请假", "因病请假", "事假", "未请假", "不请假", "列席", None]
    rows = [[f"代表{index}", "城东街道代表团", note] for index, note in enumerate(notes)]
    assert leave_of(rows, header) == [
        ("请假", True),
        ("因病请假", True),
        ("事假", True),
        ("未请假", False),
        ("不请假", False),
        ("列席", False),
        ("", False),
    ]


def test_with_a_leave_column_the_note_does_not_decide():
    assert leave_of([deputy(备注="请假半天", 请假="否"), deputy(姓名="二", 备注="请假")]) == [
        ("请假半天", False),
        ("请假", False),
    ]


@pytest.mark.parametrize("column", ["备注 / 请假", "备注/请假", "备注／请假", " 备注 ／ 请假 "])
def test_a_note_and_leave_column_means_both(column):
    header = ["姓名", "代表团", column]
    cells = ["请假", "是", "√", "否", "因公出差请假", "列席", None]
    rows = [[f"代表{index}", "城东街道代表团", cell] for index, cell in enumerate(cells)]
    assert leave_of(rows, header) == [
        ("请假", True),
        ("", True),
        ("", True),
        ("", False),
        ("因公出差请假", True),
        ("列席", False),
        ("", False),
    ]


def test_a_note_and_leave_column_beside_a_leave_column_is_refused():
    header = ["姓名", "代表团", "备注/请假", "请假"]
    problems = problems_of("a.xlsx", workbook([["陈建国", "城东街道代表团", None, "是"]], header))
    assert where(problems) == [("代表名册", 1, "备注/请假")]
    assert "「请假」列不能同时出现" in problems[0].message


# Names and seats


def test_same_name_in_two_delegations_is_allowed():
    rows = [
        deputy(姓名="王芳", 代表团="城东街道代表团"),
        deputy(姓名="王芳", 代表团="江口镇代表团"),
    ]
    assert [row.delegation for row in parse_roster("a.xlsx", workbook(rows))] == [
        "城东街道代表团",
        "江口镇代表团",
    ]


def test_same_name_twice_in_one_delegation_is_refused():
    rows = [*DEPUTIES, deputy(姓名="王　芳", 代表团="城东街道代表团")]
    problems = problems_of("a.xlsx", workbook(rows))
    assert where(problems) == [("代表名册", 7, "姓名")]
    assert problems[0].message == "与第 3 行重复（同一代表团中不能有两位同名的代表）"


def test_duplicate_seat_is_refused_and_blank_seats_do_not_clash():
    rows = [*DEPUTIES, deputy(座位号=None), deputy(姓名="二", 座位号="1排2座")]
    problems = problems_of("a.xlsx", workbook(rows))
    assert where(problems) == [("代表名册", 8, "座位号")]
    assert problems[0].message == "座位号“1排2座”与第 3 行重复"


def test_numeric_seats_are_read_as_shown_and_compared_as_text():
    [row] = parse_roster("a.xlsx", workbook([deputy(座位号=12.0)]))
    assert row.seat == "12"
    problems = problems_of("a.xlsx", workbook([deputy(座位号=12), deputy(姓名="二", 座位号="12")]))
    assert where(problems) == [("代表名册", 3, "座位号")]


# Bad files: everything found is reported, with sheet, row and column


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"姓名": None}, "姓名", "不能为空"),
        ({"姓名": "  "}, "姓名", "不能为空"),
        ({"姓名": "名" * 50}, None, None),
        ({"姓名": "名" * 51}, "姓名", "不能超过 50 个字，实际为 51 个字"),
        ({"代表团": None}, "代表团", "不能为空"),
        ({"代表团": "团" * 101}, "代表团", "不能超过 100 个字"),
        ({"座位号": "座" * 31}, "座位号", "不能超过 30 个字"),
        ({"备注": "注" * 200}, None, None),
        ({"备注": "注" * 201}, "备注", "不能超过 200 个字"),
        ({"请假": "x"}, "请假", "应为“是”或“否”"),
    ],
)
def test_bad_cell_is_reported_at_its_row_and_column(changes, column, message):
    data = workbook([*DEPUTIES, deputy(**changes)])
    if message is None:
        parse_roster("a.xlsx", data)
        return
    problems = problems_of("a.xlsx", data)
    assert where(problems) == [("代表名册", 7, column)]
    assert problems[0].message.startswith(message)


def test_several_errors_in_one_file_are_all_reported_in_order():
    rows = [
        deputy(姓名=None, 请假="也许"),
        *DEPUTIES,
        deputy(代表团=None, 座位号="1排1座"),
        DEPUTIES[3],
    ]
    problems = problems_of("名册.csv", csv_text(rows).encode("gb18030"))
    assert where(problems) == [
        ("名册.csv", 2, "姓名"),
        ("名册.csv", 2, "请假"),
        ("名册.csv", 8, "代表团"),
        ("名册.csv", 8, "座位号"),
        ("名册.csv", 9, "姓名"),
    ]


def test_missing_required_columns_are_reported_once_by_name():
    header = ["名字", "座位号", "请假"]
    problems = problems_of("a.xlsx", workbook([["陈建国", "1排1座", None]] * 3, header))
    assert where(problems) == [("代表名册", 1, "姓名"), ("代表名册", 1, "代表团")]
    assert problems[0].message.startswith("表头缺少这一列")


def test_repeated_column_is_reported():
    header = ["姓名", "代表团", "座位号", "座位号"]
    problems = problems_of("a.xlsx", workbook([["陈建国", "城东街道代表团", "1", "2"]], header))
    assert where(problems) == [("代表名册", 1, "座位号")]
    assert "（第 C、D 列）" in problems[0].message


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.xlsx", b"", "文件是空的。"),
        ("a.csv", b"", "文件是空的。"),
        ("a.csv", b"\xef\xbb\xbf\r\n", "文件是空的。"),
        ("a.xlsx", workbook([], header=None), "工作表是空的。"),
        ("a.xlsx", workbook([]), "没有任何代表"),
        ("a.csv", "姓名,代表团\r\n,\r\n".encode(), "没有任何代表"),
        ("a.xls", workbook(), "不支持 .xls 文件"),
        ("名册", workbook(), "不支持没有扩展名的文件"),
    ],
)
def test_empty_or_unsupported_file_is_refused(filename, data, message):
    problems = problems_of(filename, data)
    assert len(problems) == 1
    assert problems[0].message.startswith(message)


def test_template_files_parse_back():
    from_xlsx = parse_roster("代表名册模板.xlsx", roster_template_xlsx())
    from_csv = parse_roster("代表名册模板.csv", roster_template_csv())
    assert from_xlsx == from_csv
    assert [row.on_leave for row in from_xlsx] == [False, False, True]
    assert roster_template_csv().startswith("\ufeff姓名,代表团".encode())
    book = openpyxl.load_workbook(io.BytesIO(roster_template_xlsx()))
    assert book.sheetnames == ["代表名册", "填写说明"]
