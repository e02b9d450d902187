"""Deputies' cards: printing issues new ones (old ones stop), the short code typed on /c,
reissuing a lost card, revoking, and one phone per card."""

import json
import re

import sqlalchemy as sa

from hall.roster.cards import DEVICE_COOKIE, normalize_code
from hall.roster.credentials import COOKIE_NAME
from hall.store.db import session_factory, write_session
from hall.store.models import AuditEntry, Delegation, Deputy, Meeting
from hall.voting.receipts import new_receipt

CODE_ON_CARD = re.compile(r"data-short-code>([0-9A-Z]{5}-[0-9A-Z]{5})<")


def confirm_page(client, **args):
    page = client.get("/admin/cards/issue", query_string=args)
    html = page.get_data(as_text=True)
    nonce = html.split('name="nonce" value="')[1].split('"')[0]
    scope = html.split('name="scope" value="')[1].split('"')[0]
    return page, html, {"scope": scope, "nonce": nonce}


def print_cards(client, **args) -> str:
    _, _, form = confirm_page(client, **args)
    sheet = client.post("/admin/cards/issue", data=form, json=None)
    assert sheet.status_code == 200
    return sheet.get_data(as_text=True)


def issue_by_api(client, **body) -> list[dict]:
    answer = client.post("/api/v1/admin/cards/issue", json={"confirm": True, **body})
    assert answer.status_code == 200
    return answer.get_json()["cards"]


def actions(app) -> list[tuple[str, dict]]:
    with session_factory(app)() as db:
        entries = db.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
        return [(entry.action, json.loads(entry.detail)) for entry in entries]


def one_phone_per_card(app, meeting_id: int) -> None:
    with write_session(app) as db:
        db.get(Meeting, meeting_id).one_phone_per_card = True


def type_code(client, code: str, **request):
    """Type a code on /c as a phone does: open the form (its CSRF token), then send it."""
    form = client.get("/c", **request).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    return client.post("/c", data={"code": code, "csrf_token": token}, **request)


def wrong_code(number: int) -> str:
    """A well-formed code no card has (cards' codes are random)."""
    return f"ZZZZZ-{number:05d}"


# Printing


def test_the_confirmation_page_says_plainly_that_old_cards_stop(factory, admin_client):
    meeting = factory.meeting()
    factory.deputies(meeting, 3)
    page, html, form = confirm_page(admin_client)
    assert page.status_code == 200 and form["scope"] == "all"
    assert "旧表决卡将立即停止使用" in html and "3 位代表原有的表决卡" in html
    assert "只显示这一次" in html


def test_printing_issues_new_cards_and_the_old_ones_stop_working(app, factory, admin_client):
    meeting = factory.meeting()
    cards = factory.deputies(meeting, 3)
    old_token = cards[0][1]
    html = print_cards(admin_client)
    assert html.count('<svg class="qr"') == 3 and "<img" not in html and "<image" not in html
    assert len(CODE_ON_CARD.findall(html)) == 3
    assert "代表1" in html and "第一代表团" in html and "1排1座" in html
    assert "http://hall.test/c" in html
    refused = app.test_client().get(f"/d/{old_token}")
    assert refused.status_code == 403
    assert "这张表决卡已更换" in refused.get_data(as_text=True)
    action, detail = actions(app)[-1]
    assert action == "cards_issue" and detail["count"] == 3


def test_the_printed_sheet_is_produced_once_and_a_get_never_mints(app, factory, admin_client):
    meeting = factory.meeting()
    deputy_id, token = factory.deputy(meeting)
    _, _, form = confirm_page(admin_client)
    admin_client.get("/admin/cards/issue")  # shown again: still nothing issued
    assert app.test_client().get(f"/d/{token}").status_code == 302  # the GET changed nothing
    assert admin_client.post("/admin/cards/issue", data=form, json=None).status_code == 200
    with session_factory(app)() as db:
        printed_hash = db.get(Deputy, deputy_id).token_hash
    again = admin_client.post("/admin/cards/issue", data=form, json=None)
    assert again.status_code == 409 and "已经用过" in again.get_data(as_text=True)
    with session_factory(app)() as db:
        assert db.get(Deputy, deputy_id).token_hash == printed_hash
    made_up = admin_client.post(
        "/admin/cards/issue", data={"scope": "all", "nonce": "guess"}, json=None
    )
    assert made_up.status_code == 409


def test_the_printed_sheet_is_not_cached(factory, admin_client):
    factory.deputies(factory.meeting(), 1)
    _, _, form = confirm_page(admin_client)
    sheet = admin_client.post("/admin/cards/issue", data=form, json=None)
    assert "no-store" in sheet.headers["Cache-Control"]


