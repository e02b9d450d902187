"""Which road a phone's sheet travels: its /deputy socket (`submit` with an acknowledgement)
while that socket is up on a WebSocket, else the HTTP POST, with the same receipt and sheet.
scripts/bench.py drives these same roads (tests/test_bench.py ties the two together)."""

import re

from tests.browser.pages import PHONE_CONTEXT, PHONES, PLACES, Phone, expect

SOCKET_IO = re.compile(r"/socket\.io/")
SHEETS = re.compile(r"/api/v1/ballots/\d+/sheets$")


def phone_page(new_context, profile="android-360"):
    page = new_context(**PHONE_CONTEXT, **PHONES[profile]).new_page()
    posts = []
    page.on("request", lambda r: r.method == "POST" and SHEETS.search(r.url) and posts.append(r))
    return page, posts


def ready(hall, open_desk, page, label):
    desk = open_desk()
    desk.open_sign_in()
    phone = Phone(page, label)
    phone.open_card(hall.url, hall.cards[0])
    phone.sign_in()
    desk.open_ballot(hall.ballot)
    expect(phone.form).to_be_visible()
    return desk, phone


def test_a_phone_on_a_websocket_casts_over_its_socket(hall, open_desk, new_context):
    page, posts = phone_page(new_context)
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda text: frames.append(text)))
    desk, phone = ready(hall, open_desk, page, "phone on a WebSocket")
    phone.vote(hall.items[:PLACES])
    expect(phone.counted).to_contain_text("已计入")
    expect(page.locator("body")).to_have_attribute("data-sheet-road", "socket")
    assert posts == [], "the sheet went over HTTP although the socket was up"
    sent = [f for f in frames if isinstance(f, str) and f.startswith("42/deputy,")]
    assert len(sent) == 1 and '"submit"' in sent[0] and '"receipt"' in sent[0]
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")


def test_a_phone_whose_websocket_is_blocked_casts_over_http(hall, open_desk, new_context):
    page, posts = phone_page(new_context, "wechat-360")
    page.route_web_socket(SOCKET_IO, lambda websocket: websocket.close())  # a router drops them
    desk, phone = ready(hall, open_desk, page, "phone without WebSocket, long-polling")
    phone.vote(hall.items[:PLACES])
    expect(phone.counted).to_contain_text("已计入")
    expect(page.locator("body")).to_have_attribute("data-sheet-road", "http")
    assert len(posts) == 1
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")


def test_a_phone_whose_socket_is_down_casts_over_http(hall, open_desk, new_context):
    page, posts = phone_page(new_context)
    desk, phone = ready(hall, open_desk, page, "phone whose socket went down")
    # The socket's road goes (every WebSocket and long-poll refused); plain HTTP still works.
    page.route(SOCKET_IO, lambda route: route.abort("connectionreset"))
    page.route_web_socket(SOCKET_IO, lambda websocket: websocket.close())
    hall.server.stop()  # drops the open socket ...
    expect(phone.conn).to_have_attribute("data-online", "false")
    hall.server.start()  # ... and the server is back, but not for the socket
    phone.vote(hall.items[:PLACES])
    expect(phone.counted).to_contain_text("已计入")
    expect(page.locator("body")).to_have_attribute("data-sheet-road", "http")
    assert len(posts) == 1
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")


def test_a_lost_acknowledgement_is_resent_over_http_and_counted_once(hall, open_desk, new_context):
    page, posts = phone_page(new_context)
    dropped = []

    def lose_first_ack(websocket):
        """The sheet reaches the server over the socket; its acknowledgement never returns."""
        server = websocket.connect_to_server()

        def to_page(message):
            if isinstance(message, str) and message.startswith("43/deputy,") and not dropped:
                dropped.append(message)
                return
            websocket.send(message)

        server.on_message(to_page)

    page.route_web_socket(SOCKET_IO, lose_first_ack)
    desk, phone = ready(hall, open_desk, page, "phone whose acknowledgement was lost")
    phone.vote(hall.items[:3])
    expect(phone.counted).to_contain_text("投票成功 · 已计入")
    assert len(dropped) == 1 and '"counted"' in dropped[0]
    # Resent over HTTP with the same receipt: the box answers that it holds this very sheet.
    assert len(posts) == 1 and posts[0].response().status == 200
    expect(page.locator("body")).to_have_attribute("data-sheet-road", "http")
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 1 / 实到 1")


def test_from_the_open_to_the_published_result_a_phone_asks_nothing_over_http(
    hall, open_desk, new_context
):
    """Every change reaches a phone with the state on its socket: opening, its sheet, the close,
    the published result. Nothing makes 3,000 phones send a request at the same moment
    (scripts/bench.py drives phones that, likewise, only listen)."""
    page = new_context(**PHONE_CONTEXT, **PHONES["android-360"]).new_page()
    desk, phone = ready(hall, open_desk, page, "phone through a whole ballot")
    asked = []
    page.on("request", lambda r: SOCKET_IO.search(r.url) or asked.append(f"{r.method} {r.url}"))
    phone.vote(hall.items[:PLACES])
    expect(phone.counted).to_contain_text("已计入")
    desk.close_ballot(hall.ballot)
    desk.publish(hall.ballot)
    expect(page.locator("#published")).to_have_text("结果已公布")
    # One deputy of the roster voted: the vote is not valid (RULES.md), and the phone says so.
    expect(page.locator("#phone-result")).to_have_text("本次票决无效。")
    assert asked == [], f"the phone asked over HTTP: {asked}"
