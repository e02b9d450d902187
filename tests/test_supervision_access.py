"""Who may see and do what in the year's supervision: a department sees and writes only its own
projects; the desk's admin runs it; scrutineers read; deputies act on their group's projects
only; nobody anonymous gets in."""

import pytest

from hall.public.progress import progress_of_candidate
from tests.test_meeting_years import ok, refused, upload, workbook
from tests.test_supervision_year import ITEMS, department, login, the_vote

HEADER = ("项目名称", "具体项目名称", "目标", "单位", "截止日期", "牵头单位", "责任人", "权重")
DESK_READS = (
    "/api/v1/admin/register",
    "/api/v1/admin/register/lagging",
    "/api/v1/admin/progress-reports",
    "/api/v1/admin/supervision-groups",
    "/api/v1/admin/inspections",
)


@pytest.fixture
def year(app, admin_client):
    phones = the_vote(app, admin_client)
    sheet = workbook({"具体项目": [HEADER, *ITEMS]})
    preview = ok(
        upload(admin_client, "/api/v1/admin/imports/register-items/preview", sheet, "x.xlsx")
    )
    ok(
        admin_client.post(
            "/api/v1/admin/imports/register-items/confirm", json={"token": preview["token"]}
        )
    )
    register = ok(admin_client.get("/api/v1/admin/register"))
    return phones, register


def test_a_department_sees_and_writes_only_its_own(app, admin_client, year):
    _, register = year
    emergency = department(app, admin_client, "yingji", "市应急管理局")
    others = [
        i["id"]
        for p in register["projects"]
        for i in p["items"]
        if i["lead_department"] != "市应急管理局"
    ]
    own = ok(emergency.get("/api/v1/office/projects"))
    assert [i["lead_department"] for p in own["projects"] for i in p["items"]] == [
        "市应急管理局"
    ] * 2
    line = {"item_id": others[0], "achieved": 1}
    answer = emergency.post(
        "/api/v1/office/reports", json={"period": "Q1", "as_of": "2027-03-31", "lines": [line]}
    )
    refused(answer, "not_found", 404)
    assert ok(admin_client.get("/api/v1/admin/progress-reports"))["reports"] == []
    # The department is no desk user: every desk read and write is refused.
    for path in DESK_READS:
        refused(emergency.get(path), "forbidden", 403)
    refused(emergency.post("/api/v1/admin/inspections", json={}), "forbidden", 403)
    # Another department's report is not found for it.
    housing = department(app, admin_client, "zhujian", "市住房和城乡建设局")
    filed = ok(
        housing.post(
            "/api/v1/office/reports", json={"period": "Q1", "as_of": "2027-03-31", "lines": [line]}
        ),
        201,
    )
    refused(emergency.get(f"/api/v1/office/reports/{filed['id']}"), "not_found", 404)
    assert ok(emergency.get("/api/v1/office/reports"))["reports"] == []


def test_scrutineers_read_and_change_nothing(app, admin_client, year):
    ok(
        admin_client.post(
            "/api/v1/admin/accounts", json={"username": "jianpiao", "password": "scrutinize"}
        ),
        201,
    )
    scrutineer = login(app, "jianpiao", "scrutinize")
    for path in DESK_READS:
        ok(scrutineer.get(path))
    assert scrutineer.get("/admin/register/report.pdf").status_code == 200
    for path in (
        "/api/v1/admin/inspections",
        "/api/v1/admin/supervision-groups",
        "/api/v1/admin/register/settings",
    ):
        refused(scrutineer.post(path, json={}), "forbidden", 403)
    refused(scrutineer.get("/api/v1/office/projects"), "forbidden", 403)
    refused(scrutineer.get("/api/v1/admin/department-accounts"), "forbidden", 403)


def test_nobody_anonymous_gets_in(app, year):
    anonymous = app.test_client()
    for path in (*DESK_READS, "/api/v1/office/projects", "/api/v1/office/reports"):
        refused(anonymous.get(path), "unauthenticated", 401)
    refused(anonymous.get("/api/v1/me/supervision"), "unauthenticated", 401)


def test_a_deputy_acts_only_on_the_group_s_projects(app, admin_client, year):
    phones, register = year
    roll = ok(admin_client.get("/api/v1/admin/roll"))
    ids = {d["name"]: d["id"] for g in roll["delegations"] for d in g["deputies"]}
    first, second = (p["id"] for p in register["projects"])
    group = {
        "name": "第一组",
        "leader": "林秀英",
        "deputy_ids": [ids["陈建国"]],
        "project_ids": [first],
    }
    ok(admin_client.post("/api/v1/admin/supervision-groups", json=group), 201)
    contact = {"contacted_on": "2027-02-01", "met": "张强", "found": "正常"}
    ok(
        phones["陈建国"].post(f"/api/v1/me/supervision/projects/{first}/contacts", json=contact),
        201,
    )
    refused(
        phones["陈建国"].post(f"/api/v1/me/supervision/projects/{second}/contacts", json=contact),
        "not_found",
        404,
    )
    assert ok(phones["王海波"].get("/api/v1/me/supervision"))["group"] is None
    refused(
        phones["王海波"].post(f"/api/v1/me/supervision/projects/{first}/contacts", json=contact),
        "not_found",
        404,
    )
    # A deputy is in one group at a time.
    other = {**group, "name": "第二组", "project_ids": [second]}
    refused(
        admin_client.post("/api/v1/admin/supervision-groups", json=other), "deputy_in_group", 409
    )


