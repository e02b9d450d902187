"""One browser, two cards: deputy A's page in one tab, then B's card opened in another tab of
the same browser. A's page must never act as B: its 签到 is refused with a message naming who
the page now is, and nobody is signed in by it."""

from tests.browser.pages import PHONE_CONTEXT, PHONES, Phone, expect, shot


def test_a_tab_showing_deputy_a_never_signs_in_deputy_b(hall, open_desk, new_context):
    desk = open_desk()
    desk.open_sign_in()
    browser = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"])
    tab_a = Phone(browser.new_page(), "tab A")
    tab_a.open_card(hall.url, hall.cards[0])
    expect(tab_a.page.locator("#deputy-name")).to_have_text(hall.names[0])
    tab_b = Phone(browser.new_page(), "tab B")
    tab_b.open_card(hall.url, hall.cards[1])  # the browser's card cookie now holds B
    expect(tab_b.page.locator("#deputy-name")).to_have_text(hall.names[1])

    tab_a.page.bring_to_front()
    tab_a.sign_in_button.tap()
    fatal = tab_a.page.locator("#fatal")
    expect(fatal).to_have_attribute("data-code", "deputy_changed")
    expect(tab_a.page.locator("#fatal-message")).to_contain_text(hall.names[1])
    shot(tab_a.page, "phone-two-cards")
    expect(desk.page.locator("#roll-present")).to_have_text("0")

    tab_b.page.bring_to_front()
    tab_b.sign_in()  # B's own page goes on as B
    expect(desk.page.locator("#roll-present")).to_have_text("1")
