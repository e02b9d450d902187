"""A year of 闭环监督 through the HTTP API alone, no row inserted by hand: the vote published →
the register holds the 入选 projects → 具体项目 imported → two quarterly reports (one from a
spreadsheet) accepted → an inspection whose 整改 is closed → the 专项监督报告's PDF lists every
project with its figures → next year's meeting rates them, and its showcase shows the same."""

import io
from datetime import date, timedelta

from pypdf import PdfReader

from tests.test_meeting_years import (
    CANDIDATES,
    ROSTER,
    csv_upload,
    hold,
    import_in_two_steps,
    ok,
    phones_for,
    refused,
    sign_in_all,
    upload,
    workbook,
)

TODAY = date.today()
DEADLINE = (TODAY + timedelta(days=100)).isoformat()
PAST = (TODAY - timedelta(days=10)).isoformat()
FIRST, SECOND = CANDIDATES[0][1], CANDIDATES[1][1]
ITEMS = [  # 项目名称, 具体项目名称, 目标, 单位, 截止日期, 牵头单位, 责任人, 权重
    (FIRST, "农村家庭电线改造", 5809, "户", DEADLINE, "市应急管理局", "张强", 2),
    (FIRST, "智能烟感安装", 5809, "户", DEADLINE, "市应急管理局", "张强", 1),
    (SECOND, "二次供水设施改造", 62, "个小区", PAST, "市住房和城乡建设局", "李明", None),
]


def login(app, username, password):
    client = app.test_client()
    answer = ok(
        client.post("/api/v1/admin/login", json={"username": username, "password": password})
    )
    post = client.post

    def with_token(*args, **kwargs):
        kwargs.setdefault("headers", {})["X-CSRFToken"] = answer["csrf_token"]
        return post(*args, **kwargs)

    client.post = with_token
    return client


def department(app, desk, username, name):
    body = {"username": username, "password": "report-2027", "department": name}
    ok(desk.post("/api/v1/admin/department-accounts", json=body), 201)
    return login(app, username, "report-2027")


def the_vote(app, desk):
    ok(
        desk.post(
            "/api/v1/admin/meetings",
            json={"name": "龙港市第二届人民代表大会第三次会议", "year": 2026},
        ),
        201,
    )
    roster = csv_upload(("姓名", "代表团", "座位号", "备注", "请假"), ROSTER, "gbk")
    import_in_two_steps(desk, "roster", roster, "代表名册.csv")
    candidates = workbook(
        {"候选项目": [("序号", "项目名称", "牵头单位", "项目概要", "预算"), *CANDIDATES]}
    )
    vote = import_in_two_steps(desk, "candidates", candidates, "候选项目.xlsx")["ballot_id"]
    ok(desk.post(f"/api/v1/admin/ballots/{vote}/settings", json={"places": 2}))
    cards = ok(desk.post("/api/v1/admin/cards/issue", json={"confirm": True}))["cards"]
    phones = phones_for(app, [card for card in cards if card["name"] != "吴晓燕"])
    sign_in_all(desk, phones)
    items = [item["id"] for item in ok(desk.get(f"/api/v1/admin/ballots/{vote}"))["items"]]
    assert ok(desk.get("/api/v1/admin/register"))["projects"] == []
    hold(desk, vote, phones, lambda _name: {"approve": items[:2]})
    return phones


