"""Accessibility of every page state: axe-core finds nothing serious or critical, every control
has a name a screen reader reads out, the phone works with its text at 200 %, and colour is
never the only signal (chosen, tied and not passed also differ in words)."""

import re

from tests.browser.pages import (
    DESK_CONTEXT,
    assert_accessible,
    assert_fits,
    expect,
    shot,
    wait_for_scene,
)

OUTCOME_WORDS = {"chosen": "入选", "tied": "并列", "not_passed": "未过半数"}


def test_every_page_state_passes_axe_and_names_its_controls(
    hall, axe, new_context, open_desk, open_screen, open_phone
):
    login = new_context(**DESK_CONTEXT).new_page()
    login.goto(f"{hall.url}/admin/login")
    assert_accessible(login, "desk login")
    assert_fits(login, "desk login")
    desk = open_desk()
    assert_accessible(desk.page, "desk dashboard before sign-in")
    desk.open_sign_in()
    screen = open_screen()
    wait_for_scene(screen, "sign_in")
    phones = [
        open_phone("wechat-360", 0),
        open_phone("android-360", 1),
        open_phone("iphone-390", 2),
    ]
    phone = phones[0]
    assert_accessible(phone.page, "phone before sign-in")
    for each in phones:
        each.sign_in()
    expect(screen.locator("#roll-present")).to_have_text("3")
    assert_accessible(screen, "screen sign-in")
    assert_accessible(phone.page, "phone signed in, waiting")

    desk.open_ballot(hall.ballot)
    expect(phone.form).to_be_visible()
    chosen, tied, unchosen = hall.items[:8], hall.items[8:11], hall.items[11:]
    sheets = [[*chosen, tied[0], tied[1]], [*chosen, tied[0], tied[2]], [*chosen, tied[1], tied[2]]]
    phone.choose(sheets[0][:3])
    assert_accessible(phone.page, "phone ballot")
    # A chosen item differs from the others in words and state, not in colour only.
    picked = phone.page.locator(f'button.item-toggle[data-item-id="{chosen[0]}"]')
    left = phone.page.locator(f'button.item-toggle[data-item-id="{unchosen[0]}"]')
    expect(picked).to_have_attribute("aria-pressed", "true")
    expect(left).to_have_attribute("aria-pressed", "false")
    expect(picked.locator(".item-mark")).to_have_text("☑ 赞成")
    expect(left.locator(".item-mark")).to_have_text("☐ 赞成")
    phone.choose(sheets[0][3:], already=3)
    phone.review()
    assert_accessible(phone.page, "phone confirm")
    phone.send()
    expect(phone.counted).to_be_visible()
    assert_accessible(phone.page, "phone counted")
    for other, sheet in zip(phones[1:], sheets[1:], strict=True):
        other.vote(sheet)
    wait_for_scene(screen, "voting")
    expect(screen.locator("#turnout")).to_have_text(re.compile(r"已投 3 / 实到 3$"))
    assert_accessible(screen, "screen voting")
    assert_accessible(desk.page, "desk dashboard while voting")

    desk.close_ballot(hall.ballot)
    expect(phone.closed).to_have_attribute("data-state", "closed")
    wait_for_scene(screen, "closed")
    assert_accessible(phone.page, "phone closed")
    assert_accessible(screen, "screen closed")

    desk.publish(hall.ballot)
    wait_for_scene(screen, "result")
    rows = screen.locator("#result-rows > li.chart-row")
    expect(rows).to_have_count(len(hall.items))
    for outcome, candidates in (("chosen", chosen), ("tied", tied), ("not_passed", unchosen)):
        for candidate in candidates:
            row = screen.locator(f'#result-rows > li[data-candidate-id="{candidate}"]')
            expect(row).to_have_attribute("data-outcome", outcome)
            expect(row.locator(".outcome")).to_contain_text(OUTCOME_WORDS[outcome])
    texts = {
        outcome: screen.locator(f'#result-rows > li[data-outcome="{outcome}"] .outcome')
        .first.inner_text()
        .strip()
        for outcome in OUTCOME_WORDS
    }
    assert len(set(texts.values())) == 3, texts
    assert_accessible(screen, "screen result")
    expect(phone.closed).to_have_attribute("data-state", "published")
    assert_accessible(phone.page, "phone published")
    assert_accessible(desk.page, "desk dashboard published")


ENLARGE_TEXT = "() => { document.documentElement.style.fontSize = '200%'; }"


def test_the_phone_stays_usable_with_its_text_at_200_percent(hall, open_desk, open_phone):
    desk = open_desk()
    desk.open_sign_in()
    phone = open_phone("wechat-360", 0)
    phone.page.evaluate(ENLARGE_TEXT)  # as a phone's 字体大小 setting does; the page uses rem
    assert_fits(phone.page, "sign-in at 200 %")
    phone.sign_in()
    desk.open_ballot(hall.ballot)
    expect(phone.form).to_be_visible()
    assert phone.page.evaluate("() => getComputedStyle(document.body).fontSize") == "34px"
    assert_fits(phone.page, "ballot at 200 %")
    phone.choose(hall.items[:2])
    expect(phone.submit).to_be_in_viewport()  # the bar with 提交 stays on screen
    shot(phone.page, "phone-ballot-200-percent-text")
    phone.review()  # a tap lands only if nothing covers the button
    assert_fits(phone.page, "confirm at 200 %")
    shot(phone.page, "phone-confirm-200-percent-text", full_page=True)
    phone.send()
    expect(phone.counted).to_be_visible()
    assert_fits(phone.page, "counted at 200 %")
    expect(phone.counted).to_contain_text("已计入")
