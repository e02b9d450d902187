"""Fallback and recovery, through the pages: a phone without WebSockets, a lost answer, a screen
reloaded mid-vote, and the server restarted under every open page."""

import re

from tests.browser.pages import PHONE_CONTEXT, PHONES, PLACES, Phone, expect, shot


def test_a_phone_whose_websocket_is_blocked_gets_the_ballot_and_votes_over_polling(
    hall, open_desk, new_context
):
    refused = []
    page = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page()

    def refuse(websocket):  # as a proxy or a hall router that drops WebSocket upgrades
        refused.append(websocket.url)
        websocket.close()

    page.route_web_socket(re.compile(r"/socket\.io/"), refuse)
    polls = []
    page.on("requestfinished", lambda r: "transport=polling" in r.url and polls.append(r.url))
    desk = open_desk()
    desk.open_sign_in()
    phone = Phone(page, "phone without WebSocket")
    phone.open_card(hall.url, hall.cards[0])
    expect(phone.conn).to_have_attribute("data-online", "true")
    phone.sign_in()
    assert refused, "the page never tried to upgrade to a WebSocket"

    polled_before_open = len(polls)
    desk.open_ballot(hall.ballot)
    # Pushed over long-polling: a signed-in phone with a live connection never re-reads /me
    # on a timer, so the `state` event is the only way the ballot can appear without a reload.
    expect(phone.form).to_be_visible(timeout=10_000)
    assert len(polls) > polled_before_open
    phone.vote(hall.items[:PLACES])
    expect(phone.counted).to_contain_text("已计入")
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")
    expect(phone.conn).to_have_attribute("data-online", "true")


def test_a_sheet_whose_answer_was_lost_is_resent_and_counted_once(hall, open_desk, open_phone):
    desk = open_desk()
    desk.open_sign_in()
    phone = open_phone("android-360", 0)
    phone.sign_in()
    desk.open_ballot(hall.ballot)
    answered = []

    def lose_first_answer(route):
        """The sheet reaches the server and is counted; the answer never reaches the phone."""
        if answered:
            route.continue_()
            return
        answered.append(route.fetch().status)
        route.abort("connectionreset")

    phone.page.route("**/api/v1/ballots/*/sheets", lose_first_answer)
    receipt = phone.vote(hall.items[:3])
    assert answered == [201]
    expect(phone.counted).to_contain_text("投票成功 · 已计入")
    assert receipt and phone.page.locator("#view-failed").count() == 0
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")
    # While the ballot is open the preview's tallies move only by 5 sheets (docs/security.md).
    expect(desk.page.locator("#preview .preview-figures")).to_contain_text("收回 0")
    desk.close_ballot(hall.ballot)
    expect(desk.page.locator("#preview .preview-figures")).to_contain_text("收回 1")


def test_a_screen_reloaded_mid_vote_comes_back_to_the_scene_and_count(
    hall, open_desk, open_screen, open_phone
):
    desk = open_desk()
    desk.open_sign_in()
    first, second = open_phone("android-360", 0), open_phone("iphone-390", 1)
    first.sign_in()
    second.sign_in()
    desk.open_ballot(hall.ballot)
    screen = open_screen()
    turnout = screen.locator("#turnout")
    first.vote(hall.items[:PLACES])
    expect(turnout).to_have_attribute("data-voted", "1")

    screen.reload()
    expect(screen.locator("#stage")).to_have_attribute("data-scene", "voting")
    expect(turnout).to_have_attribute("data-voted", "1")
    expect(turnout).to_have_text(re.compile(r"已投 1 / 实到 2$"))
    expect(screen.locator("#conn")).to_have_attribute("data-state", "online")
    second.vote(hall.items[-PLACES:])
    expect(turnout).to_have_text(re.compile(r"已投 2 / 实到 2$"))


def test_every_page_reconnects_by_itself_after_a_server_restart(
    hall, open_desk, open_screen, open_phone
):
    desk = open_desk()
    desk.open_sign_in()
    voted, voting = open_phone("wechat-360", 0), open_phone("android-360", 1)
    voted.sign_in()
    voting.sign_in()
    desk.open_ballot(hall.ballot)
    screen = open_screen()
    turnout = screen.locator("#turnout")
    receipt = voted.vote(hall.items[:PLACES])
    voting.choose(hall.items[:2])  # half-way through the ballot when the server goes
    expect(turnout).to_have_attribute("data-voted", "1")

    hall.server.stop()
    expect(voted.conn).to_have_attribute("data-online", "false")
    expect(voting.conn).to_have_attribute("data-online", "false")
    expect(screen.locator("#conn")).not_to_have_attribute("data-state", "online")
    expect(desk.conn).to_have_attribute("data-state", "offline")
    shot(voting.page, "phone-server-down")
    shot(screen, "screen-server-down")

    hall.server.start()  # same database, same port; nobody touches the pages
    expect(voted.conn).to_have_attribute("data-online", "true")
    expect(voting.conn).to_have_attribute("data-online", "true")
    expect(screen.locator("#conn")).to_have_attribute("data-state", "online")
    expect(desk.conn).to_have_attribute("data-state", "live")
    expect(voted.receipt).to_have_attribute("data-receipt", receipt)
    expect(voting.count).to_have_text(f"已选 2/{PLACES}")

    voting.vote(hall.items[2:PLACES], already=2)
    expect(turnout).to_have_attribute("data-voted", "2")
    expect(turnout).to_have_text(re.compile(r"已投 2 / 实到 2$"))
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 2 / 实到 2")
