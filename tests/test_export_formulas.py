"""A name imported as a spreadsheet formula stays text in every export the desk downloads: the
results (CSV and XLSX, project vote and rating) and the audit log."""

import csv
import io
import zipfile

import openpyxl
import pytest

from hall.reports.import_templates import completed_projects_template_csv
from hall.reports.inert_cells import csv_bytes, inert
from hall.store import audit
from hall.store.db import write_session

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_of(rows) -> bytes:
    output = io.StringIO(newline="")
    csv.writer(output, lineterminator="\r\n").writerows(rows)
    return output.getvalue().encode("utf-8-sig")


def upload(client, path: str, data: bytes, filename: str):
    files = {"file": (io.BytesIO(data), filename)}
    return client.post(path, data=files, content_type="multipart/form-data", json=None)


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_inert_csv(data: bytes, names) -> None:
    cells = csv_cells(data)
    for name in names:
        assert "'" + name in cells
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]


def assert_inert_xlsx(data: bytes, names) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in book.read(sheet) for sheet in sheets)
    text_cells = {
        cell.value: cell.data_type
        for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for name in names:
        assert text_cells[name] == "s"  # the text itself, stored as a string


@pytest.fixture
def imported_vote(factory, admin_client):
    """The candidates imported through the desk's preview and confirm, formulas as names."""
    factory.meeting()
    rows = [["序号", "项目名称"], *([n, name] for n, name in enumerate(FORMULAS, start=1))]
    preview = upload(
        admin_client, "/api/v1/admin/imports/candidates/preview", csv_of(rows), "候选.csv"
    )
    assert preview.status_code == 200, preview.get_json()
    confirm = "/api/v1/admin/imports/candidates/confirm"
    saved = admin_client.post(confirm, json={"token": preview.get_json()["token"]})
    return saved.get_json()["ballot_id"]


def test_the_project_vote_exports_keep_imported_formulas_as_text(imported_vote, admin_client):
    export = f"/api/v1/admin/ballots/{imported_vote}/export"
    assert_inert_csv(admin_client.get(export + ".csv").data, FORMULAS)
    assert_inert_xlsx(admin_client.get(export + ".xlsx").data, FORMULAS)


def test_the_rating_exports_keep_an_imported_formula_as_text(factory, admin_client):
    factory.meeting()
    rows = list(csv.reader(io.StringIO(completed_projects_template_csv().decode("utf-8-sig"))))
    name = FORMULAS[0]
    for row in rows[1:]:
        row[1] = name  # 项目名称 of the first project, on each of its rows
    answer = upload(
        admin_client, "/api/v1/admin/imports/completed-projects", csv_of(rows), "实事.csv"
    )
    assert answer.status_code == 200, answer.get_json()
    export = f"/api/v1/admin/ballots/{answer.get_json()['ballot_id']}/export"
    assert_inert_csv(admin_client.get(export + ".csv").data, [name])
    assert_inert_xlsx(admin_client.get(export + ".xlsx").data, [name])


def test_the_audit_csv_keeps_every_cell_inert(app, imported_vote, admin_client):
    with write_session(app) as db:  # an actor named like a formula (no form allows it today)
        audit.record(db, FORMULAS[1], "probe")
    assert_inert_csv(admin_client.get("/api/v1/admin/audit.csv").data, [FORMULAS[1]])


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is():
    assert [inert(value) for value in (-3, 2.5, None, "城东", "1-2", "-3")] == [
        -3,
        2.5,
        None,
        "城东",
        "1-2",
        "'-3",
    ]
    assert csv_cells(csv_bytes([["\t=1", "\r=1", -3]])) == ["'\t=1", "'\r=1", "-3"]
