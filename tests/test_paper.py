"""Paper fallback: who votes on paper, anonymous paper sheets, two-person entry, the split."""

import json

import pytest
import sqlalchemy as sa

from hall.accounts.users import add_scrutineer
from hall.store.db import write_session
from hall.store.models import AuditEntry, Ballot, PaperEntry, Participation, Sheet
from hall.voting import box as ballot_box
from hall.voting.receipts import new_receipt

SCRUTINEER_PASSWORD = "scrutineer-pass-2026"


def post(client, path, **body):
    return client.post(f"/api/v1/admin/ballots{path}", json=body)


def phone_vote(deputy_client, token, ballot, approve):
    return deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": approve}},
    )


@pytest.fixture
def hall(factory, admin_client):
    """An open ballot (K = 2 of 3) and four signed-in deputies, two of them on paper."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    deputies = factory.deputies(meeting, 4)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    for deputy_id, _ in deputies[2:]:
        answer = post(admin_client, f"/{ballot}/paper/voters", deputy_id=deputy_id)
        assert answer.status_code == 200, answer.get_json()
    return ballot, factory.item_ids(ballot), deputies


@pytest.fixture
def second_user(app):
    """A client logged in as a scrutineer (监票人): a second person at the desk."""
    with write_session(app) as db:
        add_scrutineer(db, "jianpiao", SCRUTINEER_PASSWORD, "admin")
    client = app.test_client()
    answer = client.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": SCRUTINEER_PASSWORD}
    )
    assert answer.status_code == 200, answer.get_json()
    token = answer.get_json()["csrf_token"]
    original = client.post

    def post_with_token(*args, **kwargs):
        kwargs.setdefault("headers", {})["X-CSRFToken"] = token
        return original(*args, **kwargs)

    client.post = post_with_token
    return client


def test_a_deputy_on_paper_cannot_vote_by_phone(hall, deputy_client):
    ballot, items, deputies = hall
    _, paper_token = deputies[2]
    answer = phone_vote(deputy_client, paper_token, ballot, items[:1])
    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert error["code"] == "voting_on_paper" and "纸质选票" in error["message"]
    me = deputy_client(paper_token).get("/api/v1/me").get_json()
    assert me["voted"] is True and me["voted_via"] == "paper"
    phone_token = deputies[0][1]
    assert deputy_client(phone_token).get("/api/v1/me").get_json()["voted_via"] is None
    assert phone_vote(deputy_client, phone_token, ballot, items[:1]).status_code == 201
    assert deputy_client(phone_token).get("/api/v1/me").get_json()["voted_via"] == "phone"


def test_a_deputy_who_voted_by_phone_gets_no_paper(hall, admin_client, deputy_client):
    ballot, items, deputies = hall
    phone_id, phone_token = deputies[0]
    assert phone_vote(deputy_client, phone_token, ballot, items[:1]).status_code == 201
    answer = post(admin_client, f"/{ballot}/paper/voters", deputy_id=phone_id)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "already_voted"


def test_a_deputy_not_signed_in_must_sign_in_before_taking_paper(app, factory, hall, admin_client):
    ballot, _, _ = hall
    with write_session(app) as db:
        meeting = db.get(Ballot, ballot).meeting_id
    late_id, _ = factory.deputy(meeting, signed_in=False)
    answer = post(admin_client, f"/{ballot}/paper/voters", deputy_id=late_id)
    assert answer.get_json()["error"]["code"] == "not_signed_in"


def test_paper_handed_out_by_mistake_can_be_taken_back_before_the_close(hall, admin_client):
    ballot, _, deputies = hall
    deputy_id, _ = deputies[3]
    status = post(admin_client, f"/{ballot}/paper/voters/{deputy_id}/remove").get_json()
    assert [voter["deputy_id"] for voter in status["voters"]] == [deputies[2][0]]
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    late = post(admin_client, f"/{ballot}/paper/voters/{deputies[2][0]}/remove")
    assert late.get_json()["error"]["code"] == "invalid_state"


def test_the_desk_finds_deputies_by_name_with_how_they_vote(hall, admin_client):
    ballot, _, deputies = hall
    found = admin_client.get(f"/api/v1/admin/ballots/{ballot}/paper/deputies?q=代表").get_json()
    by_id = {deputy["deputy_id"]: deputy["voted_via"] for deputy in found["deputies"]}
    assert by_id[deputies[2][0]] == "paper" and by_id[deputies[0][0]] is None


def test_paper_sheets_are_entered_after_the_close_and_never_outnumber_paper_voters(
    app, hall, admin_client
):
    ballot, items, _ = hall
    early = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    assert early.status_code == 409 and "投票结束后" in early.get_json()["error"]["message"]
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    for _ in range(2):
        answer = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:2]})
        assert answer.status_code == 201
        assert answer.get_json() == {"status": "counted", "valid": True}
    third = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    assert third.status_code == 409 and third.get_json()["error"]["code"] == "paper_over_count"
    status = admin_client.get(f"/api/v1/admin/ballots/{ballot}/paper").get_json()
    assert status["sheets"] == {"entered": 2, "valid": 2, "invalid": 0}
    assert status["remaining"] == 0 and status["can_enter"] is True


def test_paper_sheets_can_be_invalid(hall, admin_client):
    ballot, items, _ = hall
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    over_cap = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items})
    assert over_cap.get_json() == {"status": "counted", "valid": False}
    spoilt = post(admin_client, f"/{ballot}/paper/sheets", invalid=True)
    assert spoilt.get_json() == {"status": "counted", "valid": False}
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert (result["returned"], result["valid"], result["invalid"]) == (2, 0, 2)
    malformed = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": [999]})
    assert malformed.get_json()["error"]["code"] == "sheet_malformed"


def test_the_result_and_exports_split_phone_and_paper(hall, admin_client, deputy_client):
    ballot, items, deputies = hall
    for _, token in deputies[:2]:
        assert phone_vote(deputy_client, token, ballot, items[:1]).status_code == 201
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items})
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["sources"] == {
        "phone": {"returned": 2, "valid": 2, "invalid": 0},
        "paper": {"returned": 2, "valid": 1, "invalid": 1},
    }
    assert (result["returned"], result["valid"], result["invalid"]) == (4, 3, 1)
    assert result["rows"][0]["yes"] == 3
    text = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv").data.decode("utf-8-sig")
    assert "其中手机选票,收回 2，有效 2，无效 0" in text
    assert "其中纸质选票,收回 2，有效 1，无效 1" in text


def test_paper_sheets_are_linked_to_no_deputy(app, hall, admin_client):
    ballot, items, deputies = hall
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    # The box and the waiting entries have no column that could name a deputy or an order.
    assert set(Sheet.__table__.columns.keys()) == {
        "receipt_hash",
        "ballot_id",
        "marks",
        "valid",
        "source",
    }
    assert not {"deputy_id", "at", "created_at"} & set(PaperEntry.__table__.columns.keys())
    with write_session(app) as db:
        paper_sheets = db.scalars(sa.select(Sheet).where(Sheet.source == "paper")).all()
        assert len(paper_sheets) == 1 and len(paper_sheets[0].receipt_hash) == 64
        voters = db.scalars(sa.select(Participation).where(Participation.via == "paper")).all()
        assert {voter.deputy_id for voter in voters} == {d for d, _ in deputies[2:]}
        # What was marked never reaches the audit trail.
        for entry in db.scalars(sa.select(AuditEntry).where(AuditEntry.action.like("paper%"))):
            detail = json.loads(entry.detail)
            assert "marks" not in detail and "sheet" not in detail
            assert not ("deputy" in detail and entry.action == "paper_sheet")


def test_two_people_must_agree_before_a_paper_sheet_counts(app, factory, admin_client, second_user):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, paper_two_person=True)
    items = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    for deputy_id, _ in factory.deputies(meeting, 2):
        post(admin_client, f"/{ballot}/paper/voters", deputy_id=deputy_id)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")

    first = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:2]})
    assert first.status_code == 202 and first.get_json()["status"] == "pending"
    entry = first.get_json()["entry_id"]
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["returned"] == 0  # nothing counts before the second person
    status = admin_client.get(f"/api/v1/admin/ballots/{ballot}/paper").get_json()
    assert status["pending"] == [{"id": entry, "entered_by": "admin"}]  # no marks shown

    confirm = f"/{ballot}/paper/entries/{entry}/confirm"
    same_user = post(admin_client, confirm, sheet={"approve": items[:2]})
    assert same_user.status_code == 409
    assert same_user.get_json()["error"]["code"] == "paper_same_user"
    conflict = post(second_user, confirm, sheet={"approve": items[1:]})
    assert conflict.status_code == 409
    error = conflict.get_json()["error"]
    assert error["code"] == "paper_conflict" and "不一致" in error["message"]
    agreed = post(second_user, confirm, sheet={"approve": [items[1], items[0]]})
    assert agreed.status_code == 201 and agreed.get_json() == {"status": "counted", "valid": True}
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["sources"]["paper"] == {"returned": 1, "valid": 1, "invalid": 0}
    with write_session(app) as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(PaperEntry)) == 0
        confirmed = db.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "paper_confirm")
        ).one()
        assert confirmed.actor == "jianpiao"
        assert json.loads(confirmed.detail)["entered_by"] == "admin"


def test_paper_entry_ids_are_never_reused(factory, admin_client, second_user):
    """An id in the audit trail, or in a confirm sent late, never comes to mean another entry."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, paper_two_person=True)
    items = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    for deputy_id, _ in factory.deputies(meeting, 3):
        post(admin_client, f"/{ballot}/paper/voters", deputy_id=deputy_id)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    first = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    first_id = first.get_json()["entry_id"]
    confirmed = post(second_user, f"/{ballot}/paper/entries/{first_id}/confirm",
                     sheet={"approve": items[:1]})  # fmt: skip
    assert confirmed.status_code == 201
    second = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[1:2]})
    second_id = second.get_json()["entry_id"]
    assert second_id != first_id
    discarded = post(admin_client, f"/{ballot}/paper/entries/{second_id}/discard")
    assert discarded.status_code == 200
    third = post(admin_client, f"/{ballot}/paper/sheets", invalid=True).get_json()["entry_id"]
    assert len({first_id, second_id, third}) == 3
    # The first entry's confirm, sent again late, finds nothing: it confirms no other sheet.
    late = post(second_user, f"/{ballot}/paper/entries/{first_id}/confirm",
                sheet={"approve": items[:1]})  # fmt: skip
    assert late.status_code == 404 and late.get_json()["error"]["code"] == "not_found"
    status = admin_client.get(f"/api/v1/admin/ballots/{ballot}/paper").get_json()
    assert status["pending"] == [{"id": third, "entered_by": "admin"}]


