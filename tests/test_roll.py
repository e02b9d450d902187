"""The roll as RULES.md has it: 应到 is the whole roster (leave lowers neither 应到 nor the
threshold), 请假 and 缺席 are shown on their own, a deputy on leave who signs in on the phone is
present (the leave cleared, the desk told), and before sign-in opens nobody fails a quorum."""

import io
import json
import re
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader

from hall.base.clock import utcnow
from hall.live.state import live
from hall.rules import (
    Attendance,
    Candidate,
    Roll,
    VoteSettings,
    count_attendance,
    decide,
    quorum_met,
    tally,
)
from hall.store.db import session_factory, write_session
from hall.store.models import AuditEntry, Deputy, Meeting
from hall.voting.receipts import new_receipt

ROOT = Path(__file__).resolve().parent.parent
LINE_230 = "应到 230 人，实到 201 人，请假 2 人，缺席 29 人"


# The rules


def test_the_roll_line_reads_as_rules_md_prints_it():
    assert Attendance(expected=230, present=201, on_leave=2).line == LINE_230
    assert Attendance(expected=230, present=201, on_leave=2).absent == 29


def test_a_roll_frozen_without_leave_leaves_the_leave_out_of_the_line():
    assert Attendance(230, 201).line == "应到 230 人，实到 201 人，缺席 29 人"


def test_leave_lowers_neither_the_expected_nor_counts_as_present():
    # 230 on the roster: 2 on leave (one of them signed in before the leave), 201 present.
    deputies = [(False, True)] * 201 + [(False, False)] * 27 + [(True, False), (True, True)]
    attendance = count_attendance(deputies)
    assert (attendance.expected, attendance.present, attendance.on_leave) == (230, 201, 2)
    assert attendance.line == LINE_230


def test_leave_does_not_lower_the_threshold_or_the_quorum():
    candidates = [Candidate(id=index, position=index) for index in range(1, 4)]
    sheets = [(True, {1: "yes"})] * 115 + [(True, {2: "yes"})] * 86
    counted = tally([1, 2, 3], sheets)
    roll = Roll(expected=230, present=201, issued=201, on_leave=2)
    result = decide(candidates, VoteSettings(places=1), roll, counted)
    # More than half of 230 (not of 228): 115 赞成 is not enough.
    assert (result.basis_count, result.threshold) == (230, 116)
    assert result.rows[0].passed is False and result.chosen_ids == []
    assert (result.on_leave, result.absent) == (2, 29)
    assert result.to_dict()["on_leave"] == 2 and result.to_dict()["absent"] == 29
    assert not quorum_met(230, 115) and quorum_met(230, 116)


# Through the API


def roll(client) -> dict:
    return client.get("/api/v1/admin/roll").get_json()


def last_audit(app) -> tuple[str, str, dict]:
    with session_factory(app)() as db:
        entry = db.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        return entry.actor, entry.action, json.loads(entry.detail)


def test_a_deputy_on_leave_who_signs_in_on_the_phone_is_present_and_the_desk_is_told(
    app, factory, admin_client, deputy_client, socket_client
):
    meeting = factory.meeting(sign_in_open=True)
    deputy_id, token = factory.deputy(meeting, signed_in=False, on_leave=True, name="林秀英")
    factory.deputies(meeting, 2, signed_in=False)
    desk = socket_client("/desk", admin_client)
    before = roll(admin_client)["roll"]
    assert (before["expected"], before["present"], before["on_leave"]) == (3, 0, 1)
    phone = deputy_client(token)
    assert phone.get("/api/v1/me").get_json()["deputy"]["signed_in"] is False

    answer = phone.post("/api/v1/me/sign-in", json={})
    assert answer.status_code == 200 and answer.get_json() == {"signed_in": True}
    assert phone.get("/api/v1/me").get_json()["deputy"]["signed_in"] is True
    after = roll(admin_client)
    assert (after["roll"]["present"], after["roll"]["on_leave"]) == (1, 0)
    assert after["roll"]["line"] == "应到 3 人，实到 1 人，请假 0 人，缺席 2 人"
    shown = next(d for g in after["delegations"] for d in g["deputies"] if d["id"] == deputy_id)
    assert shown["on_leave"] is False and shown["signed_in"] is True
    assert shown["leave_cleared"] is True
    actor, action, detail = last_audit(app)
    assert (actor, action) == ("phone", "deputy_leave")
    assert detail["deputy"] == deputy_id and detail["before"] == "请假"
    assert "请假已取消" in detail["after"]

    live.flush(app)
    pushed = [m["args"][0] for m in desk.get_received("/desk") if m["name"] == "snapshot"]
    assert pushed[-1]["leave_cleared"] == [{"id": deputy_id, "name": "林秀英"}]
    assert pushed[-1]["roll"]["present"] == 1
    page = admin_client.get("/admin/roster").get_data(as_text=True)
    assert "请假已取消（本人手机签到）" in page
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert "林秀英：请假后已用本人手机签到，请假已取消" in dashboard


