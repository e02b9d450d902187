"""Two years of a congress from a fresh install, through the HTTP API alone: no row is inserted
by hand (the `app` fixture makes the schema and the admin account, as run.py does).

2026: the meeting is created, set up, its roster (a GBK CSV), candidates and last year's
projects imported, cards printed, deputies signed in, the vote held and published. 2027: a new
meeting takes the roster (same 届) and, as the projects to rate, 2026's 入选 projects; the rating
is held. The 2026 meeting stays readable as an archive and refuses every write.
"""

import csv
import io

import openpyxl

from hall.voting.receipts import new_receipt

MEETING_2026 = "龙港市第二届人民代表大会第三次会议"
MEETING_2027 = "龙港市第二届人民代表大会第四次会议"
ROSTER = [  # 姓名, 代表团, 座位号, 备注, 请假
    ("陈建国", "城东街道代表团", "1排1座", "", ""),
    ("林秀英", "城东街道代表团", "1排2座", "市人大常委会委员", ""),
    ("王海波", "城西街道代表团", "2排1座", "", ""),
    ("赵丽华", "城西街道代表团", "2排2座", "", ""),
    ("周志强", "海城镇代表团", "3排1座", "", ""),
    ("吴晓燕", "海城镇代表团", "3排2座", "因病", "是"),
]
CANDIDATES = [  # 序号, 项目名称, 牵头单位, 项目概要, 预算
    (1, "农村家庭电线改造和智能烟感安装", "市应急管理局", "为农村家庭更换老化电线", 1200),
    (2, "老旧小区二次供水改造", "市住房和城乡建设局", "改造二次供水设施", 3400),
    (3, "城区公共停车泊位扩容", "市交通运输局", "新增公共停车泊位", 2100),
]
CHOSEN = [0, 1]  # the deputies approve the first two candidates; 2 places


def csv_upload(header, rows, encoding: str) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    return text.getvalue().encode(encoding)


