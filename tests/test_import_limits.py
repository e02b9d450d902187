"""Uploads that could hurt the hall: blank rows by the million, oversized bodies, files sent
after the data is locked. Each is bounded or refused, with a Chinese message and a stable code."""

import io
import os
import pickle

import openpyxl
import pytest

from hall.imports import worker
from hall.imports.roster import RosterRow, parse_roster
from hall.imports.tables import BLANK_RUN, MAX_ROW_NUMBER, MAX_SHEETS, ImportFailed
from tests.spreadsheets import blank_rows_workbook, row_xml

HEADER = ["姓名", "代表团"]
DEPUTY = ["陈建国", "城东街道代表团"]
# Markup no XML parser accepts: a file whose reading reaches it is refused as damaged.
BROKEN = '<row r="{number}"><c r="A{number}"></row>'


def problems(filename: str, data: bytes) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        parse_roster(filename, data)
    return [str(problem) for problem in failure.value.problems]


def upload(client, path: str, data: bytes, filename: str):
    files = {"file": (io.BytesIO(data), filename)}
    return client.post(path, data=files, content_type="multipart/form-data", json=None)


# Blank rows end the table


def test_a_run_of_blank_rows_ends_the_table_and_nothing_below_it_is_read():
    after_the_run = len([HEADER, DEPUTY]) + BLANK_RUN + 1
    data = blank_rows_workbook(
        [HEADER, DEPUTY], BLANK_RUN, tail=BROKEN.format(number=after_the_run)
    )
    assert parse_roster("名册.xlsx", data) == [RosterRow(*DEPUTY, "", "", False, 2)]


def test_a_million_blank_rows_are_not_read_even_without_a_declared_size():
    # The generated sheet has no <dimension>: openpyxl's own size scan would parse it whole,
    # and reach the broken row at the end.
    rows = 1_000_000
    data = blank_rows_workbook([HEADER, DEPUTY], rows, tail=BROKEN.format(number=rows + 3))
    assert [row.name for row in parse_roster("名册.xlsx", data)] == [DEPUTY[0]]


def test_rows_after_fewer_blank_rows_than_the_run_still_count():
    number = 2 + BLANK_RUN
    data = blank_rows_workbook(
        [HEADER, DEPUTY], BLANK_RUN - 1, tail=row_xml(number, ["王芳", "海城镇代表团"])
    )
    assert [(row.name, row.row) for row in parse_roster("名册.xlsx", data)] == [
        ("陈建国", 2),
        ("王芳", number),
    ]


def test_a_csv_of_blank_lines_ends_at_the_run_too():
    text = (
        "姓名,代表团\r\n陈建国,城东街道代表团\r\n" + ",,\r\n" * BLANK_RUN + "王芳,海城镇代表团\r\n"
    )
    assert [row.name for row in parse_roster("名册.csv", text.encode())] == ["陈建国"]