def test_a_wrong_first_entry_is_discarded_and_typed_again(factory, admin_client, second_user):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, paper_two_person=True)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    (deputy_id, _), *_ = factory.deputies(meeting, 1)
    post(admin_client, f"/{ballot}/paper/voters", deputy_id=deputy_id)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    entry = post(admin_client, f"/{ballot}/paper/sheets", invalid=True).get_json()["entry_id"]
    full = post(admin_client, f"/{ballot}/paper/sheets", invalid=True)
    assert full.get_json()["error"]["code"] == "paper_over_count"  # the waiting entry counts
    refused = post(second_user, f"/{ballot}/paper/entries/{entry}/discard")
    assert refused.status_code == 403  # a scrutineer confirms, but does not discard
    status = post(admin_client, f"/{ballot}/paper/entries/{entry}/discard").get_json()
    assert status["pending"] == [] and status["remaining"] == 1


def test_a_scrutineer_cannot_hand_out_paper(hall, second_user):
    ballot, _, deputies = hall
    answer = post(second_user, f"/{ballot}/paper/voters", deputy_id=deputies[0][0])
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden"


def test_the_batched_ballot_box_bars_a_deputy_on_paper_too(app, hall):
    ballot, items, deputies = hall
    (phone_id, _), _, (paper_id, _), _ = deputies
    sheet = {"approve": items[:1]}
    answers = ballot_box.cast_many(
        [
            ballot_box.Request(ballot, paper_id, new_receipt(), sheet),
            ballot_box.Request(ballot, phone_id, new_receipt(), sheet),
        ],
        app,
    )
    assert answers[0].code == "voting_on_paper"
    assert answers[1].status == "counted"
