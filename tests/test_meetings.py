"""Meetings (会议): creating one makes it current, the desk can make another current, earlier
meetings are archives that refuse every write; the dashboard's first run and setup list; the
roster and the 入选 projects carried over to a new meeting."""

import json
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from hall.store.db import session_factory, write_session
from hall.store.models import AuditEntry, Candidate, Deputy, Meeting
from hall.voting.receipts import new_receipt

NEW = {"name": "龙港市第二届人民代表大会第三次会议", "year": 2026}


def create(client, **fields):
    return client.post("/api/v1/admin/meetings", json={**NEW, **fields})


def error_of(answer) -> tuple[int, str]:
    return answer.status_code, answer.get_json()["error"]["code"]


def audit_entries(app, action: str) -> list[dict]:
    with session_factory(app)() as db:
        entries = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == action))
        return [json.loads(entry.detail) for entry in entries]


def csrf_of(client) -> str:
    page = client.get("/admin/").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


# Creating and listing


def test_a_created_meeting_answers_201_becomes_current_and_is_listed(app, admin_client):
    answer = create(
        admin_client,
        session_label="第二届第三次",
        starts_on="2026-01-15",
        ends_on="2026-01-17",
        place="龙港市民中心",
    )
    assert answer.status_code == 201
    meeting = answer.get_json()
    assert meeting["current"] is True
    assert (meeting["name"], meeting["year"], meeting["session_label"]) == (
        NEW["name"],
        2026,
        "第二届第三次",
    )
    assert (meeting["starts_on"], meeting["ends_on"], meeting["place"]) == (
        "2026-01-15",
        "2026-01-17",
        "龙港市民中心",
    )
    assert meeting["ballots"] == [] and meeting["carried"] == {}
    listed = admin_client.get("/api/v1/admin/meetings").get_json()["meetings"]
    assert [m["id"] for m in listed] == [meeting["id"]]
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    assert overview["meeting"]["id"] == meeting["id"]
    assert admin_client.get("/admin/settings").status_code == 200
    assert admin_client.get("/admin/roster").status_code == 200
    (created,) = audit_entries(app, "meeting_create")
    assert (created["meeting"], created["before"], created["after"]) == (
        meeting["id"],
        "无",
        NEW["name"],
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "会议名称"),
        ({"name": None}, "会议名称和年度"),
        ({"year": "2026"}, "年度"),
        ({"year": 1999}, "年度"),
        ({"starts_on": "2026-13-01"}, "开幕日期"),
        ({"starts_on": "2026-01-17", "ends_on": "2026-01-15"}, "闭幕日期不能早于开幕日期"),
        ({"session_label": "第" * 51}, "届次"),
        ({"colour": "red"}, "未知的字段"),
        ({"roster_from": "1"}, "会议编号"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_created(app, admin_client, fields, message):
    answer = create(admin_client, **fields)
    assert error_of(answer) == (400, "bad_request")
    assert message in answer.get_json()["error"]["message"]
    assert admin_client.get("/api/v1/admin/meetings").get_json() == {"meetings": []}


def test_an_unknown_meeting_to_carry_from_is_not_found(admin_client):
    assert error_of(create(admin_client, roster_from=99)) == (404, "not_found")
    assert error_of(admin_client.post("/api/v1/admin/meetings/99/current")) == (404, "not_found")
    assert admin_client.get("/api/v1/admin/meetings").get_json() == {"meetings": []}


def test_a_scrutineer_may_list_but_not_create(app, client):
    from tests.conftest import ADMIN_PASSWORD

    admin = app.test_client()
    token = admin.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD}).get_json()
    admin.post(
        "/api/v1/admin/accounts",
        json={"username": "jianpiao", "password": "scrutineer-1"},
        headers={"X-CSRFToken": token["csrf_token"]},
    )
    login = client.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutineer-1"}
    )
    headers = {"X-CSRFToken": login.get_json()["csrf_token"]}
    assert client.get("/api/v1/admin/meetings").status_code == 200
    assert error_of(client.post("/api/v1/admin/meetings", json=NEW, headers=headers)) == (
        403,
        "forbidden",
    )


def test_the_database_holds_at_most_one_current_meeting(app, factory):
    factory.meeting()
    with pytest.raises(IntegrityError), write_session(app) as db:
        db.add(Meeting(name="另一个", year=2027, screen_key="k", is_current=True))