def test_data_past_the_readable_rows_is_refused_with_the_row_named():
    # A row every 500 lines never makes a blank run, and reaches past MAX_ROW_NUMBER.
    lines = ["姓名,代表团"]
    for number in range(2, MAX_ROW_NUMBER + 600):
        lines.append(f"代表{number},一团" if number % 500 == 0 else ",")
    found = problems("名册.csv", "\r\n".join(lines).encode())
    first_past = (MAX_ROW_NUMBER // 500 + 1) * 500
    assert found == [
        f"「名册.csv」第 {first_past} 行：超出可读取的范围：每个工作表只读取前 "
        f"{MAX_ROW_NUMBER} 行（含空行）。请删去多余的行后重新上传。"
    ]


def test_a_workbook_of_too_many_sheets_is_refused():
    book = openpyxl.Workbook()
    for number in range(MAX_SHEETS):
        book.create_sheet(f"表{number}")
    output = io.BytesIO()
    book.save(output)
    [message] = problems("名册.xlsx", output.getvalue())
    assert message.startswith(f"工作表过多：工作簿最多 {MAX_SHEETS} 个工作表，实际有 ")


def test_columns_past_the_hundredth_are_not_read():
    wide = "姓名,代表团" + ",x" * 200_000 + "\r\n陈建国,城东街道代表团\r\n"
    assert [row.name for row in parse_roster("名册.csv", wide.encode())] == ["陈建国"]


# The parse runs in a child process


def test_the_child_answers_what_the_parser_answers():
    data = blank_rows_workbook([HEADER, DEPUTY], 10)
    assert worker.parse_apart(parse_roster, "名册.xlsx", data) == parse_roster("名册.xlsx", data)


def test_the_child_passes_every_problem_back():
    with pytest.raises(ImportFailed) as failure:
        worker.parse_apart(parse_roster, "名册.xls", b"old")
    assert [problem.message for problem in failure.value.problems] == [
        "不支持 .xls 文件：请在 Excel 或 WPS 中另存为 .xlsx 后上传。"
    ]


def test_a_child_over_its_cpu_time_is_stopped_with_a_message(monkeypatch):
    monkeypatch.setattr(worker, "CPU_SECONDS", 0)
    with pytest.raises(ImportFailed) as failure:
        worker.parse_apart(parse_roster, "名册.csv", "姓名,代表团\r\n".encode())
    [problem] = failure.value.problems
    assert problem.message.startswith("文件过于复杂，读取超过 0 秒仍未完成")


def test_only_importers_run_in_the_child():
    with pytest.raises(ValueError):
        worker.parse_apart(os.system, "x.csv", b"")


def test_the_parent_reads_back_plain_data_and_row_classes_only():
    row = RosterRow(*DEPUTY, "", "", False, 2)
    assert worker._Unpickler(io.BytesIO(pickle.dumps(("ok", [row])))).load() == ("ok", [row])
    with pytest.raises(pickle.UnpicklingError):
        worker._Unpickler(io.BytesIO(pickle.dumps(os.system))).load()
    with pytest.raises(pickle.UnpicklingError):
        worker._Unpickler(io.BytesIO(pickle.dumps(worker.parse_apart))).load()


def test_the_desk_import_parses_in_the_child(factory, admin_client, monkeypatch):
    factory.meeting()
    monkeypatch.setattr(worker, "CPU_SECONDS", 0)  # only the child knows this limit
    data = blank_rows_workbook([HEADER, DEPUTY], 10)
    answer = upload(admin_client, "/api/v1/admin/imports/roster/preview", data, "名册.xlsx")
    assert answer.status_code == 400
    [problem] = answer.get_json()["error"]["problems"]
    assert problem.startswith("文件过于复杂")


# The lock is checked before the file is read


@pytest.mark.parametrize(
    "path",
    ["/api/v1/admin/imports/roster/preview", "/api/v1/admin/imports/candidates/preview"],
)
def test_a_locked_import_is_refused_before_the_file_is_read(factory, admin_client, path):
    ballot = factory.ballot(factory.meeting())
    factory.set_state(ballot, "open")
    answer = upload(admin_client, path, b"not a workbook", "名册.xlsx")
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "import_locked"


def test_completed_projects_are_refused_before_the_file_is_read_once_rating_opened(
    factory, admin_client
):
    rating = factory.ballot(factory.meeting(), kind="rating")
    factory.set_state(rating, "open")
    answer = upload(admin_client, "/api/v1/admin/imports/completed-projects", b"junk", "项目.xlsx")
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "import_locked"


# Request sizes


def test_an_upload_over_the_upload_limit_is_refused_with_a_stable_code(app, admin_client):
    size = app.config["MAX_UPLOAD_LENGTH"] + 1
    answer = upload(admin_client, "/api/v1/admin/imports/roster/preview", b"x" * size, "名册.csv")
    assert answer.status_code == 413
    error = answer.get_json()["error"]
    assert error["code"] == "payload_too_large"
    assert error["message"].startswith("文件过大：导入的文件不能超过 10 MB")


def test_an_upload_page_over_the_limit_answers_a_chinese_page(app, factory, admin_client):
    factory.meeting()
    size = app.config["MAX_UPLOAD_LENGTH"] + 1
    answer = upload(admin_client, "/admin/roster/preview", b"x" * size, "名册.csv")
    assert answer.status_code == 413
    assert answer.mimetype == "text/html"
    assert "文件过大：导入的文件不能超过 10 MB" in answer.get_data(as_text=True)


def test_an_upload_may_be_larger_than_other_requests(app, factory, admin_client):
    factory.meeting()
    rows = "陈建国,一团\r\n" * (app.config["MAX_CONTENT_LENGTH"] // 10)
    data = ("姓名,代表团\r\n" + rows).encode()
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    answer = upload(admin_client, "/api/v1/admin/imports/roster/preview", data, "名册.csv")
    assert answer.status_code == 400  # read, and refused for what it holds
    assert answer.get_json()["error"]["code"] == "import_failed"


@pytest.mark.parametrize("path", ["/api/v1/card-code", "/api/v1/no-such-endpoint"])
def test_an_anonymous_body_over_the_limit_is_refused_unread(app, client, path):
    body = b'{"code": "' + b"7" * app.config["MAX_CONTENT_LENGTH"] + b'"}'
    answer = client.post(path, data=body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.get_json()["error"] == {
        "code": "payload_too_large",
        "message": "请求内容过大，不能超过 1 MB。",
    }


def test_a_form_over_the_limit_answers_a_chinese_page(app, client):
    body = b"code=" + b"7" * app.config["MAX_CONTENT_LENGTH"]
    answer = client.post("/c", data=body, content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 413
    assert "请求内容过大，不能超过 1 MB。" in answer.get_data(as_text=True)


def test_the_import_form_states_the_limits(factory, admin_client):
    factory.meeting()
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "不超过 10 MB；连续 1000 个空行之后的内容不会读取" in page
