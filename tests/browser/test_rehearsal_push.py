"""The end of a rehearsal, on the phones: its wipe is pushed with `state` and applied by each
phone, so no phone asks /api/v1/me for it (3,000 at once would stall the server)."""

from tests.browser.pages import expect


def test_a_wiped_rehearsal_reaches_the_phone_without_a_call_to_me(hall, open_desk, open_phone):
    desk = open_desk()
    phone = open_phone("android-360", 0)
    settings = desk.page
    desk.goto("/admin/settings")
    settings.locator("#rehearsal-on").click()
    expect(phone.page.locator("#rehearsal-badge")).to_have_text("演练")
    desk.dashboard()
    desk.open_sign_in()
    phone.sign_in()
    asked = []
    phone.page.on("request", lambda r: "/api/v1/me" in r.url and asked.append(r.url))

    desk.goto("/admin/settings")
    settings.locator("#wipe-rehearsal").click()
    expect(phone.page.locator("#signed-in")).to_have_count(0)  # the wipe took the sign-in
    settings.locator("#rehearsal-off").click()
    expect(settings.locator("#rehearsal-state")).to_have_text("正式会议")
    expect(phone.page.locator("#rehearsal-badge")).to_have_count(0)
    desk.dashboard()
    desk.open_sign_in()
    expect(phone.sign_in_button).to_be_visible()  # not signed in: the wipe was applied
    assert asked == [], "the phone asked /api/v1/me for the wipe or the end of the rehearsal"
    phone.sign_in()
