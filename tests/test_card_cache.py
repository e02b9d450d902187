"""The sheet POST's cache of card holders (hall/roster/card_holder.py): a phone's card is read
from the database once per process, and whatever changed since (a card revoked or replaced, a
phone released, the meeting archived) is answered exactly as without the cache: the ballot box
checks the card again on the deputy's row, and the route then asks the database as new."""

import pytest

from hall.roster.card_holder import HolderCache, holders
from hall.roster.cards import DEVICE_COOKIE
from hall.roster.credentials import token_hash
from hall.store.db import write_session
from hall.store.models import Meeting
from hall.voting.receipts import new_receipt

NOBODY = {"approve": []}


def post_sheet(phone, ballot: int, sheet=None):
    body = {"receipt": new_receipt(), "sheet": NOBODY if sheet is None else sheet}
    return phone.post(f"/api/v1/ballots/{ballot}/sheets", json=body)


def code_of(answer) -> str | None:
    return (answer.get_json().get("error") or {}).get("code")


@pytest.fixture
def hall(app, factory, admin_client):
    """A meeting with one phone per card and a deputy whose phone opened its card link and cast
    in a first ballot (so this process remembers the card); the second ballot is open."""
    meeting = factory.meeting()
    with write_session(app) as db:
        db.get(Meeting, meeting).one_phone_per_card = True
    first, second = factory.ballot(meeting), factory.ballot(meeting)
    deputy_id, token = factory.deputy(meeting)
    assert admin_client.post(f"/api/v1/admin/ballots/{first}/open").status_code == 200
    phone = app.test_client()
    assert phone.get(f"/d/{token}").status_code == 302
    assert post_sheet(phone, first).status_code == 201
    assert admin_client.post(f"/api/v1/admin/ballots/{first}/close").status_code == 200
    assert admin_client.post(f"/api/v1/admin/ballots/{second}/open").status_code == 200
    assert token_hash(token) in holders._holders, "the first sheet's card is remembered"
    return {
        "meeting": meeting,
        "ballot": second,
        "deputy": deputy_id,
        "token": token,
        "phone": phone,
    }


def test_a_remembered_card_that_was_revoked_is_refused(hall, admin_client):
    admin_client.post(f"/api/v1/admin/deputies/{hall['deputy']}/card/revoke")
    answer = post_sheet(hall["phone"], hall["ballot"])
    assert answer.status_code == 403 and code_of(answer) == "credential_revoked"
    ballots = admin_client.get("/api/v1/admin/overview").get_json()["ballots"]
    assert [b["turnout"]["voted"] for b in ballots if b["id"] == hall["ballot"]] == [0]


def test_a_remembered_card_that_was_replaced_says_it_was_replaced(hall, admin_client):
    path = f"/api/v1/admin/deputies/{hall['deputy']}/card/reissue"
    assert admin_client.post(path, json={"confirm": True}).status_code == 200
    answer = post_sheet(hall["phone"], hall["ballot"])
    assert answer.status_code == 403 and code_of(answer) == "credential_revoked"
    assert "已更换" in answer.get_json()["error"]["message"]


def test_a_phone_the_desk_released_casts_again_and_holds_the_card_anew(app, hall, admin_client):
    released = admin_client.post(f"/api/v1/admin/deputies/{hall['deputy']}/card/release")
    assert released.get_json()["deputy"]["phone_held"] is False
    answer = post_sheet(hall["phone"], hall["ballot"])
    assert answer.status_code == 201 and answer.get_json()["status"] == "counted"
    roll = admin_client.get("/api/v1/admin/roll").get_json()["delegations"][0]["deputies"]
    assert roll[0]["phone_held"] is True


def test_another_phone_holding_the_card_now_refuses_the_first(app, hall, admin_client):
    admin_client.post(f"/api/v1/admin/deputies/{hall['deputy']}/card/release")
    other = app.test_client()
    assert other.get(f"/d/{hall['token']}").status_code == 302  # now holds the card
    answer = post_sheet(hall["phone"], hall["ballot"])
    assert answer.status_code == 403 and code_of(answer) == "card_held_elsewhere"
    assert post_sheet(other, hall["ballot"]).status_code == 201


def test_a_page_of_another_deputy_is_refused_from_the_cache_too(hall):
    answer = hall["phone"].post(
        f"/api/v1/ballots/{hall['ballot']}/sheets",
        json={"receipt": new_receipt(), "sheet": NOBODY},
        headers={"X-Hall-Deputy": str(hall["deputy"] + 1)},
    )
    assert answer.status_code == 409 and code_of(answer) == "deputy_changed"


def test_a_phone_without_a_device_cookie_is_refused_when_the_card_is_held(app, hall):
    stranger = app.test_client()
    stranger.set_cookie("hall_deputy", hall["token"])  # the card cookie copied, not the phone
    stranger.delete_cookie(DEVICE_COOKIE)
    answer = post_sheet(stranger, hall["ballot"])
    assert answer.status_code == 403 and code_of(answer) == "card_held_elsewhere"


def test_the_cache_is_bounded_and_forgets_the_oldest():
    from hall.roster.card_holder import CardHolder, HolderMeeting

    cache = HolderCache(size=2)
    made = [
        CardHolder(n, 1, f"代表{n}", f"hash{n}", False, None, HolderMeeting(1, True, False))
        for n in range(3)
    ]
    for holder in made:
        cache.remember(holder)
    assert list(cache._holders) == ["hash1", "hash2"]


def test_a_remembered_card_of_a_meeting_archived_since_is_refused_as_archived(
    app, factory, hall, admin_client
):
    draft = factory.ballot(hall["meeting"])
    assert admin_client.post(f"/api/v1/admin/ballots/{hall['ballot']}/close").status_code == 200
    new = admin_client.post("/api/v1/admin/meetings", json={"name": "下一次会议", "year": 2027})
    assert new.status_code == 201
    answer = post_sheet(hall["phone"], draft)
    assert answer.status_code == 409 and code_of(answer) == "meeting_archived"


def test_a_new_phone_given_the_card_casts_though_this_process_remembers_the_old_one(
    app, hall, admin_client
):
    """The desk releases the card, the deputy's new phone opens it (its socket never comes
    up) and casts: the remembered holder still names the old phone, the database the new."""
    admin_client.post(f"/api/v1/admin/deputies/{hall['deputy']}/card/release")
    new_phone = app.test_client()
    assert new_phone.get(f"/d/{hall['token']}").status_code == 302
    answer = post_sheet(new_phone, hall["ballot"])
    assert answer.status_code == 201 and answer.get_json()["status"] == "counted"