def test_one_delegation_can_be_printed_alone(app, factory, admin_client):
    meeting = factory.meeting()
    with write_session(app) as db:
        other = Delegation(meeting_id=meeting, name="第二代表团", position=2)
        db.add(other)
        db.flush()
        other_id = other.id
    first = factory.deputies(meeting, 2)
    _, token = factory.deputy(meeting)
    with write_session(app) as db:
        db.get(Deputy, first[0][0]).delegation_id = other_id
    html = print_cards(admin_client, delegation=other_id)
    assert html.count('<svg class="qr"') == 1 and "第二代表团" in html
    assert app.test_client().get(f"/d/{first[0][1]}").status_code == 403  # replaced
    assert app.test_client().get(f"/d/{token}").status_code == 302  # other delegation kept


def test_the_api_issues_cards_only_when_confirmed(app, factory, admin_client):
    meeting = factory.meeting()
    _, old = factory.deputy(meeting)
    refused = admin_client.post("/api/v1/admin/cards/issue", json={})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "confirm_required"
    assert app.test_client().get(f"/d/{old}").status_code == 302
    (card,) = issue_by_api(admin_client)
    assert card["url"] == f"http://hall.test/d/{card['token']}"
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", card["short_code"])
    assert card["qr_svg"].startswith('<svg class="qr"')
    assert app.test_client().get(f"/d/{old}").status_code == 403  # replaced
    assert app.test_client().get(f"/d/{card['token']}").status_code == 302


# The short code


def test_a_typed_short_code_opens_the_card_like_its_qr_link(app, factory, admin_client):
    meeting = factory.meeting()
    factory.deputy(meeting, name="陈建国")
    (card,) = issue_by_api(admin_client)
    phone = app.test_client()
    form = phone.get("/c")
    assert form.status_code == 200 and 'name="code"' in form.get_data(as_text=True)
    typed = card["short_code"].lower().replace("-", " ").replace("0", "o")
    opened = type_code(phone, typed)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/phone")
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and card["token"] not in cookie
    me = phone.get("/api/v1/me").get_json()
    assert me["deputy"]["name"] == "陈建国"
    assert phone.post("/api/v1/me/sign-in", json={}).status_code in (200, 409)