def workbook(sheets: dict[str, list]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def completed_projects(names_and_departments) -> bytes:
    """The completed-projects workbook: each project with two sub-projects and their figures."""
    projects = [("序号", "项目名称", "领域", "牵头单位", "项目概要")]
    subprojects = [("项目序号", "具体项目名称", "目标", "完成", "单位", "状态", "完成日期", "进度")]
    for position, (name, department) in enumerate(names_and_departments, start=1):
        projects.append((position, name, "民生", department, f"{name}（完成情况）"))
        subprojects.append(
            (position, f"{name}·一期", 100, 120, "处", "超额完成", "2026-11-30", 100)
        )
        subprojects.append((position, f"{name}·二期", 50, 50, "处", "已完成", "2026-12-20", 100))
    return workbook({"项目": projects, "具体项目": subprojects})


def upload(client, path: str, data: bytes, filename: str):
    files = {"file": (io.BytesIO(data), filename)}
    return client.post(path, data=files, content_type="multipart/form-data", json=None)


def ok(answer, status: int = 200) -> dict:
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()


def refused(answer, code: str, status: int) -> dict:
    body = answer.get_json()
    assert (answer.status_code, body["error"]["code"]) == (status, code), body
    return body["error"]


def import_in_two_steps(client, kind: str, data: bytes, filename: str) -> dict:
    """Upload → preview → confirm, as the desk's import pages do."""
    preview = ok(upload(client, f"/api/v1/admin/imports/{kind}/preview", data, filename))
    return ok(
        client.post(f"/api/v1/admin/imports/{kind}/confirm", json={"token": preview["token"]})
    )


def import_completed_projects(client, data: bytes) -> dict:
    return import_in_two_steps(client, "completed-projects", data, "已完成项目.xlsx")


def phones_for(app, cards: list[dict]) -> dict[str, object]:
    """A phone per card, each having opened its QR link; by deputy name."""
    phones = {}
    for card in cards:
        phone = app.test_client()
        opened = phone.get(f"/d/{card['token']}")
        assert opened.status_code == 302, card["name"]
        phones[card["name"]] = phone
    return phones


def hold(client, ballot_id: int, phones, sheet_for) -> None:
    """Open the ballot, let each phone cast its sheet, close and publish."""
    ok(client.post(f"/api/v1/admin/ballots/{ballot_id}/open"))
    for name, phone in phones.items():
        cast = phone.post(
            f"/api/v1/ballots/{ballot_id}/sheets",
            json={"receipt": new_receipt(), "sheet": sheet_for(name)},
        )
        ok(cast, 201)
    ok(client.post(f"/api/v1/admin/ballots/{ballot_id}/close"))
    ok(client.post(f"/api/v1/admin/ballots/{ballot_id}/publish"))


def sign_in_all(client, phones) -> None:
    ok(client.post("/api/v1/admin/sign-in/open"))
    for phone in phones.values():
        assert ok(phone.post("/api/v1/me/sign-in", json={}))["signed_in"] is True


def test_two_years_from_a_fresh_install_through_the_api(app, admin_client):
    desk = admin_client
    assert ok(desk.get("/api/v1/admin/meetings")) == {"meetings": []}
    refused(desk.get("/api/v1/admin/overview"), "not_found", 404)

    # ---- 2026: create and set up the meeting ------------------------------------------------
    first = ok(
        desk.post(
            "/api/v1/admin/meetings",
            json={
                "name": MEETING_2026,
                "year": 2026,
                "session_label": "第二届第三次",
                "starts_on": "2026-01-15",
                "ends_on": "2026-01-17",
                "place": "龙港市民中心大会堂",
            },
        ),
        201,
    )
    assert (first["current"], first["session_label"], first["starts_on"]) == (
        True,
        "第二届第三次",
        "2026-01-15",
    )
    settings = ok(desk.post("/api/v1/admin/meeting", json={"default_display": "live"}))
    assert (settings["name"], settings["default_display"]) == (MEETING_2026, "live")

    roster = csv_upload(("姓名", "代表团", "座位号", "备注", "请假"), ROSTER, "gbk")
    saved = import_in_two_steps(desk, "roster", roster, "代表名册.csv")
    assert (saved["deputies"], saved["delegations"], saved["on_leave"]) == (6, 3, 1)

    candidates = workbook(
        {"候选项目": [("序号", "项目名称", "牵头单位", "项目概要", "预算"), *CANDIDATES]}
    )
    saved = import_in_two_steps(desk, "candidates", candidates, "候选项目.xlsx")
    vote = saved["ballot_id"]
    ok(desk.post(f"/api/v1/admin/ballots/{vote}/settings", json={"places": 2}))

    last_years = [("城乡公交一体化", "市交通运输局"), ("社区食堂建设", "市民政局")]
    first_rating = import_completed_projects(desk, completed_projects(last_years))["ballot_id"]

    printed = ok(desk.post("/api/v1/admin/cards/issue", json={"confirm": True}))
    assert printed["issued"] == 6
    present = [card for card in printed["cards"] if card["name"] != "吴晓燕"]  # on leave
    phones_2026 = phones_for(app, present)
    sign_in_all(desk, phones_2026)

    # ---- 2026: the vote --------------------------------------------------------------------
    items = [item["id"] for item in ok(desk.get(f"/api/v1/admin/ballots/{vote}"))["items"]]
    chosen_ids = [items[index] for index in CHOSEN]
    hold(desk, vote, phones_2026, lambda _name: {"approve": chosen_ids})
    result_2026 = ok(desk.get(f"/api/v1/admin/ballots/{vote}/result"))
    assert result_2026["chosen_ids"] == chosen_ids
    deputy_2026 = ok(desk.get("/api/v1/admin/roll"))["delegations"][0]["deputies"][0]["id"]

    # ---- 2027: the next meeting takes the roster and the 入选 projects ------------------------
    second = ok(
        desk.post(
            "/api/v1/admin/meetings",
            json={
                "name": MEETING_2027,
                "year": 2027,
                "session_label": "第二届第四次",
                "roster_from": first["id"],
                "projects_from": first["id"],
            },
        ),
        201,
    )
    assert second["current"] is True
    assert second["carried"]["roster"] == {"deputies": 6, "delegations": 3}
    assert second["carried"]["projects"]["projects"] == 2
    rating = second["carried"]["projects"]["ballot_id"]
    listed = ok(desk.get("/api/v1/admin/meetings"))["meetings"]
    assert [(m["id"], m["current"]) for m in listed] == [(second["id"], True), (first["id"], False)]

    roll = ok(desk.get("/api/v1/admin/roll"))
    deputies = [d for group in roll["delegations"] for d in group["deputies"]]
    assert sorted(d["name"] for d in deputies) == sorted(row[0] for row in ROSTER)
    assert [group["name"] for group in roll["delegations"]] == [
        "城东街道代表团",
        "城西街道代表团",
        "海城镇代表团",
    ]
    assert not any(d["on_leave"] or d["signed_in"] for d in deputies), "leave and sign-in reset"
    assert {d["card"] for d in deputies} == {"none"}, "new cards to print"
    to_rate = ok(desk.get(f"/api/v1/admin/ballots/{rating}"))
    assert to_rate["kind"] == "rating" and to_rate["title"] == "2026年民生实事项目满意度测评"
    assert [item["name"] for item in to_rate["items"]] == [CANDIDATES[i][1] for i in CHOSEN]

    # Last year's cards open nothing in the new meeting.
    old_card = printed["cards"][0]["token"]
    assert app.test_client().get(f"/d/{old_card}").status_code == 409
    old_phone = next(iter(phones_2026.values()))
    refused(old_phone.post("/api/v1/me/sign-in", json={}), "meeting_archived", 409)
    refused(old_phone.get("/api/v1/me"), "meeting_archived", 409)

    # Sub-projects and achieved figures come from the import; then new cards and the rating.
    chosen = [(CANDIDATES[i][1], CANDIDATES[i][2]) for i in CHOSEN]
    imported = import_completed_projects(desk, completed_projects(chosen))
    assert (imported["projects"], imported["subprojects"], imported["ballot_id"]) == (2, 4, rating)
    reprinted = ok(desk.post("/api/v1/admin/cards/issue", json={"confirm": True}))
    new_tokens = {card["token"] for card in reprinted["cards"]}
    assert len(new_tokens) == 6 and not new_tokens & {card["token"] for card in printed["cards"]}
    phones_2027 = phones_for(app, reprinted["cards"])
    sign_in_all(desk, phones_2027)
    projects = [item["id"] for item in ok(desk.get(f"/api/v1/admin/ballots/{rating}"))["items"]]
    hold(
        desk,
        rating,
        phones_2027,
        lambda _name: {"ratings": dict.fromkeys(map(str, projects), "satisfied")},
    )
    rated = ok(desk.get(f"/api/v1/admin/ballots/{rating}/result"))
    assert [(row["name"], row["satisfied"], row["grade"]) for row in rated["rows"]] == [
        (CANDIDATES[i][1], 6, "satisfied") for i in CHOSEN
    ]

    # ---- 2026 as an archive: readable and downloadable --------------------------------------
    archive = ok(desk.get(f"/api/v1/admin/meetings/{first['id']}"))
    assert archive["current"] is False and archive["deputies"] == 6
    assert {b["id"]: b["state"] for b in archive["ballots"]} == {
        vote: "published",
        first_rating: "draft",
    }
    assert ok(desk.get(f"/api/v1/admin/ballots/{vote}/result")) == result_2026
    sheet = desk.get(f"/admin/ballots/{vote}/sheet")
    assert sheet.status_code == 200 and MEETING_2026 in sheet.get_data(as_text=True)
    assert desk.get(f"/admin/ballots/{vote}/sheet.pdf").get_data().startswith(b"%PDF")
    exported = desk.get(f"/api/v1/admin/ballots/{vote}/export.csv")
    assert exported.status_code == 200
    assert CANDIDATES[0][1] in exported.get_data().decode("utf-8-sig")
    assert desk.get(f"/api/v1/admin/ballots/{vote}/export.xlsx").status_code == 200
    audit = ok(desk.get("/api/v1/admin/audit"))
    assert audit["check"]["intact"] is True
    actions = [entry["action"] for entry in audit["entries"]]
    assert actions.count("meeting_create") == 2
    assert "ballot_publish" in actions[: actions.index("meeting_create", 1)]

    # ---- and nothing in it can change -------------------------------------------------------
    writes = [
        (f"/api/v1/admin/ballots/{first_rating}/open", {}),
        (f"/api/v1/admin/ballots/{first_rating}/settings", {"title": "改名"}),
        (f"/api/v1/admin/ballots/{vote}/void", {"reason": "改结果"}),
        (f"/api/v1/admin/ballots/{vote}/revote", {}),
        (f"/api/v1/admin/ballots/{vote}/paper/sheets", {"invalid": True}),
        (f"/api/v1/admin/ballots/{vote}/paper/voters", {"deputy_id": deputy_2026}),
        (f"/api/v1/admin/deputies/{deputy_2026}/sign-in", {}),
        (f"/api/v1/admin/deputies/{deputy_2026}/leave", {"on_leave": True}),
        (f"/api/v1/admin/deputies/{deputy_2026}/card/revoke", {}),
    ]
    for path, body in writes:
        error = refused(desk.post(path, json=body), "meeting_archived", 409)
        assert MEETING_2026 in error["message"], path
    cast = old_phone.post(
        f"/api/v1/ballots/{vote}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": chosen_ids}},
    )
    refused(cast, "meeting_archived", 409)
    assert ok(desk.get(f"/api/v1/admin/ballots/{vote}/result")) == result_2026
    assert ok(desk.get(f"/api/v1/admin/meetings/{first['id']}")) == archive
