"""Sign-in at the desk: a deputy signed in by hand or marked on leave (and back), each audited,
and the roll by delegation; 应到 is the whole roster, on leave or not, 实到 counts who signed in,
and 缺席 = 应到 − 实到."""

import json

import sqlalchemy as sa

from hall.live.state import live
from hall.store.db import session_factory, write_session
from hall.store.models import AuditEntry, Delegation, Deputy, Participation
from tests.conftest import ADMIN_PASSWORD


def roll(admin_client) -> dict:
    return admin_client.get("/api/v1/admin/overview").get_json()["roll"]


def last_audit(app) -> tuple[str, str, dict]:
    with session_factory(app)() as db:
        entry = db.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        return entry.actor, entry.action, json.loads(entry.detail)


def test_the_desk_signs_in_a_deputy_without_a_phone(app, factory, admin_client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=False)
    factory.deputy(meeting, signed_in=False)
    assert roll(admin_client)["present"] == 0
    answer = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["changed"] is True and body["deputy"]["signed_in"] is True
    assert body["deputy"]["signed_in_by"] == "desk:admin"
    assert body["roll"]["present"] == 1 and body["roll"]["expected"] == 2
    assert roll(admin_client)["present"] == 1
    actor, action, detail = last_audit(app)
    assert (actor, action) == ("admin", "desk_sign_in")
    assert detail["deputy"] == deputy_id and detail["before"] == "未签到"
    again = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in").get_json()
    assert again["changed"] is False and again["roll"]["present"] == 1


def test_desk_sign_in_works_while_phone_sign_in_is_closed(factory, admin_client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=False)
    assert roll(admin_client)["sign_in_open"] is False
    assert admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in").status_code == 200


def test_leave_keeps_a_deputy_expected_and_takes_the_sign_in_back(app, factory, admin_client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=True)
    factory.deputies(meeting, 2, signed_in=False)
    figures = ("expected", "present", "on_leave", "absent")
    assert tuple(roll(admin_client)[key] for key in figures) == (3, 1, 0, 2)
    leave = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/leave", json={"on_leave": True})
    assert leave.get_json()["deputy"]["on_leave"] is True
    assert leave.get_json()["deputy"]["signed_in"] is False
    assert tuple(roll(admin_client)[key] for key in figures) == (3, 0, 1, 3)
    assert roll(admin_client)["line"] == "应到 3 人，实到 0 人，请假 1 人，缺席 3 人"
    actor, action, detail = last_audit(app)
    assert (actor, action) == ("admin", "deputy_leave")
    assert (detail["before"], detail["after"]) == ("已签到", "请假")
    back = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/leave", json={"on_leave": False})
    assert back.get_json()["roll"]["expected"] == 3
    assert roll(admin_client)["present"] == 0  # back from leave, the deputy signs in again
    assert last_audit(app)[2]["after"] == "未签到"


def test_a_deputy_who_voted_in_the_open_ballot_is_not_put_on_leave(app, factory, admin_client):
    """Taking the sign-in back would leave a sheet from someone the roll does not count."""
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=True)
    ballot = factory.ballot(meeting, candidates=3, places=1)
    factory.set_state(ballot, "open")
    with write_session(app) as db:
        db.add(Participation(ballot_id=ballot, deputy_id=deputy_id))
    refused = admin_client.post(
        f"/api/v1/admin/deputies/{deputy_id}/leave", json={"on_leave": True}
    )
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "deputy_voted"
    assert roll(admin_client)["present"] == 1 and roll(admin_client)["on_leave"] == 0


def test_a_deputy_on_leave_is_not_signed_in_by_the_desk(factory, admin_client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=False, on_leave=True)
    refused = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "deputy_on_leave"
    assert "销假" in refused.get_json()["error"]["message"]


