"""The desk's supervision pages: what the admin and a scrutineer see, the project's timeline,
the import page of 具体项目 without scripts, and the 专项监督报告's timeline kept to two years."""

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_meeting_years import ok, upload, workbook
from tests.test_supervision_access import HEADER
from tests.test_supervision_year import ITEMS, department, login, the_vote


def test_the_register_page_shows_the_year_and_its_forms(app, admin_client):
    the_vote(app, admin_client)
    page = admin_client.get("/admin/register")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="register-projects"' in html and ITEMS[0][0] in html
    for form in ("inspection-form", "group-form", "department-form", "public-form"):
        assert f'id="{form}"' in html
    ok(
        admin_client.post(
            "/api/v1/admin/accounts", json={"username": "jianpiao", "password": "scrutinize"}
        ),
        201,
    )
    scrutineer = login(app, "jianpiao", "scrutinize")
    seen = scrutineer.get("/admin/register").get_data(as_text=True)
    assert ITEMS[0][0] in seen and "data-api=" not in seen  # reads, and has no form to act


def test_the_items_import_page_works_without_scripts(app, admin_client):
    the_vote(app, admin_client)
    page = admin_client.get("/admin/register/items").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    sheet = workbook({"具体项目": [HEADER, *ITEMS]})
    preview = upload(admin_client, "/admin/register/items/preview", sheet, "具体项目.xlsx")
    shown = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "确认导入这 3 个具体项目" in shown
    pending = re.search(r'name="token" value="([^"]+)"', shown).group(1)
    done = admin_client.post(
        "/admin/register/items/confirm",
        data={"token": pending, "csrf_token": token},
        content_type="application/x-www-form-urlencoded",
        json=None,
    )
    assert done.status_code == 302
    register = ok(admin_client.get("/api/v1/admin/register"))
    assert sum(len(p["items"]) for p in register["projects"]) == 3
    listed = admin_client.get("/admin/register/items").get_data(as_text=True)
    assert "已导入 3 个具体项目（2 个项目）" in listed