# The current meeting, and archives


def test_a_new_meeting_archives_the_current_one_and_a_switch_back_is_audited(app, admin_client):
    first = create(admin_client).get_json()
    second = create(admin_client, name="第四次会议", year=2027).get_json()
    listed = admin_client.get("/api/v1/admin/meetings").get_json()["meetings"]
    assert [(m["id"], m["current"]) for m in listed] == [(second["id"], True), (first["id"], False)]

    back = admin_client.post(f"/api/v1/admin/meetings/{first['id']}/current")
    assert back.status_code == 200 and back.get_json()["current"] is True
    assert admin_client.get("/api/v1/admin/overview").get_json()["meeting"]["id"] == first["id"]
    (switched,) = audit_entries(app, "meeting_current")
    assert (switched["before"], switched["after"]) == ("第四次会议", NEW["name"])
    again = admin_client.post(f"/api/v1/admin/meetings/{first['id']}/current")
    assert again.status_code == 200
    assert len(audit_entries(app, "meeting_current")) == 1, "no change, no entry"


def test_no_meeting_is_created_or_switched_while_a_ballot_is_open(app, factory, admin_client):
    earlier = create(admin_client).get_json()
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    busy = create(admin_client, name="下一次会议")
    assert error_of(busy) == (409, "meeting_busy")
    assert "正在投票" in busy.get_json()["error"]["message"]
    switch = admin_client.post(f"/api/v1/admin/meetings/{earlier['id']}/current")
    assert error_of(switch) == (409, "meeting_busy")
    assert admin_client.get("/api/v1/admin/overview").get_json()["meeting"]["id"] == meeting


def test_every_write_to_an_archived_meeting_is_refused(app, factory, admin_client, deputy_client):
    old = factory.meeting()
    deputy, token = factory.deputy(old)
    ballot = factory.ballot(old)
    draft = factory.ballot(old)
    factory.set_state(ballot, "closed")
    create(admin_client)
    phone = deputy_client(token)
    desk_writes = [
        (f"/api/v1/admin/ballots/{draft}/open", {}),
        (f"/api/v1/admin/ballots/{draft}/settings", {"places": 3}),
        (f"/api/v1/admin/ballots/{ballot}/close", {}),
        (f"/api/v1/admin/ballots/{ballot}/publish", {}),
        (f"/api/v1/admin/ballots/{ballot}/void", {"reason": "重投"}),
        (f"/api/v1/admin/ballots/{ballot}/extend", {"seconds": 60}),
        (f"/api/v1/admin/ballots/{ballot}/revote", {}),
        (f"/api/v1/admin/ballots/{ballot}/paper/sheets", {"invalid": True}),
        (f"/api/v1/admin/ballots/{ballot}/paper/voters", {"deputy_id": deputy}),
        (f"/api/v1/admin/ballots/{ballot}/paper/entries/1/confirm", {"invalid": True}),
        (f"/api/v1/admin/deputies/{deputy}/sign-in", {}),
        (f"/api/v1/admin/deputies/{deputy}/leave", {"on_leave": True}),
        (f"/api/v1/admin/deputies/{deputy}/card/reissue", {"confirm": True}),
        (f"/api/v1/admin/deputies/{deputy}/card/release", {}),
    ]
    for path, body in desk_writes:
        answer = admin_client.post(path, json=body)
        assert error_of(answer) == (409, "meeting_archived"), path
        assert "不是当前会议，已归档" in answer.get_json()["error"]["message"]
    phone_writes = [
        ("/api/v1/me/sign-in", {}),
        (f"/api/v1/ballots/{draft}/sheets", {"receipt": new_receipt(), "sheet": {"approve": []}}),
    ]
    for path, body in phone_writes:
        assert error_of(phone.post(path, json=body)) == (409, "meeting_archived"), path
    opened = app.test_client().get(f"/d/{token}")
    assert opened.status_code == 409 and "往届会议" in opened.get_data(as_text=True)
    assert admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").status_code == 200
    with session_factory(app)() as db:
        assert db.get(Deputy, deputy).signed_in_at is not None  # as the factory left it
        assert not db.get(Deputy, deputy).on_leave


