"""The secretariat desk: login, CSRF, and a ballot's life from draft to published."""

import pytest

from hall.ballots.life import get_ballot
from hall.live.state import live
from hall.store.db import write_session
from hall.voting.receipts import new_receipt
from tests.conftest import ADMIN_PASSWORD


def test_the_dashboard_needs_a_login(client):
    answer = client.get("/admin/")
    assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"]
    assert client.get("/api/v1/admin/overview").get_json()["error"]["code"] == "unauthenticated"


def test_a_wrong_password_is_refused(client):
    answer = client.post("/api/v1/admin/login", json={"password": "guess"})
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "login_failed"


def test_the_login_form_is_csrf_protected(app, factory):
    factory.meeting()
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    refused = client.post("/admin/login", data={"password": ADMIN_PASSWORD})
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    logged_in = client.post("/admin/login", data={"password": ADMIN_PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_state_change_without_the_csrf_header_is_refused(app, factory):
    ballot = factory.ballot(factory.meeting())
    client = app.test_client()
    client.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD})
    answer = client.post(f"/api/v1/admin/ballots/{ballot}/open", json={})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "csrf_failed"


def test_a_ballot_goes_from_draft_to_published(factory, admin_client):
    ballot = factory.ballot(factory.meeting())
    base = f"/api/v1/admin/ballots/{ballot}"
    assert admin_client.post(f"{base}/close").get_json()["error"]["code"] == "invalid_state"
    assert admin_client.post(f"{base}/publish").status_code == 409
    assert admin_client.post(f"{base}/open").get_json()["state"] == "open"
    assert admin_client.post(f"{base}/open").status_code == 409
    assert admin_client.post(f"{base}/close").get_json()["state"] == "closed"
    published = admin_client.post(f"{base}/publish").get_json()
    assert published["state"] == "published" and published["closed_at"] is not None


def test_only_one_ballot_is_open_at_a_time(factory, admin_client):
    meeting = factory.meeting()
    first, second = factory.ballot(meeting), factory.ballot(meeting)
    admin_client.post(f"/api/v1/admin/ballots/{first}/open")
    answer = admin_client.post(f"/api/v1/admin/ballots/{second}/open")
    assert answer.status_code == 409 and "正在进行" in answer.get_json()["error"]["message"]


@pytest.mark.parametrize("seconds", [5, "60", True, 10**9])
def test_a_bad_countdown_is_refused(factory, admin_client, seconds):
    ballot = factory.ballot(factory.meeting())
    answer = admin_client.post(
        f"/api/v1/admin/ballots/{ballot}/open", json={"countdown_seconds": seconds}
    )
    assert answer.get_json()["error"]["code"] == "bad_request"


def test_a_countdown_closes_the_ballot_by_itself(app, factory, admin_client, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    _, token = factory.deputy(meeting)
    opened = admin_client.post(
        f"/api/v1/admin/ballots/{ballot}/open", json={"countdown_seconds": 60}
    ).get_json()
    assert opened["closes_at"] - opened["opened_at"] == 60_000
    live.close_expired(app)
    assert admin_client.get("/api/v1/admin/overview").get_json()["ballots"][0]["state"] == "open"
    with write_session(app) as db:  # time passes: move the deadline into the past
        get_ballot(db, ballot).closes_at = get_ballot(db, ballot).opened_at
    late = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": []}},
    )
    assert late.get_json()["error"]["code"] == "ballot_not_open"
    live.close_expired(app)
    assert admin_client.get("/api/v1/admin/overview").get_json()["ballots"][0]["state"] == "closed"


def test_the_result_is_computed_on_the_roll_frozen_at_close(factory, admin_client, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    voters = factory.deputies(meeting, 3)
    factory.deputies(meeting, 1, signed_in=False)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    for _, token in voters:
        deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets",
            json={"receipt": new_receipt(), "sheet": {"approve": items[:1]}},
        )
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    factory.deputies(meeting, 3)  # late arrivals do not change a closed count
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert (result["expected"], result["present"], result["returned"]) == (4, 3, 3)
    assert result["threshold"] == 3
    assert result["chosen_ids"] == [items[0]]
    assert result["shortfall"] == 1


def test_the_demo_cards_page_exists_only_for_the_demo_meeting(app, client):
    assert client.get("/demo/cards").status_code == 404
    from hall.demo.load import load_demo

    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    page = client.get("/demo/cards").get_data(as_text=True)
    link = page.split('href="http://hall.test/d/')[1].split('"')[0]
    assert page.count("/d/") == 230
    # The card is a 表决卡 (代表证 is the deputy's credential, issue 16).
    assert "打开表决卡" in page and "代表卡" not in page
    phone = app.test_client()
    assert phone.get(f"/d/{link}").status_code == 302
    me = phone.get("/api/v1/me").get_json()
    assert me["meeting"]["demo"] is True
    assert me["ballot"] is None