def test_a_project_page_carries_its_timeline(app, admin_client):
    the_vote(app, admin_client)
    project = ok(admin_client.get("/api/v1/admin/register"))["projects"][0]["id"]
    far = {
        "name": "远期工程",
        "target": 1,
        "deadline": "2099-12-31",
        "lead_department": "市交通运输局",
    }
    ok(admin_client.post(f"/api/v1/admin/register/projects/{project}/items", json=far), 201)
    shown = ok(admin_client.get(f"/api/v1/admin/register/projects/{project}"))
    assert len(shown["timeline"]["months"]) == 24  # not a column a month until 2099
    html = admin_client.get(f"/admin/register/projects/{project}").get_data(as_text=True)
    assert 'id="timeline"' in html and "远期工程" in html
    report = admin_client.get("/admin/register/report").get_data(as_text=True)
    assert "截止（2099-12）" in report
    pdf = admin_client.get("/admin/register/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "远期工程" in text and "2099-12" in text


def test_a_department_imports_its_report_on_its_page(app, admin_client):
    the_vote(app, admin_client)
    sheet = workbook({"具体项目": [HEADER, *ITEMS]})
    preview = ok(
        upload(admin_client, "/api/v1/admin/imports/register-items/preview", sheet, "x.xlsx")
    )
    ok(
        admin_client.post(
            "/api/v1/admin/imports/register-items/confirm", json={"token": preview["token"]}
        )
    )
    office = department(app, admin_client, "yingji", "市应急管理局")
    page = office.get("/office/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    rows = [
        ("项目名称", "具体项目名称", "完成", "情况说明"),
        (ITEMS[0][0], ITEMS[0][1], 1200, "城东片区"),
    ]
    bad = workbook({"进度报告": [rows[0], (ITEMS[2][0], ITEMS[2][1], 5, "")]})
    refused_page = upload(office, "/office/import", bad, "进度.xlsx")
    assert refused_page.status_code == 400
    assert "不是本单位牵头的具体项目" in refused_page.get_data(as_text=True)
    shown = upload(office, "/office/import", workbook({"进度报告": rows}), "进度.xlsx")
    assert shown.status_code == 200 and "确认提交这 1 个具体项目的进度" in shown.get_data(
        as_text=True
    )
    pending = re.search(r'name="token" value="([^"]+)"', shown.get_data(as_text=True)).group(1)
    form = {"token": pending, "period": "第一季度", "as_of": "2027-03-31", "csrf_token": token}
    filed = office.post(
        "/office/import/confirm", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert filed.status_code == 302
    report = ok(office.get("/api/v1/office/reports"))["reports"][0]
    assert [(line["name"], line["achieved"]) for line in report["lines"]] == [(ITEMS[0][1], 1200)]
    again = office.post(
        "/office/import/confirm", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert "已确认过或已过期" in office.get(again.headers["Location"]).get_data(as_text=True)


def test_the_templates_come_filled_and_import_back(app, admin_client):
    the_vote(app, admin_client)
    sheet = workbook({"具体项目": [HEADER, *ITEMS]})
    preview = ok(
        upload(admin_client, "/api/v1/admin/imports/register-items/preview", sheet, "x.xlsx")
    )
    ok(
        admin_client.post(
            "/api/v1/admin/imports/register-items/confirm", json={"token": preview["token"]}
        )
    )
    filled = admin_client.get("/api/v1/admin/templates/register-items.xlsx")
    assert filled.status_code == 200
    again = ok(
        upload(
            admin_client,
            "/api/v1/admin/imports/register-items/preview",
            filled.get_data(),
            "t.xlsx",
        )
    )
    assert [(r["project"], r["name"], r["target"]) for r in again["rows"]] == [
        (row[0], row[1], row[2]) for row in ITEMS
    ]
    office = department(app, admin_client, "yingji", "市应急管理局")
    report = office.get("/api/v1/office/templates/progress-report.xlsx")
    assert report.status_code == 200
    book = load_workbook(io.BytesIO(report.get_data()))
    rows = list(book["进度报告"].iter_rows(values_only=True))
    assert [row[:3] for row in rows[1:]] == [
        (ITEMS[0][0], ITEMS[0][1], 0),
        (ITEMS[1][0], ITEMS[1][1], 0),
    ]
    book["进度报告"]["C2"] = 3000
    data = io.BytesIO()
    book.save(data)
    shown = ok(
        upload(office, "/api/v1/office/imports/progress-report/preview", data.getvalue(), "r.xlsx")
    )
    assert [(line["achieved"], line["account"]) for line in shown["lines"]] == [(3000, ""), (0, "")]
    assert admin_client.get("/api/v1/office/templates/progress-report.xlsx").status_code == 403


def test_an_item_is_changed_on_its_project_page(app, admin_client):
    the_vote(app, admin_client)
    project = ok(admin_client.get("/api/v1/admin/register"))["projects"][0]["id"]
    item = {
        "name": "电线改造",
        "target": 100,
        "deadline": "2027-06-30",
        "lead_department": "市应急管理局",
    }
    added = ok(
        admin_client.post(f"/api/v1/admin/register/projects/{project}/items", json=item), 201
    )
    item_id = added["items"][0]["id"]
    page = admin_client.get(f"/admin/register/projects/{project}").get_data(as_text=True)
    assert f'data-api="/api/v1/admin/register/items/{item_id}"' in page and 'value="100"' in page
    change = {"target": 120, "weight": 2, "responsible": "张强"}
    changed = ok(admin_client.post(f"/api/v1/admin/register/items/{item_id}", json=change))
    assert (changed["items"][0]["target"], changed["items"][0]["weight"]) == (120, 2)
    again = admin_client.post(f"/api/v1/admin/register/projects/{project}/items", json=item)
    assert again.get_json()["error"]["code"] == "item_exists"
    refused = admin_client.post(f"/api/v1/admin/register/items/{item_id}", json={"target": "多"})
    assert refused.get_json()["error"]["code"] == "bad_request"