def test_the_phone_never_says_signed_in_while_the_roll_does_not_count_the_deputy(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting(sign_in_open=True)
    # A sign-in left from before the leave (as older data may hold): not present.
    _, token = factory.deputy(meeting, signed_in=True, on_leave=True)
    assert roll(admin_client)["roll"]["present"] == 0
    phone = deputy_client(token)
    assert phone.get("/api/v1/me").get_json()["deputy"]["signed_in"] is False
    phone.post("/api/v1/me/sign-in", json={})
    assert roll(admin_client)["roll"]["present"] == 1
    assert phone.get("/api/v1/me").get_json()["deputy"]["signed_in"] is True


def test_a_deputy_on_leave_cannot_sign_in_on_the_phone_while_sign_in_is_closed(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    _, token = factory.deputy(meeting, signed_in=False, on_leave=True)
    refused = deputy_client(token).post("/api/v1/me/sign-in", json={})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "sign_in_closed"
    assert roll(admin_client)["roll"]["on_leave"] == 1


def test_the_screen_says_sign_in_has_not_started_until_it_opens(app, factory, admin_client):
    meeting = factory.meeting()
    factory.deputies(meeting, 3, signed_in=False)
    screen = app.test_client()

    def shown() -> dict:
        return screen.get("/api/v1/screen/snapshot?key=screen-key").get_json()["roll"]

    assert shown()["sign_in_started"] is False and shown()["quorum_met"] is False
    admin_client.post("/api/v1/admin/sign-in/open")
    assert shown()["sign_in_started"] is True and shown()["sign_in_open"] is True
    admin_client.post("/api/v1/admin/sign-in/close")
    assert shown()["sign_in_started"] is True and shown()["sign_in_open"] is False
    with session_factory(app)() as db:
        assert db.get(Meeting, meeting).sign_in_opened_at is not None


def test_the_screen_script_words_the_sign_in_scene_from_the_snapshot():
    """What the sign-in scene says, read from its source: the snapshot's fields it keys on."""
    scene = (ROOT / "static/js/screen/sign_in_view.js").read_text(encoding="utf-8")
    assert "roll.sign_in_started" in scene
    assert "'签到尚未开始'" in scene
    # The red ✗ and 未达法定人数 only once sign-in has started.
    assert "started ? '✗' : ''" in scene
    assert "started ? '未达法定人数' : '签到尚未开始'" in scene
    assert "rollLine(roll)" in scene


def test_a_closed_ballot_keeps_the_roll_with_leave_and_absence(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=1)
    voters = factory.deputies(meeting, 3)
    factory.deputy(meeting, signed_in=False)
    factory.deputy(meeting, signed_in=False, on_leave=True)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    for _, token in voters:
        cast = deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets",
            json={"receipt": new_receipt(), "sheet": {"approve": items[:1]}},
        )
        assert cast.status_code == 201
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    # A change to the roll after the close does not move the result.
    with write_session(app) as db:
        db.execute(sa.update(Deputy).values(on_leave=False, signed_in_at=utcnow()))
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert (result["expected"], result["present"], result["on_leave"]) == (5, 3, 1)
    assert result["absent"] == 2 and result["issued"] == 3
    # More than half of all 5 deputies, the one on leave too: 3 赞成.
    assert (result["basis_count"], result["threshold"]) == (5, 3)
    assert result["chosen_ids"] == [items[0]]

    line = "应到 5 人，实到 3 人，请假 1 人，缺席 2 人"
    html = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert line in re.sub(r"<[^>]+>", "", html)
    pdf = admin_client.get(f"/admin/ballots/{ballot}/sheet.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert line in text.replace("\n", "")


def test_the_roll_is_counted_alike_on_postgresql(pg_app):
    from hall.meeting.roll import roll_call
    from tests.conftest import Factory

    factory = Factory(pg_app)
    meeting = factory.meeting()
    factory.deputies(meeting, 3, signed_in=True)
    factory.deputies(meeting, 2, signed_in=False)
    factory.deputy(meeting, signed_in=False, on_leave=True)
    factory.deputy(meeting, signed_in=True, on_leave=True)  # an old sign-in under leave
    with session_factory(pg_app)() as db:
        counted = roll_call(db, db.get(Meeting, meeting))
    assert (counted.expected, counted.present, counted.on_leave) == (7, 3, 2)
    assert counted.to_dict()["line"] == "应到 7 人，实到 3 人，请假 2 人，缺席 4 人"
