"""Completed projects (上年度项目) are imported as the roster and the candidates are: upload →
preview (nothing written) → confirm, through the JSON API and through the pages without
scripts; optional columns may be left out, and the header names people use are read."""

import io

import openpyxl
import sqlalchemy as sa

from hall.accounts.users import add_scrutineer
from hall.demo.load import load_demo
from hall.store.db import session_factory, write_session
from hall.store.models import Ballot, PendingImport, Project, SubProject

API = "/api/v1/admin/imports/completed-projects"

# The fewest columns a workbook needs, plus the figures: no 状态 and no 进度 (both 选填), and
# the header names people use (具体项目, 责任单位, 目标值, 完成数).
PROJECT_HEADER = ["序号", "项目名称", "责任单位"]
PROJECTS = [
    [1, "除险保安安全守护工程", "市应急管理局"],
    [2, "扶残助弱暖心工程", "市残疾人联合会"],
]
SUB_HEADER = ["项目序号", "具体项目", "目标值", "完成数", "单位"]
SUBPROJECTS = [
    [1, "农村老旧民房电气线路改造与智慧烟感安装", 5500, 5809, "户"],
    [1, "地质灾害隐患点综合治理", 6, 6, "处"],
    [2, "孤独症儿童康复服务", 150, 120.5, "名"],
]


def workbook(projects=PROJECTS, subprojects=SUBPROJECTS) -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "项目"
    for row in [PROJECT_HEADER, *projects]:
        first.append(row)
    second = book.create_sheet("具体项目")
    for row in [SUB_HEADER, *subprojects]:
        second.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, path: str, data: bytes, filename: str = "2025年实事项目.xlsx"):
    return client.post(
        path,
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        json=None,
    )


def stored(app) -> list[tuple]:
    with session_factory(app)() as db:
        projects = db.scalars(sa.select(Project).order_by(Project.position)).all()
        return [
            (p.position, p.name, p.lead_department, [s.name for s in p.subprojects])
            for p in projects
        ]


def rating_items(admin_client) -> int:
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    return next(b for b in overview["ballots"] if b["kind"] == "rating")["items"]


def demo(app) -> None:
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])


def test_a_preview_shows_what_would_be_saved_and_writes_nothing(app, admin_client):
    demo(app)
    before = stored(app)
    answer = upload(admin_client, f"{API}/preview", workbook())
    assert answer.status_code == 200, answer.get_json()
    preview = answer.get_json()
    assert preview["projects"] == 2 and preview["subprojects"] == 3
    assert preview["replaces"] == {"projects": 10, "subprojects": 42}
    assert preview["ballot"]["title"].endswith("满意度测评")
    first = preview["rows"][0]
    assert (first["position"], first["name"], first["lead_department"]) == (
        1,
        "除险保安安全守护工程",
        "市应急管理局",
    )
    sub = first["subprojects"][0]
    # No 状态, no 进度: derived from the figures, as the template's 选填 promises.
    assert (sub["target"], sub["achieved"], sub["status"], sub["progress"]) == (
        "5500",
        "5809",
        "超额完成",
        100,
    )
    assert preview["rows"][1]["subprojects"][0]["status"] == "未完成"
    assert stored(app) == before and rating_items(admin_client) == 10


def test_confirming_saves_exactly_the_previewed_projects_once(app, admin_client):
    demo(app)
    token = upload(admin_client, f"{API}/preview", workbook()).get_json()["token"]
    saved = admin_client.post(f"{API}/confirm", json={"token": token})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert (body["projects"], body["subprojects"]) == (2, 3)
    assert stored(app) == [
        (1, "除险保安安全守护工程", "市应急管理局",
         ["农村老旧民房电气线路改造与智慧烟感安装", "地质灾害隐患点综合治理"]),
        (2, "扶残助弱暖心工程", "市残疾人联合会", ["孤独症儿童康复服务"]),
    ]  # fmt: skip
    with session_factory(app)() as db:
        achieved = db.scalar(sa.select(SubProject.achieved).where(SubProject.unit == "名"))
        assert achieved == 120.5
        ballot = db.get(Ballot, body["ballot_id"])
        assert ballot.kind == "rating" and len(ballot.items) == 2
        assert db.scalar(sa.select(sa.func.count()).select_from(PendingImport)) == 0
    again = admin_client.post(f"{API}/confirm", json={"token": token})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "import_expired"


def test_a_workbook_without_the_optional_columns_imports_in_one_call_too(app, admin_client):
    """The one-call form (scripts): today's refusal of a file without 状态 and 进度 is gone."""
    demo(app)
    answer = upload(admin_client, API, workbook())
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["projects"] == 2 and rating_items(admin_client) == 2


