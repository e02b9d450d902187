"""The back office's own rules: roles, throttled logins, settings frozen once a ballot opens,
rehearsal and its wipe, screen scenes and key, the live monitor, the chained audit log."""

import csv
import io
from urllib.parse import unquote

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from hall.live.state import live
from hall.store.db import session_factory, write_session
from hall.store.models import AuditEntry
from hall.voting.receipts import new_receipt
from tests.conftest import ADMIN_PASSWORD


def login(app, username, password):
    client = app.test_client()
    answer = client.post("/api/v1/admin/login", json={"username": username, "password": password})
    token = (answer.get_json() or {}).get("csrf_token")
    return client, answer, token


def test_a_scrutineer_sees_everything_and_changes_nothing(app, factory, admin_client):
    ballot = factory.ballot(factory.meeting())
    created = admin_client.post(
        "/api/v1/admin/accounts", json={"username": "jianpiao", "password": "scrutinize"}
    )
    assert created.status_code == 201 and created.get_json()["role"] == "scrutineer"
    client, answer, token = login(app, "jianpiao", "scrutinize")
    assert answer.status_code == 200
    assert client.get("/api/v1/admin/overview").status_code == 200
    assert client.get(f"/api/v1/admin/ballots/{ballot}/result").status_code == 200
    assert client.get("/admin/").status_code == 200
    refused = client.post(
        f"/api/v1/admin/ballots/{ballot}/open", json={}, headers={"X-CSRFToken": token}
    )
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/admin/accounts").status_code == 403


def test_accounts_need_a_sound_name_and_password(admin_client):
    short = admin_client.post("/api/v1/admin/accounts", json={"username": "ab", "password": "x"})
    assert short.get_json()["error"]["code"] == "bad_request"
    admin_client.post("/api/v1/admin/accounts", json={"username": "jp", "password": "12345678"})
    again = admin_client.post(
        "/api/v1/admin/accounts", json={"username": "jp", "password": "12345678"}
    )
    assert again.get_json()["error"]["code"] == "account_exists"


def test_logins_are_throttled_after_five_failures(app):
    for _ in range(5):
        assert login(app, "admin", "wrong")[1].status_code == 401
    _, blocked, _ = login(app, "admin", ADMIN_PASSWORD)
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "too_many_attempts"


