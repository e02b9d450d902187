"""The phone's path: open the card link, see the meeting, sign in, vote, come back."""

from hall.voting.receipts import new_receipt


def test_opening_a_card_sets_an_httponly_cookie_and_shows_the_phone_page(app, factory):
    meeting = factory.meeting()
    _, token = factory.deputy(meeting)
    client = app.test_client()
    answer = client.get(f"/d/{token}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/phone")
    cookie = answer.headers["Set-Cookie"]
    assert f"hall_deputy={token}" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/api/v1/me").get_json()["deputy"]["name"] == "代表1"
    assert client.get("/phone").status_code == 200


def test_an_unknown_card_gets_a_clear_page(client):
    answer = client.get("/d/not-a-real-token")
    assert answer.status_code == 404
    assert "二维码无效" in answer.get_data(as_text=True)


def test_a_revoked_card_gets_a_clear_page(app, factory):
    _, token = factory.deputy(factory.meeting(), token_revoked=True)
    answer = app.test_client().get(f"/d/{token}")
    assert answer.status_code == 403
    assert "表决卡已作废" in answer.get_data(as_text=True)


def test_the_api_without_a_card_answers_a_stable_code(client):
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthenticated"


def test_sign_in_works_only_while_it_is_open(factory, deputy_client, admin_client):
    meeting = factory.meeting()
    _, token = factory.deputy(meeting, signed_in=False)
    phone = deputy_client(token)
    refused = phone.post("/api/v1/me/sign-in", json={})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "sign_in_closed"
    assert admin_client.post("/api/v1/admin/sign-in/open").get_json()["present"] == 0
    assert phone.post("/api/v1/me/sign-in", json={}).get_json() == {"signed_in": True}
    assert phone.post("/api/v1/me/sign-in", json={}).status_code == 200
    me = phone.get("/api/v1/me").get_json()
    assert me["deputy"]["signed_in"] is True and me["sign_in_open"] is True
    roll = admin_client.get("/api/v1/admin/overview").get_json()["roll"]
    assert roll["present"] == 1 and roll["expected"] == 1 and roll["quorum_met"] is True


def test_a_post_that_is_not_json_is_refused(factory, deputy_client):
    _, token = factory.deputy(factory.meeting())
    answer = deputy_client(token).post("/api/v1/me/sign-in", data="x=1")
    assert answer.get_json()["error"]["code"] == "bad_request"


def test_the_phone_sees_the_open_ballot_then_its_own_vote(factory, deputy_client, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    _, token = factory.deputy(meeting)
    phone = deputy_client(token)
    assert phone.get("/api/v1/me").get_json()["ballot"] is None
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    me = phone.get("/api/v1/me").get_json()
    assert me["ballot"]["state"] == "open" and me["voted"] is False
    assert [item["position"] for item in me["ballot"]["items"]] == list(range(1, 16))
    assert "yes" not in str(me["ballot"])
    receipt = new_receipt()
    items = [item["id"] for item in me["ballot"]["items"]]
    cast = phone.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": receipt, "sheet": {"approve": items[:10]}},
    )
    assert cast.status_code == 201 and cast.get_json() == {"status": "counted", "receipt": receipt}
    assert phone.get("/api/v1/me").get_json()["voted"] is True
    over = phone.post(
        f"/api/v1/ballots/{ballot}/sheets", json={"receipt": receipt, "sheet": {"approve": items}}
    )
    assert over.status_code == 400
    assert over.get_json()["error"] == {
        "code": "sheet_over_limit",
        "message": over.get_json()["error"]["message"],
    }
    assert "10" in over.get_json()["error"]["message"]


def test_a_refusal_carries_a_chinese_message(factory, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    _, token = factory.deputy(meeting)
    answer = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": []}},
    )
    assert answer.status_code == 409
    assert answer.get_json()["error"] == {
        "code": "ballot_not_open",
        "message": "投票尚未开始或已经结束",
    }


def test_healthz_answers_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_a_page_showing_another_deputy_than_the_card_cookie_is_refused(
    app, factory, deputy_client, admin_client
):
    """One browser, two cards: A's page open in a tab, then B's link in another; the cookie
    now holds B. A's 签到 must not sign B in: it is refused, naming who the page now is."""
    meeting = factory.meeting()
    admin_client.post("/api/v1/admin/sign-in/open")
    deputy_a, _ = factory.deputy(meeting, signed_in=False, name="甲代表")
    deputy_b, token_b = factory.deputy(meeting, signed_in=False, name="乙代表")
    browser = deputy_client(token_b)  # the cookie after B's link was opened
    refused = browser.post("/api/v1/me/sign-in", json={}, headers={"X-Hall-Deputy": str(deputy_a)})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "deputy_changed" and "乙代表" in error["message"]
    me = browser.get("/api/v1/me", headers={"X-Hall-Deputy": str(deputy_a)})
    assert me.get_json()["error"]["code"] == "deputy_changed"
    assert admin_client.get("/api/v1/admin/overview").get_json()["roll"]["present"] == 0
    # B's own page (it says B) goes on as B.
    mine = browser.post("/api/v1/me/sign-in", json={}, headers={"X-Hall-Deputy": str(deputy_b)})
    assert mine.status_code == 200


def test_a_socket_for_another_deputy_than_the_card_cookie_is_refused(
    app, factory, deputy_client, socket_client
):
    meeting = factory.meeting()
    deputy_a, _ = factory.deputy(meeting)
    deputy_b, token_b = factory.deputy(meeting)
    browser = deputy_client(token_b)
    stale = socket_client("/deputy", browser, auth={"deputy": str(deputy_a)})
    assert not stale.is_connected("/deputy")
    fresh = socket_client("/deputy", browser, auth={"deputy": str(deputy_b)})
    assert fresh.is_connected("/deputy")