def test_a_bad_file_lists_every_problem_and_keeps_nothing(app, admin_client):
    demo(app)
    bad = workbook(subprojects=[[1, "甲一", "十", 5, "户"], [3, "乙一", 1, 1, "个"]])
    answer = upload(admin_client, f"{API}/preview", bad)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["code"] == "import_failed"
    assert any("第 2 行" in problem and "目标" in problem for problem in error["problems"])
    assert any("第 3 行" in problem and "项目序号" in problem for problem in error["problems"])
    with session_factory(app)() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(PendingImport)) == 0
    assert rating_items(admin_client) == 10


def test_the_import_is_locked_once_the_rating_has_opened(app, admin_client):
    demo(app)
    token = upload(admin_client, f"{API}/preview", workbook()).get_json()["token"]
    rating = next(
        b for b in admin_client.get("/api/v1/admin/overview").get_json()["ballots"]
        if b["kind"] == "rating"
    )  # fmt: skip
    admin_client.post(f"/api/v1/admin/ballots/{rating['id']}/open")
    late = admin_client.post(f"{API}/confirm", json={"token": token})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "import_locked"
    assert "已完成项目已锁定" in late.get_json()["error"]["message"]
    refused = upload(admin_client, f"{API}/preview", workbook())
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "import_locked"
    assert rating_items(admin_client) == 10


def test_the_pages_preview_confirm_and_cancel_without_scripts(app, admin_client):
    demo(app)
    page = admin_client.get("/admin/projects").get_data(as_text=True)
    assert 'action="/admin/projects/preview"' in page
    shown = upload(admin_client, "/admin/projects/preview", workbook())
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="projects-preview"' in html and "尚未保存" in html
    assert 'id="preview-projects">2<' in html and 'id="preview-subprojects">3<' in html
    assert "孤独症儿童康复服务" in html and "整体替换" in html
    assert len(stored(app)) == 10
    token = html.split('name="token" value="')[1].split('"')[0]
    done = admin_client.post("/admin/projects/confirm", data={"token": token}, json=None)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/projects")
    after = admin_client.get("/admin/projects").get_data(as_text=True)
    assert "已导入 2 个项目、3 个具体项目" in after and len(stored(app)) == 2
    assert "已导入" not in admin_client.get("/admin/projects").get_data(as_text=True)

    html = upload(admin_client, "/admin/projects/preview", workbook()).get_data(as_text=True)
    token = html.split('name="token" value="')[1].split('"')[0]
    cancelled = admin_client.post("/admin/projects/cancel", data={"token": token}, json=None)
    assert cancelled.status_code == 302
    assert "已取消导入" in admin_client.get("/admin/projects").get_data(as_text=True)
    late = admin_client.post(f"{API}/confirm", json={"token": token})
    assert late.get_json()["error"]["code"] == "import_expired"

    bad = upload(admin_client, "/admin/projects/preview", b"nonsense", "p.txt")
    assert bad.status_code == 400 and "import-problems" in bad.get_data(as_text=True)


def test_a_scrutineer_sees_the_list_but_cannot_import(app, admin_client):
    demo(app)
    with write_session(app) as db:
        add_scrutineer(db, "jianpiao", "scrutineer-pass-2026", "admin")
    client = app.test_client()
    login = client.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutineer-pass-2026"}
    )
    csrf = {"X-CSRFToken": login.get_json()["csrf_token"]}
    page = client.get("/admin/projects").get_data(as_text=True)
    assert "除险保安安全守护工程" in page and 'action="/admin/projects/preview"' not in page
    refused = client.post(
        f"{API}/preview",
        data={"file": (io.BytesIO(workbook()), "p.xlsx")},
        content_type="multipart/form-data",
        headers=csrf,
    )
    assert refused.status_code == 403


def test_the_template_says_which_columns_are_optional_and_which_names_are_accepted(
    app, admin_client
):
    demo(app)
    answer = admin_client.get("/api/v1/admin/templates/completed-projects.xlsx")
    notes = openpyxl.load_workbook(io.BytesIO(answer.data))["填写说明"]
    lines = {row[0]: row[1] for row in notes.iter_rows(min_row=2, values_only=True)}
    assert lines["状态"].startswith("选填") and lines["进度"].startswith("选填")
    assert "具体项目" in lines["具体项目名称（也可写作）"]
    assert "责任单位" in lines["牵头单位（也可写作）"]
    assert "目标值" in lines["目标（也可写作）"] and "也可写作" in lines