def test_counting_settings_are_frozen_once_a_ballot_opens(factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    changed = admin_client.post(
        "/api/v1/admin/meeting", json={"threshold_fraction": "2/3", "threshold_basis": "present"}
    )
    assert changed.get_json()["threshold_fraction"] == "2/3"
    assert (
        admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()["threshold_basis"]
        == "present"
    ), "drafts follow the meeting's settings"
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    frozen = admin_client.post("/api/v1/admin/meeting", json={"quorum_fraction": "2/3"})
    assert frozen.status_code == 409
    error = frozen.get_json()["error"]
    assert error["code"] == "settings_frozen" and "已经开始" in error["message"]
    renamed = admin_client.post("/api/v1/admin/meeting", json={"name": "新名称"})
    assert renamed.get_json()["name"] == "新名称", "the name is not a counting setting"


def test_bad_settings_are_refused(factory, admin_client):
    factory.meeting()
    for change in ({"threshold_fraction": "3/2"}, {"year": "2026"}, {"default_display": "x"}):
        assert admin_client.post("/api/v1/admin/meeting", json=change).status_code == 400
    assert admin_client.post("/api/v1/admin/meeting", json={"color": 1}).status_code == 400


def test_rehearsal_is_marked_everywhere_and_its_votes_can_be_wiped(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    (_, token), *_ = factory.deputies(meeting, 3)
    refused = admin_client.post("/api/v1/admin/rehearsal/wipe")
    assert refused.get_json()["error"]["code"] == "not_rehearsal"
    admin_client.post("/api/v1/admin/rehearsal", json={"on": True})
    admin_client.post("/api/v1/admin/sign-in/open")
    phone = deputy_client(token)
    assert phone.get("/api/v1/me").get_json()["meeting"]["rehearsal"] is True
    assert phone.get("/api/v1/me").get_json()["meeting"]["rehearsal_wiped_at"] is None
    snapshot = app.test_client().get("/api/v1/screen/snapshot?key=screen-key").get_json()
    assert snapshot["meeting"]["rehearsal"] is True
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    vote = {"receipt": new_receipt(), "sheet": {"approve": items[:2]}}
    assert phone.post(f"/api/v1/ballots/{ballot}/sheets", json=vote).status_code == 201

    wiped = admin_client.post("/api/v1/admin/rehearsal/wipe").get_json()["removed"]
    assert wiped["sheets"] == 1 and wiped["participations"] == 1 and wiped["sign_ins"] == 3
    # What the phones are pushed (`state` carries the same meeting): they apply the wipe.
    assert phone.get("/api/v1/me").get_json()["meeting"]["rehearsal_wiped_at"]
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    assert overview["roll"]["present"] == 0 and overview["roll"]["expected"] == 3
    assert overview["roll"]["sign_in_open"] is False
    assert overview["ballots"][0]["state"] == "draft"
    assert overview["ballots"][0]["items"] == 15, "loaded data stays"


def test_rehearsal_exports_and_sheets_say_rehearsal_in_name_and_title(
    factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=1)
    (_, token), *_ = factory.deputies(meeting, 2)
    admin_client.post("/api/v1/admin/rehearsal", json={"on": True})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    vote = {"receipt": new_receipt(), "sheet": {"approve": factory.item_ids(ballot)[:1]}}
    deputy_client(token).post(f"/api/v1/ballots/{ballot}/sheets", json=vote)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")

    def filename(answer) -> str:
        disposition = answer.headers["Content-Disposition"]
        return unquote(disposition.split("filename*=UTF-8''")[1])

    exported = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv")
    assert filename(exported) == "【演练】2026年民生实事项目票决结果.csv"
    title_row = next(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert title_row == ["【演练】测试市人民代表大会 · 2026年民生实事项目票决"]
    workbook = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.xlsx")
    assert filename(workbook) == "【演练】2026年民生实事项目票决结果.xlsx"
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    assert sheet["A1"].value == "【演练】测试市人民代表大会 · 2026年民生实事项目票决"
    page = admin_client.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert "【演练】计票结果报告单" in page
    pdf = admin_client.get(f"/admin/ballots/{ballot}/sheet.pdf")
    assert filename(pdf) == "【演练】2026年民生实事项目票决计票结果报告单.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "【演练】计票结果报告单" in text.replace("\n", "")

    # Outside rehearsal nothing says so.
    admin_client.post("/api/v1/admin/rehearsal/wipe")
    admin_client.post("/api/v1/admin/rehearsal", json={"on": False})
    real = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv")
    assert "演练" not in filename(real) and "演练" not in real.data.decode("utf-8-sig")


def test_the_desk_picks_the_screen_scene(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)

    def scene():
        return app.test_client().get("/api/v1/screen/snapshot?key=screen-key").get_json()

    for pick in ("title", "sign_in", "showcase"):
        assert admin_client.post("/api/v1/admin/screen", json={"scene": pick}).status_code == 200
        assert scene()["scene"] == pick
    draft = admin_client.post("/api/v1/admin/screen", json={"scene": f"ballot:{ballot}"})
    assert draft.status_code == 400, "a draft is nothing to show"
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    second = factory.ballot(meeting)
    admin_client.post(f"/api/v1/admin/ballots/{second}/open")
    admin_client.post("/api/v1/admin/screen", json={"scene": f"ballot:{ballot}"})
    pinned = scene()
    assert pinned["scene"] == "result" and pinned["ballot"]["id"] == ballot
    admin_client.post("/api/v1/admin/screen", json={"scene": "auto"})
    assert scene()["ballot"]["id"] == second and scene()["scene"] == "voting"


def test_rotating_the_screen_key_locks_out_the_old_one(app, factory, admin_client, socket_client):
    factory.meeting()
    screen = socket_client("/screen", auth={"key": "screen-key"})
    assert screen.is_connected("/screen")
    rotated = admin_client.post("/api/v1/admin/screen-key/rotate").get_json()
    assert rotated["screen_url"].endswith(rotated["screen_key"])
    assert not screen.is_connected("/screen")
    old = app.test_client().get("/api/v1/screen/snapshot?key=screen-key")
    assert old.status_code == 403
    new = app.test_client().get(f"/api/v1/screen/snapshot?key={rotated['screen_key']}")
    assert new.status_code == 200


def test_the_monitor_names_who_has_not_voted_and_never_what_anyone_chose(
    factory, admin_client, deputy_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    voters = factory.deputies(meeting, 3)
    factory.deputy(meeting, signed_in=False, name="未到代表")
    factory.deputy(meeting, on_leave=True, name="请假代表")
    socket_client("/deputy", deputy_client(voters[0][1]))
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    deputy_client(voters[0][1]).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": items[:1]}},
    )
    figures = admin_client.get(f"/api/v1/admin/ballots/{ballot}/monitor").get_json()
    assert figures["by_delegation"] == [
        {"delegation": "第一代表团", "expected": 5, "present": 3, "on_leave": 1, "voted": 1}
    ]
    names = [row["name"] for row in figures["not_voted"]]
    assert names == ["代表2", "代表3", "未到代表"]
    assert [row["signed_in"] for row in figures["not_voted"]] == [True, True, False]
    assert figures["phones_connected"] == 1
    assert "approve" not in str(figures) and "yes" not in str(figures)
    page = admin_client.get(f"/admin/ballots/{ballot}/monitor")
    assert page.status_code == 200 and "未到代表" in page.get_data(as_text=True)


def test_the_audit_log_is_a_chain_that_shows_tampering(app, factory, admin_client):
    ballot = factory.ballot(factory.meeting())
    admin_client.post("/api/v1/admin/sign-in/open")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    admin_client.post("/api/v1/admin/meeting", json={"name": "改名"})
    check = admin_client.get("/api/v1/admin/audit/check").get_json()
    assert check == {"intact": True, "entries": 3, "first_broken_id": None}
    entries = admin_client.get("/api/v1/admin/audit").get_json()["entries"]
    assert [e["action"] for e in entries] == ["sign_in_open", "ballot_open", "meeting_settings"]
    assert '"before"' in entries[2]["detail"] and "改名" in entries[2]["detail"]
    csv_text = admin_client.get("/api/v1/admin/audit.csv").data.decode("utf-8-sig")
    assert "ballot_open" in csv_text

    with write_session(app) as db:  # someone edits the database behind Hall's back
        db.execute(sa.update(AuditEntry).where(AuditEntry.id == 2).values(actor="nobody"))
    broken = admin_client.get("/api/v1/admin/audit/check").get_json()
    assert broken["intact"] is False and broken["first_broken_id"] == 2
    page = admin_client.get("/admin/audit")
    assert page.status_code == 200


def test_the_audit_log_never_holds_a_choice(app, factory, admin_client, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    ((_, token),) = factory.deputies(meeting, 1)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": items[:2]}},
    )
    live.flush(app)
    with session_factory(app)() as db:
        details = " ".join(db.scalars(sa.select(AuditEntry.detail)))
    assert "yes" not in details and "approve" not in details


def test_rehearsal_never_mixes_with_real_votes(factory, admin_client, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    ((_, token),) = factory.deputies(meeting, 1)
    admin_client.post("/api/v1/admin/rehearsal", json={"on": True})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    leave = admin_client.post("/api/v1/admin/rehearsal", json={"on": False})
    assert leave.status_code == 409
    assert leave.get_json()["error"]["code"] == "rehearsal_votes_exist"
    admin_client.post("/api/v1/admin/rehearsal/wipe")
    assert admin_client.post("/api/v1/admin/rehearsal", json={"on": False}).status_code == 200

    admin_client.post("/api/v1/admin/sign-in/open")  # the real session
    assert deputy_client(token).post("/api/v1/me/sign-in", json={}).status_code == 200
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    vote = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": items[:1]}},
    )
    assert vote.status_code == 201
    enter = admin_client.post("/api/v1/admin/rehearsal", json={"on": True})
    assert enter.status_code == 409 and enter.get_json()["error"]["code"] == "real_votes_exist"
    assert admin_client.post("/api/v1/admin/rehearsal/wipe").status_code == 409
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/close").status_code == 200
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["returned"] == 1