def test_the_phone_socket_of_an_archived_meeting_is_refused(app, factory, admin_client):
    from hall.base.extensions import socketio
    from hall.roster.credentials import COOKIE_NAME

    _, token = factory.deputy(factory.meeting())
    create(admin_client)
    phone = app.test_client()
    phone.set_cookie(COOKIE_NAME, token)
    socket = socketio.test_client(app, namespace="/deputy", flask_test_client=phone)
    assert not socket.is_connected("/deputy")


def test_dashboards_of_the_meeting_before_are_told_to_reload(app, admin_client, socket_client):
    first = create(admin_client).get_json()
    desk = socket_client("/desk", admin_client)
    desk.get_received("/desk")  # the snapshot on connect
    second = create(admin_client, name="第四次会议", year=2027).get_json()
    received = desk.get_received("/desk")
    assert [(m["name"], m["args"]) for m in received] == [
        ("meeting_changed", [{"meeting_id": second["id"]}])
    ]
    admin_client.post(f"/api/v1/admin/meetings/{first['id']}/current")
    assert desk.get_received("/desk") == [], "this socket is in the first meeting's room"


# The desk's pages


def test_a_fresh_install_shows_the_new_meeting_form_and_creates_from_it(app, admin_client):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert 'id="new-meeting-form"' in page and "尚未建立会议，请先导入" not in page
    refusal = admin_client.get("/admin/roster")
    assert refusal.status_code == 404 and "新建会议" in refusal.get_data(as_text=True)
    form = {
        "csrf_token": csrf_of(admin_client),
        "name": NEW["name"],
        "year": "2026",
        "session_label": "第二届第三次",
        "starts_on": "2026-01-15",
        "ends_on": "",
        "place": "",
        "from": "dashboard",
    }
    done = admin_client.post("/admin/meetings", data=form, json=None)
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/")
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert f"已新建「{NEW['name']}」，并设为当前会议" in dashboard
    assert 'id="setup"' in dashboard and 'id="new-meeting-form"' not in dashboard
    meeting = admin_client.get("/api/v1/admin/meetings").get_json()["meetings"][0]
    assert (meeting["starts_on"], meeting["ends_on"]) == ("2026-01-15", None)


def test_a_refused_form_says_why_on_the_page_it_came_from(admin_client):
    form = {"csrf_token": csrf_of(admin_client), "name": " ", "year": "2026", "from": "meetings"}
    refused = admin_client.post("/admin/meetings", data=form, json=None)
    assert refused.headers["Location"].endswith("/admin/meetings")
    page = admin_client.get("/admin/meetings").get_data(as_text=True)
    assert "会议名称不能为空" in page
    assert admin_client.get("/api/v1/admin/meetings").get_json() == {"meetings": []}


def setup_states(client) -> dict[str, tuple[str, str]]:
    """The dashboard's setup list: {step: (done, label)} and which is next."""
    page = client.get("/admin/").get_data(as_text=True)
    steps = re.findall(
        r'data-step="(\w+)" data-done="(\w+)"( data-next="true")?.*?class="setup-label" '
        r'href="([^"]+)">([^<]+)</a>',
        page,
        re.S,
    )
    return {
        key: (done, bool(following), href, label) for key, done, following, href, label in steps
    }


def test_the_setup_list_says_what_is_done_and_what_is_next(app, admin_client):
    create(admin_client)
    steps = setup_states(admin_client)
    assert list(steps) == [
        "settings",
        "roster",
        "candidates",
        "projects",
        "cards",
        "scrutineers",
        "rehearsal",
    ]
    assert steps["settings"] == ("false", True, "/admin/settings", "会议设置")
    assert steps["roster"][3] == "代表名册 0 人"
    assert steps["scrutineers"][2] == "/admin/settings#accounts-panel"

    admin_client.post("/api/v1/admin/meeting", json={"quorum_fraction": "2/3"})
    with write_session(app) as db:
        meeting = db.scalar(sa.select(Meeting))
        db.add_all(Deputy(meeting_id=meeting.id, name=f"代表{n}") for n in range(3))
    steps = setup_states(admin_client)
    assert steps["settings"][:2] == ("true", False)
    assert steps["roster"] == ("true", False, "/admin/roster", "代表名册 3 人")
    assert steps["candidates"][:2] == ("false", True)
    assert steps["cards"][0] == "false"
    admin_client.post("/api/v1/admin/cards/issue", json={"confirm": True})
    admin_client.post("/api/v1/admin/accounts", json={"username": "jp1", "password": "password-1"})
    admin_client.post("/api/v1/admin/rehearsal", json={"on": True})
    admin_client.post("/api/v1/admin/rehearsal/wipe")
    steps = setup_states(admin_client)
    assert [steps[key][0] for key in ("cards", "scrutineers", "rehearsal")] == [
        "true",
        "true",
        "false",
    ]
    admin_client.post("/api/v1/admin/rehearsal", json={"on": False})
    assert setup_states(admin_client)["rehearsal"][0] == "true"