def test_a_year_of_supervision_through_the_api(app, admin_client):
    desk = admin_client
    phones = the_vote(app, desk)

    # The register holds the 入选 projects, nobody retyping them.
    register = ok(desk.get("/api/v1/admin/register"))
    assert [(p["name"], p["lead_department"]) for p in register["projects"]] == [
        (CANDIDATES[0][1], CANDIDATES[0][2]),
        (CANDIDATES[1][1], CANDIDATES[1][2]),
    ]
    first, second = (p["id"] for p in register["projects"])

    # 具体项目 imported: upload → preview → confirm.
    header = ("项目名称", "具体项目名称", "目标", "单位", "截止日期", "牵头单位", "责任人", "权重")
    sheet = workbook({"具体项目": [header, *ITEMS]})
    preview = ok(
        upload(desk, "/api/v1/admin/imports/register-items/preview", sheet, "具体项目.xlsx")
    )
    assert (preview["items"], preview["projects"]) == (3, 2)
    ok(desk.post("/api/v1/admin/imports/register-items/confirm", json={"token": preview["token"]}))
    register = ok(desk.get("/api/v1/admin/register"))
    assert [len(p["items"]) for p in register["projects"]] == [2, 1]
    assert {i["state"] for p in register["projects"] for i in p["items"]} == {"未开始"}
    # The second project's deadline passed with nothing done: overdue on the desk.
    lagging = ok(desk.get("/api/v1/admin/register/lagging"))
    assert [row["name"] for row in lagging["overdue"]] == ["二次供水设施改造"]
    assert lagging["behind"] == []  # the year's clock started today: nothing is behind yet

    # A group of 一常委+N代表, with both projects.
    roll = ok(desk.get("/api/v1/admin/roll"))
    deputies = {d["name"]: d["id"] for g in roll["delegations"] for d in g["deputies"]}
    group = ok(
        desk.post(
            "/api/v1/admin/supervision-groups",
            json={
                "name": "第一监督组",
                "leader": "林秀英",
                "deputy_ids": [deputies["陈建国"], deputies["王海波"]],
                "project_ids": [first, second],
            },
        ),
        201,
    )
    # 一月一联系 from a deputy's phone.
    phone = phones["陈建国"]
    mine = ok(phone.get("/api/v1/me/supervision"))
    assert [p["name"] for p in mine["projects"]] == [FIRST, SECOND]
    contact = {"contacted_on": TODAY.isoformat(), "met": "市应急管理局张强", "found": "进度正常"}
    logged = ok(phone.post(f"/api/v1/me/supervision/projects/{first}/contacts", json=contact), 201)
    assert logged["contacts"][0]["found"] == "进度正常"
    refused(
        phones["赵丽华"].post(f"/api/v1/me/supervision/projects/{first}/contacts", json=contact),
        "not_found",
        404,
    )

    # Two quarterly reports: one on the form, one from a spreadsheet.
    emergency = department(app, desk, "yingji", "市应急管理局")
    housing = department(app, desk, "zhujian", "市住房和城乡建设局")
    own = ok(emergency.get("/api/v1/office/projects"))
    assert [p["name"] for p in own["projects"]] == [FIRST]
    wires, alarms = (item["id"] for item in own["projects"][0]["items"])
    report = ok(
        emergency.post(
            "/api/v1/office/reports",
            json={
                "period": "第一季度",
                "as_of": (TODAY - timedelta(days=30)).isoformat(),
                "lines": [
                    {"item_id": wires, "achieved": 3000, "account": "已完成城东片区"},
                    {"item_id": alarms, "achieved": 5809, "account": "全部安装"},
                ],
            },
        ),
        201,
    )
    ok(
        desk.post(
            f"/api/v1/admin/progress-reports/{report['id']}/review", json={"decision": "accept"}
        )
    )
    water = workbook(
        {
            "进度报告": [
                ("项目名称", "具体项目名称", "完成", "情况说明"),
                (SECOND, "二次供水设施改造", 70, "超额完成"),
            ]
        }
    )
    preview = ok(
        upload(housing, "/api/v1/office/imports/progress-report/preview", water, "进度.xlsx")
    )
    filed = ok(
        housing.post(
            "/api/v1/office/imports/progress-report/confirm",
            json={"token": preview["token"], "period": "第二季度", "as_of": TODAY.isoformat()},
        ),
        201,
    )
    ok(
        desk.post(
            f"/api/v1/admin/progress-reports/{filed['id']}/review", json={"decision": "accept"}
        )
    )

    register = ok(desk.get("/api/v1/admin/register"))
    figures = {
        i["name"]: (i["achieved"], i["state"], i["percent"])
        for p in register["projects"]
        for i in p["items"]
    }
    assert figures == {
        "农村家庭电线改造": (3000, "进行中", "51.64"),
        "智能烟感安装": (5809, "已完成", "100.00"),
        "二次供水设施改造": (70, "超额完成", "112.90"),
    }
    assert register["projects"][0]["percent"] == "67.76"  # (2 × 51.64% + 1 × 100%) ÷ 3
    assert register["totals"]["items_done"] == 2 and register["totals"]["items_exceeded"] == 1

    # 半年一督查 with a 整改 item, followed to closed with a note.
    inspection = ok(
        desk.post(
            "/api/v1/admin/inspections",
            json={
                "held_on": TODAY.isoformat(),
                "group_id": group["id"],
                "project_ids": [first],
                "findings": "城西片区进度偏慢",
                "rectifications": [
                    {
                        "what": "加快城西片区施工",
                        "by_whom": "市应急管理局",
                        "deadline": DEADLINE,
                        "project_id": first,
                    }
                ],
            },
        ),
        201,
    )
    ok(
        phone.post(
            f"/api/v1/me/supervision/inspections/{inspection['id']}/findings",
            json={"text": "施工队伍不足"},
        ),
        201,
    )
    rectification = inspection["rectifications"][0]["id"]
    closed = ok(
        desk.post(
            f"/api/v1/admin/rectifications/{rectification}/close",
            json={"closed_on": TODAY.isoformat(), "note": "已增派施工队"},
        )
    )
    assert closed["closed"] is True
    shown = ok(desk.get(f"/api/v1/admin/register/projects/{first}"))
    assert shown["inspections"][0]["deputy_findings"] == [
        {"text": "施工队伍不足", "deputy": "陈建国"}
    ]
    assert shown["inspections"][0]["rectifications"][0]["close_note"] == "已增派施工队"
    done_on = TODAY - timedelta(days=30)
    assert shown["timeline"]["months"][0] == f"{done_on.year}-{done_on.month:02d}"
    assert shown["timeline"]["months"][-1] == DEADLINE[:7]
    milestones = shown["timeline"]["milestones"]
    assert [m["name"] for m in milestones] == ["农村家庭电线改造", "智能烟感安装"]

    # The 专项监督报告 as a PDF lists every project with its figures.
    pdf = desk.get("/admin/register/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    for name in (FIRST, SECOND, "农村家庭电线改造", "智能烟感安装", "二次供水设施改造"):
        assert name in text
    assert "联系记录（一月一联系）：1 次" in text
    for figure in ("5809", "3000", "51.64%", "112.90%", "加快城西片区施工", "已增派施工队"):
        assert figure in text

    # 大会一评议: next year's meeting takes the register, figures and dates.
    this_year = ok(desk.get("/api/v1/admin/meetings"))["meetings"][0]["id"]
    second_meeting = ok(
        desk.post(
            "/api/v1/admin/meetings",
            json={
                "name": "龙港市第二届人民代表大会第四次会议",
                "year": 2027,
                "roster_from": this_year,
                "projects_from": this_year,
            },
        ),
        201,
    )
    assert second_meeting["carried"]["projects"]["subprojects"] == 3
    ok(desk.post("/api/v1/admin/screen", json={"scene": "showcase"}))
    key = ok(desk.get("/api/v1/admin/overview"))["screen_url"].split("key=")[1]
    showcase = ok(app.test_client().get(f"/api/v1/screen/snapshot?key={key}"))["showcase"]
    subs = {
        s["name"]: (s["target"], s["achieved"], s["status"], s["completed_on"])
        for p in showcase["projects"]
        for s in p["subprojects"]
    }
    assert subs == {
        "农村家庭电线改造": (5809, 3000, "未完成", None),
        "智能烟感安装": (5809, 5809, "已完成", (TODAY - timedelta(days=30)).isoformat()),
        "二次供水设施改造": (62, 70, "超额完成", TODAY.isoformat()),
    }
    assert showcase["totals"] == {"projects": 2, "subprojects": 3, "completed": 2, "exceeded": 1}
    rating = second_meeting["carried"]["projects"]["ballot_id"]
    assert [i["name"] for i in ok(desk.get(f"/api/v1/admin/ballots/{rating}"))["items"]] == [
        FIRST,
        SECOND,
    ]
    # Last year's report stays printable once the new meeting is current.
    archived = desk.get(f"/admin/register/report.pdf?meeting={this_year}")
    assert archived.status_code == 200
    pages = PdfReader(io.BytesIO(archived.get_data())).pages
    assert "112.90%" in "".join(page.extract_text() for page in pages)
    assert desk.get("/admin/register/report?meeting=x").status_code == 404
    audit = ok(desk.get("/api/v1/admin/audit"))
    assert audit["check"]["intact"] is True
    page = desk.get("/admin/audit").get_data(as_text=True)
    for words in (
        "入选项目列入年度项目",
        "导入具体项目",
        "部门报送进度",
        "采纳进度报告",
        "整改销号",
    ):
        assert words in page