def test_the_short_code_api_answers_json(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    phone = app.test_client()
    answer = phone.post("/api/v1/card-code", json={"code": card["short_code"]})
    assert answer.status_code == 200 and answer.get_json()["opened"] is True
    assert phone.get("/api/v1/me").status_code == 200
    wrong = app.test_client().post("/api/v1/card-code", json={"code": "0000000000"})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "code_invalid"


def test_wrong_codes_are_limited_per_phone(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    guesser = app.test_client()
    for left in range(9, -1, -1):
        wrong = type_code(guesser, wrong_code(left))
        assert wrong.status_code == 400
        text = wrong.get_data(as_text=True)
        assert (f"还可以再试 {left} 次" in text) if left else ("输错次数过多" in text)
    blocked = type_code(guesser, card["short_code"])
    assert blocked.status_code == 429 and "输错次数过多" in blocked.get_data(as_text=True)
    api = guesser.post("/api/v1/card-code", json={"code": card["short_code"]})
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "too_many_attempts"
    elsewhere = app.test_client()
    opened = type_code(elsewhere, card["short_code"], environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert opened.status_code == 302


def test_codes_are_read_forgivingly_but_exactly():
    assert normalize_code("7kq2m-9xd4p") == "7KQ2M9XD4P"
    assert normalize_code(" 7KQ2M 9XD4P ") == "7KQ2M9XD4P"
    assert normalize_code("OIL00-00000") == "01100" + "00000"
    assert normalize_code("7KQ2M-9XD4") is None
    assert normalize_code("7KQ2M-9XD4U") is None
    assert normalize_code(None) is None


def test_a_code_cookie_stops_when_a_new_card_is_printed(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    phone = app.test_client()
    type_code(phone, card["short_code"])
    assert phone.get("/api/v1/me").status_code == 200
    issue_by_api(admin_client)
    assert phone.get("/api/v1/me").get_json()["error"]["code"] == "credential_revoked"
    assert type_code(app.test_client(), card["short_code"]).status_code == 400


def test_the_phone_message_without_a_card_links_to_the_code_page():
    with open("static/js/deputy/phone.js", encoding="utf-8") as script:
        source = script.read()
    assert "/c'" in source or '/c"' in source


# Reissue, revoke


def test_a_reissued_card_keeps_the_sign_in_and_the_votes(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    deputy_id, old_token = factory.deputy(meeting)
    items = factory.item_ids(ballot)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    lost = app.test_client()
    lost.set_cookie(COOKIE_NAME, old_token)
    cast = lost.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": items[:3]}},
    )
    assert cast.status_code == 201
    refused = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/card/reissue", json={})
    assert refused.get_json()["error"]["code"] == "confirm_required"
    card = admin_client.post(
        f"/api/v1/admin/deputies/{deputy_id}/card/reissue", json={"confirm": True}
    ).get_json()["card"]
    assert lost.get("/api/v1/me").get_json()["error"]["code"] == "credential_revoked"
    assert app.test_client().get(f"/d/{old_token}").status_code == 403
    phone = app.test_client()
    assert phone.get(f"/d/{card['token']}").status_code == 302
    me = phone.get("/api/v1/me").get_json()
    assert me["deputy"]["signed_in"] is True and me["voted"] is True
    again = phone.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": items[3:6]}},
    )
    assert again.get_json()["error"]["code"] == "already_voted"
    action, detail = actions(app)[-1]
    assert action == "card_reissue" and detail["deputy"] == deputy_id


def test_reissuing_from_the_page_prints_one_card(app, factory, admin_client):
    meeting = factory.meeting()
    deputy_id, old_token = factory.deputy(meeting, name="王芳")
    factory.deputy(meeting)
    cards_page = admin_client.get("/admin/cards").get_data(as_text=True)
    assert f"/admin/cards/issue?deputy={deputy_id}" in cards_page
    _, html, _ = confirm_page(admin_client, deputy=deputy_id)
    assert "王芳原有的表决卡" in html
    sheet = print_cards(admin_client, deputy=deputy_id)
    assert sheet.count('<svg class="qr"') == 1 and "王芳" in sheet
    assert app.test_client().get(f"/d/{old_token}").status_code == 403


def test_a_replaced_cards_old_link_says_it_was_replaced_and_whom_to_ask(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    deputy_id, _ = factory.deputy(meeting)
    (first,) = issue_by_api(admin_client)
    phone = deputy_client(first["token"])
    assert phone.get("/api/v1/me").status_code == 200
    admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/card/reissue", json={"confirm": True})
    # The phone that held the old card: its API calls say the card was replaced.
    refused = phone.get("/api/v1/me")
    assert refused.status_code == 403
    error = refused.get_json()["error"]
    assert error["code"] == "credential_revoked"
    assert "已更换" in error["message"] and "秘书处" in error["message"]
    signing = phone.post("/api/v1/me/sign-in", json={})
    assert signing.get_json()["error"]["code"] == "credential_revoked"
    # The old QR link: a page saying the card was replaced and whom to ask, not 二维码无效.
    page = app.test_client().get(f"/d/{first['token']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 403 and "这张表决卡已更换" in html
    assert "秘书处（报到处）" in html and "二维码无效" not in html
    # A link that never was a card still says so.
    unknown = app.test_client().get("/d/never-a-card")
    assert unknown.status_code == 404 and "二维码无效" in unknown.get_data(as_text=True)
    assert deputy_client("never-a-card").get("/api/v1/me").get_json()["error"]["code"] == (
        "unauthenticated"
    )


def test_a_revoked_card_stops_at_once(app, factory, admin_client, deputy_client):
    meeting = factory.meeting()
    deputy_id, token = factory.deputy(meeting)
    phone = deputy_client(token)
    assert phone.get("/api/v1/me").status_code == 200
    revoked = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/card/revoke")
    assert revoked.get_json()["deputy"]["card"] == "revoked"
    assert phone.get("/api/v1/me").get_json()["error"]["code"] == "credential_revoked"
    page = app.test_client().get(f"/d/{token}")
    assert page.status_code == 403 and "表决卡已作废" in page.get_data(as_text=True)
    assert actions(app)[-1][0] == "card_revoke"


def test_an_old_socket_cannot_cast_after_the_card_is_replaced(
    app, factory, admin_client, deputy_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    deputy_id, token = factory.deputy(meeting)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    socket = socket_client("/deputy", deputy_client(token))
    assert socket.is_connected("/deputy")
    admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/card/reissue", json={"confirm": True})
    ack = socket.emit(
        "submit",
        {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": []}},
        namespace="/deputy",
        callback=True,
    )
    assert ack["ok"] is False and ack["error"]["code"] == "credential_revoked"


# One phone per card


def test_one_phone_per_card_blocks_a_second_phone_until_the_desk_releases_it(
    app, factory, admin_client, socket_client
):
    meeting = factory.meeting()
    one_phone_per_card(app, meeting)
    deputy_id, token = factory.deputy(meeting)
    first = app.test_client()
    opened = first.get(f"/d/{token}")
    assert opened.status_code == 302
    device = opened.headers.getlist("Set-Cookie")
    assert any(DEVICE_COOKIE in c and "HttpOnly" in c for c in device)
    assert first.get("/api/v1/me").status_code == 200

    second = app.test_client()
    page = second.get(f"/d/{token}")
    assert page.status_code == 403
    assert "已在另一部手机上使用" in page.get_data(as_text=True)
    assert "秘书处" in page.get_data(as_text=True)
    second.set_cookie(COOKIE_NAME, token)  # as if the card cookie were copied over
    api = second.get("/api/v1/me")
    assert api.status_code == 403 and api.get_json()["error"]["code"] == "card_held_elsewhere"
    assert not socket_client("/deputy", second).is_connected("/deputy")
    assert socket_client("/deputy", first).is_connected("/deputy")
    listed = admin_client.get("/api/v1/admin/roll").get_json()["delegations"][0]["deputies"]
    assert listed[0]["phone_held"] is True

    released = admin_client.post(f"/api/v1/admin/deputies/{deputy_id}/card/release")
    assert released.get_json()["deputy"]["phone_held"] is False
    assert second.get(f"/d/{token}").status_code == 302
    assert second.get("/api/v1/me").status_code == 200
    assert first.get("/api/v1/me").get_json()["error"]["code"] == "card_held_elsewhere"
    action, detail = actions(app)[-1]
    assert action == "card_release" and detail["deputy"] == deputy_id


def test_one_phone_per_card_also_holds_a_card_opened_by_its_code(app, factory, admin_client):
    meeting = factory.meeting()
    one_phone_per_card(app, meeting)
    factory.deputy(meeting)
    (card,) = issue_by_api(admin_client)
    assert type_code(app.test_client(), card["short_code"]).status_code == 302
    other = type_code(app.test_client(), card["short_code"])
    assert other.status_code == 403 and "另一部手机" in other.get_data(as_text=True)


def test_a_phone_that_opened_the_card_before_the_rule_holds_it_on_its_next_call(
    app, factory, deputy_client
):
    meeting = factory.meeting()
    _, token = factory.deputy(meeting)
    early, late = deputy_client(token), deputy_client(token)
    one_phone_per_card(app, meeting)
    answer = early.get("/api/v1/me")
    assert answer.status_code == 200 and DEVICE_COOKIE in answer.headers["Set-Cookie"]
    assert early.get("/api/v1/me").status_code == 200
    assert late.get("/api/v1/me").get_json()["error"]["code"] == "card_held_elsewhere"


def test_the_cards_page_lists_card_states_and_the_desk_can_release_by_form(
    app, factory, admin_client
):
    meeting = factory.meeting()
    one_phone_per_card(app, meeting)
    deputy_id, token = factory.deputy(meeting)
    app.test_client().get(f"/d/{token}")
    page = admin_client.get("/admin/cards").get_data(as_text=True)
    assert "一证一机：<b>已开启</b>" in page and 'name="release"' in page
    done = admin_client.post("/admin/cards/action", data={"release": deputy_id}, json=None)
    assert done.status_code == 302
    after = admin_client.get("/admin/cards").get_data(as_text=True)
    assert "已解除" in after and 'name="release"' not in after


def test_a_printed_qr_code_reads_back_as_the_card_link():
    """What a phone's camera reads from the card (tests/browser/qr.py decodes as it does)."""
    from hall.roster.cards import qr_svg
    from tests.browser.qr import decode

    for url in ("http://192.168.1.10:5000/d/" + new_receipt() * 2, "https://hall.example/d/x"):
        svg = qr_svg(url, "王芳的代表证二维码")
        assert svg.startswith('<svg class="qr" role="img" aria-label="王芳的代表证二维码"')
        assert decode(svg) == url


def test_the_socket_s_card_holder_says_what_the_deputy_row_says(app, factory):
    """hall/roster/card_holder.py reads a card's few facts without the ORM: the same as Deputy."""
    from hall.roster.card_holder import holder_for_token
    from hall.roster.credentials import deputy_for_token
    from hall.store.db import session_factory

    meeting = factory.meeting()
    _, token = factory.deputy(meeting)
    with session_factory(app)() as session:
        deputy, holder = deputy_for_token(session, token), holder_for_token(session, token)
        fields = ("id", "meeting_id", "name", "token_hash", "token_revoked", "device_hash")
        assert [getattr(holder, f) for f in fields] == [getattr(deputy, f) for f in fields]
        assert (holder.meeting.is_current, holder.meeting.one_phone_per_card) == (
            deputy.meeting.is_current,
            deputy.meeting.one_phone_per_card,
        )
        assert holder_for_token(session, "not-a-card") is None
        assert holder_for_token(session, "x" * 65) is None