def test_the_meetings_page_lists_archives_with_their_files_and_switches_by_form(
    app, factory, admin_client
):
    old = factory.meeting()
    ballot = factory.ballot(old)
    factory.set_state(ballot, "published")
    newer = create(admin_client, name="第四次会议", year=2027).get_json()
    page = admin_client.get("/admin/meetings").get_data(as_text=True)
    assert page.index("第四次会议") < page.index("测试市人民代表大会")
    assert f'id="meeting-{old}" data-meeting-id="{old}" data-current="false"' in page
    for link in (
        f"/admin/ballots/{ballot}/sheet",
        f"/admin/ballots/{ballot}/sheet.pdf",
        f"/api/v1/admin/ballots/{ballot}/export.csv",
        f"/api/v1/admin/ballots/{ballot}/export.xlsx",
    ):
        assert f'href="{link}"' in page
        assert admin_client.get(link).status_code == 200, link
    assert f'id="make-current-{old}"' in page and f'id="make-current-{newer["id"]}"' not in page

    form = {"csrf_token": csrf_of(admin_client)}
    switched = admin_client.post(f"/admin/meetings/{old}/current", data=form, json=None)
    assert switched.headers["Location"].endswith("/admin/meetings")
    page = admin_client.get("/admin/meetings").get_data(as_text=True)
    assert "「测试市人民代表大会」已设为当前会议" in page
    assert admin_client.get("/api/v1/admin/overview").get_json()["meeting"]["id"] == old


# Carried over


def test_the_roster_carries_over_reset_and_without_cards(app, factory, admin_client):
    old = factory.meeting(session_label="第二届第三次")
    factory.deputy(old, name="陈建国", on_leave=True, signed_in=False)
    factory.deputy(old, name="林秀英", signed_in=True)
    new = create(admin_client, session_label="第二届第四次", roster_from=old).get_json()
    assert new["carried"]["roster"] == {"deputies": 2, "delegations": 1}
    roll = admin_client.get("/api/v1/admin/roll").get_json()
    (group,) = roll["delegations"]
    assert group["name"] == "第一代表团"
    assert [(d["name"], d["on_leave"], d["signed_in"], d["card"]) for d in group["deputies"]] == [
        ("陈建国", False, False, "none"),
        ("林秀英", False, False, "none"),
    ]
    with session_factory(app)() as db:
        assert db.scalar(sa.select(sa.func.count()).where(Deputy.meeting_id == old)) == 2
    (created,) = audit_entries(app, "meeting_create")
    assert (created["roster_from"], created["carried_roster"]["deputies"]) == (old, 2)


def test_a_roster_does_not_carry_into_another_term(factory, admin_client):
    old = factory.meeting(session_label="第二届第五次")
    factory.deputy(old)
    answer = create(admin_client, session_label="第三届第一次", roster_from=old)
    assert error_of(answer) == (409, "roster_other_term")
    assert "第二届" in answer.get_json()["error"]["message"]
    assert len(admin_client.get("/api/v1/admin/meetings").get_json()["meetings"]) == 1


def test_nothing_to_carry_is_refused(factory, admin_client):
    old = factory.meeting()
    factory.ballot(old)  # a draft vote: nobody chosen yet
    for field, what in (("roster_from", "代表名册"), ("projects_from", "入选项目")):
        answer = create(admin_client, **{field: old})
        assert error_of(answer) == (409, "nothing_to_carry")
        assert what in answer.get_json()["error"]["message"]
    assert len(admin_client.get("/api/v1/admin/meetings").get_json()["meetings"]) == 1