def test_bad_requests_are_refused(factory, admin_client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting)
    answer = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/leave", json={"on_leave": 1})
    assert answer.get_json()["error"]["code"] == "bad_request"
    missing = admin_client.post("/api/v1/admin/deputies/999/sign-in")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_desk_actions_need_the_csrf_header_and_a_login(app, factory):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=False)
    stranger = app.test_client()
    answer = stranger.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in", json={})
    assert answer.status_code in (400, 401)
    client = app.test_client()
    client.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD})
    no_header = client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in", json={})
    assert no_header.get_json()["error"]["code"] == "csrf_failed"


def test_the_roll_by_delegation_counts_expected_and_present(app, factory, admin_client):
    meeting = factory.meeting()
    with write_session(app) as db:
        db.add(Delegation(meeting_id=meeting, name="第二代表团", position=2))
    first = factory.deputies(meeting, 3, signed_in=False)
    factory.deputy(meeting, signed_in=False, on_leave=True)
    with write_session(app) as db:
        second = db.scalar(sa.select(Delegation.id).where(Delegation.name == "第二代表团"))
        db.get(Deputy, first[2][0]).delegation_id = second
    admin_client.post(f"/api/v1/admin/deputies/{first[0][0]}/sign-in")
    admin_client.post(f"/api/v1/admin/deputies/{first[2][0]}/sign-in")
    answer = admin_client.get("/api/v1/admin/roll").get_json()
    assert answer["roll"]["expected"] == 4 and answer["roll"]["present"] == 2
    assert answer["roll"]["on_leave"] == 1 and answer["roll"]["absent"] == 2
    counts = [
        (g["name"], g["expected"], g["present"], g["on_leave"]) for g in answer["delegations"]
    ]
    assert counts == [("第一代表团", 3, 1, 1), ("第二代表团", 1, 1, 0)]
    states = {
        d["name"]: (d["signed_in"], d["on_leave"]) for d in answer["delegations"][0]["deputies"]
    }
    assert states["代表1"] == (True, False) and states["代表2"] == (False, False)
    assert states["代表4"] == (False, True)


def test_the_roster_page_shows_the_roll_and_its_buttons_work_without_scripts(
    app, factory, admin_client
):
    meeting = factory.meeting()
    absent, _ = factory.deputy(meeting, signed_in=False, name="陈建国")
    present, _ = factory.deputy(meeting, signed_in=True, name="王芳")
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert 'id="roll-expected">2<' in page and 'id="roll-present">1<' in page
    assert f'name="sign_in" value="{absent}"' in page
    assert f'name="sign_in" value="{present}"' not in page
    assert "应到 2 · 实到 1" in page
    done = admin_client.post("/admin/roster/roll", data={"sign_in": absent}, json=None)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"#deputy-{absent}")
    after = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "已为陈建国签到" in after and 'id="roll-present">2<' in after
    assert "秘书处代签" in after
    admin_client.post("/admin/roster/roll", data={"leave": present}, json=None)
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "已将王芳标为请假" in page and 'id="roll-expected">2<' in page
    assert 'id="roll-present">1<' in page and 'id="roll-on-leave">1<' in page
    assert f'name="back" value="{present}"' in page


def test_the_screen_and_the_dashboard_follow_the_desk(app, factory, admin_client, client):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting, signed_in=False)
    factory.deputy(meeting, signed_in=False)
    admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/sign-in")
    live.flush(app)
    snapshot = client.get("/api/v1/screen/snapshot?key=screen-key").get_json()
    assert snapshot["roll"]["expected"] == 2 and snapshot["roll"]["present"] == 1
    admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/leave", json={"on_leave": True})
    snapshot = client.get("/api/v1/screen/snapshot?key=screen-key").get_json()
    assert snapshot["roll"]["expected"] == 2 and snapshot["roll"]["present"] == 0
    assert snapshot["roll"]["line"] == "应到 2 人，实到 0 人，请假 1 人，缺席 2 人"
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert 'id="roll-expected">2<' in dashboard and "/admin/roster" in dashboard
    assert 'id="roll-on-leave">1<' in dashboard and 'id="roll-absent">2<' in dashboard
    assert "应到 2 人，实到 0 人，请假 1 人，缺席 2 人" in dashboard