def test_bad_input_is_refused_with_a_message_and_nothing_written(admin_client, year):
    _, register = year
    project = register["projects"][0]["id"]
    for body in (
        {},
        {"name": "x", "target": -1, "deadline": "2027-01-01"},
        {"name": "x", "target": 1, "deadline": "明天"},
        {"name": "x", "target": True, "deadline": "2027-01-01"},
    ):
        error = refused(
            admin_client.post(f"/api/v1/admin/register/projects/{project}/items", json=body),
            "bad_request",
            400,
        )
        assert error["message"]
    assert len(ok(admin_client.get("/api/v1/admin/register"))["projects"][0]["items"]) == 2
    refused(
        admin_client.post("/api/v1/admin/progress-reports/99/review", json={"decision": "accept"}),
        "not_found",
        404,
    )
    refused(
        admin_client.post("/api/v1/admin/register/settings", json={"public_progress": "yes"}),
        "bad_request",
        400,
    )


def test_the_public_progress_page_reads_and_can_be_switched_off(app, admin_client, year):
    public = app.test_client()
    board = ok(public.get("/api/v1/public/progress"))
    assert [p["name"] for p in board["projects"]] == [p["name"] for p in year[1]["projects"]]
    assert "responsible" not in board["projects"][0]["items"][0]  # no person's name in public
    page = public.get("/progress")
    assert page.status_code == 200 and board["projects"][0]["name"] in page.get_data(as_text=True)
    chosen = year[1]["projects"][0]
    with app.test_request_context():
        linked = progress_of_candidate(chosen["candidate_id"])
        assert (linked["id"], linked["percent"]) == (chosen["id"], chosen["percent"])
        assert "responsible" not in linked["items"][0]
        assert progress_of_candidate(10**6) is None
    ok(admin_client.post("/api/v1/admin/register/settings", json={"public_progress": False}))
    with app.test_request_context():
        assert progress_of_candidate(chosen["candidate_id"]) is None
    refused(public.get("/api/v1/public/progress"), "not_found", 404)
    off = public.get("/progress")
    assert off.status_code == 404 and "项目进度榜未开放" in off.get_data(as_text=True)


def test_a_removed_department_account_ends_its_logins(app, admin_client, year):
    emergency = department(app, admin_client, "yingji", "市应急管理局")
    accounts = ok(admin_client.get("/api/v1/admin/department-accounts"))["accounts"]
    assert [(a["username"], a["department"]) for a in accounts] == [("yingji", "市应急管理局")]
    listed = ok(admin_client.get("/api/v1/admin/accounts"))["accounts"]
    assert ("yingji", "department") in [(a["username"], a["role"]) for a in listed]
    ok(admin_client.post(f"/api/v1/admin/department-accounts/{accounts[0]['id']}/remove"))
    refused(emergency.get("/api/v1/office/projects"), "unauthenticated", 401)
    assert ok(admin_client.get("/api/v1/admin/department-accounts"))["accounts"] == []
    # Through the accounts list of the settings page too.
    again = department(app, admin_client, "zhujian", "市住房和城乡建设局")
    user = ok(admin_client.get("/api/v1/admin/department-accounts"))["accounts"][0]["id"]
    ok(admin_client.post(f"/api/v1/admin/accounts/{user}/remove"))
    refused(again.get("/api/v1/office/projects"), "unauthenticated", 401)
    refused(admin_client.post("/api/v1/admin/department-accounts/1/remove"), "not_found", 404)


def test_groups_wait_for_the_register_and_reported_items_stay(app, admin_client):
    ok(admin_client.post("/api/v1/admin/meetings", json={"name": "测试会议", "year": 2026}), 201)
    group = {"name": "一组", "leader": "林秀英", "deputy_ids": [], "project_ids": []}
    refused(admin_client.post("/api/v1/admin/supervision-groups", json=group), "no_register", 409)
    refused(
        upload(admin_client, "/api/v1/admin/imports/register-items/preview", b"x", "x.csv"),
        "import_locked",
        409,
    )


def test_an_import_never_replaces_items_a_report_names(app, admin_client, year):
    _, register = year
    housing = department(app, admin_client, "zhujian", "市住房和城乡建设局")
    water = register["projects"][1]["items"][0]["id"]
    line = {"item_id": water, "achieved": 10}
    body = {"period": "Q1", "as_of": "2027-03-31", "lines": [line]}
    ok(housing.post("/api/v1/office/reports", json=body), 201)  # submitted, not yet reviewed
    sheet = workbook({"具体项目": [HEADER, *ITEMS]})
    preview = ok(
        upload(admin_client, "/api/v1/admin/imports/register-items/preview", sheet, "x.xlsx")
    )
    confirm = admin_client.post(
        "/api/v1/admin/imports/register-items/confirm", json={"token": preview["token"]}
    )
    refused(confirm, "import_locked", 409)
    assert ok(admin_client.get("/api/v1/admin/register")) == register | {
        "groups": [],
        "public_progress": True,
    }


def test_a_department_login_never_opens_the_desk_socket(app, admin_client, year, socket_client):
    """The /desk socket carries the desk's live snapshot (the roll, every ballot, the preview):
    for the admin and scrutineers only, never for a department's login."""
    emergency = department(app, admin_client, "yingji", "市应急管理局")
    assert ok(emergency.get("/api/v1/office/projects"))["projects"]  # the login works
    refused_socket = socket_client("/desk", emergency)
    assert not refused_socket.is_connected("/desk")
    assert socket_client("/desk", admin_client).is_connected("/desk")