def test_the_rating_takes_the_chosen_projects_of_the_published_vote_and_its_revote(
    app, factory, admin_client
):
    old = factory.meeting()
    voters = factory.deputies(old, 5)
    ballot = factory.ballot(old, candidates=4, places=2)
    a, b, c, _ = factory.item_ids(ballot)
    with write_session(app) as db:
        db.get(Candidate, a).lead_department = "市应急管理局"
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    # a is chosen (4); b and c (3 each) tie for the place left, settled by a re-vote.
    first_round = ([a, b], [a, b], [a, c], [a, c], [b, c])
    for (_, token), approve in zip(voters, first_round, strict=True):
        client = app.test_client()
        client.get(f"/d/{token}")
        sheet = {"receipt": new_receipt(), "sheet": {"approve": approve}}
        assert client.post(f"/api/v1/ballots/{ballot}/sheets", json=sheet).status_code == 201
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    revote = admin_client.post(f"/api/v1/admin/ballots/{ballot}/revote").get_json()["id"]
    admin_client.post(f"/api/v1/admin/ballots/{revote}/open")
    for (_, token), approve in zip(voters, ([c], [c], [c], [b], [b]), strict=True):
        client = app.test_client()
        client.get(f"/d/{token}")
        sheet = {"receipt": new_receipt(), "sheet": {"approve": approve}}
        assert client.post(f"/api/v1/ballots/{revote}/sheets", json=sheet).status_code == 201
    admin_client.post(f"/api/v1/admin/ballots/{revote}/close")

    new = create(admin_client, year=2027, projects_from=old).get_json()
    assert new["carried"]["projects"]["projects"] == 2
    rating = admin_client.get(f"/api/v1/admin/ballots/{new['carried']['projects']['ballot_id']}")
    assert [item["name"] for item in rating.get_json()["items"]] == ["候选项目1", "候选项目3"]
    page = admin_client.get("/admin/projects").get_data(as_text=True)
    assert "牵头单位：市应急管理局" in page


def test_the_banner_of_a_fresh_install_says_to_create_the_meeting(app, admin_client):
    import run

    assert "尚未建立会议：登录秘书处后台，先「新建会议」" in run.banner(app, None)
    create(admin_client)
    assert "尚未建立会议" not in run.banner(app, None)


def test_on_postgresql_one_meeting_is_current_and_switches_take_turns(pg_app):
    from tests.conftest import ADMIN_PASSWORD

    desk = pg_app.test_client()
    token = desk.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD}).get_json()
    headers = {"X-CSRFToken": token["csrf_token"]}
    first = desk.post("/api/v1/admin/meetings", json=NEW, headers=headers).get_json()
    second = desk.post(
        "/api/v1/admin/meetings", json={**NEW, "year": 2027}, headers=headers
    ).get_json()
    back = desk.post(f"/api/v1/admin/meetings/{first['id']}/current", json={}, headers=headers)
    assert back.status_code == 200
    listed = desk.get("/api/v1/admin/meetings").get_json()["meetings"]
    assert [(m["id"], m["current"]) for m in listed] == [(second["id"], False), (first["id"], True)]
    with pytest.raises(IntegrityError), write_session(pg_app) as db:
        db.get(Meeting, second["id"]).is_current = True


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/admin/overview",
        "/api/v1/admin/meeting",
        "/api/v1/admin/roll",
        "/api/v1/admin/ballot-items",
        "/admin/roster",
        "/admin/candidates",
        "/admin/projects",
        "/admin/cards",
        "/admin/settings",
    ],
)
def test_before_any_meeting_the_desk_pages_say_to_create_one(admin_client, path):
    answer = admin_client.get(path)
    assert answer.status_code == 404
    if path.startswith("/api/"):
        text = answer.get_json()["error"]["message"]
    else:
        text = answer.get_data(as_text=True)
    assert "尚未建立会议：请先在控制台新建会议" in text


def test_before_any_meeting_an_import_is_refused_not_failed(admin_client):
    from tests.test_meeting_years import completed_projects, upload

    data = completed_projects([("城乡公交一体化", "市交通运输局")])
    answer = upload(admin_client, "/api/v1/admin/imports/completed-projects", data, "项目.xlsx")
    assert error_of(answer) == (404, "not_found")
