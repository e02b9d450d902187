"""The day as the hall sees it (issue 16): the sizes read at 30 m and on a 360 × 740 phone, the
paged result with 入选 first, the chair's view and its 主持词 against the result, and no
"null", "undefined" or "NaN" in any state of the screen, the phones, the desk or the chair."""

import pytest

from tests.browser.pages import (
    PLACES,
    assert_accessible,
    assert_fits,
    assert_no_bad_words,
    expect,
    shot,
    smallest_text,
    wait_for_scene,
)
from tests.browser.test_screen_marks import edit_to_yes_no_abstain_shown_live


def chair_of(desk, new_context):
    """The chair's monitor, opened from the link the desk shows."""
    href = desk.page.locator("#chair-link").get_attribute("href")
    chair = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    chair.goto(href)
    expect(chair.locator("#chair-conn")).to_have_attribute("data-online", "true")
    return chair


@pytest.mark.hall(signed_in=True)
def test_the_day_as_the_hall_sees_it(
    hall, axe, open_desk, open_screen, open_phone, api_deputy, new_context
):
    desk, screen = open_desk(), open_screen()
    chair = chair_of(desk, new_context)
    expect(chair.locator("#chair-step")).to_have_text("签到")
    expect(chair.locator("#chair-script p")).to_have_text(
        ["本次会议应到代表 3 名，实到 3 名，超过应到代表的半数，符合法定人数，可以开会。"]
    )
    shot(chair, "chair-sign-in")

    desk.open_ballot(hall.ballot)
    phone = open_phone("wechat-360", 0)
    expect(phone.form).to_be_visible()
    # Three projects on a 360 × 740 phone's first screen, above the sticky 提交 bar.
    assert_three_on_first_screen(phone.page, (".item-name", ".item-mark"))
    text, size = smallest_text(phone.page, "#app")
    assert size >= 17, f"phone text {text!r} is {size}px"
    assert_no_bad_words(phone.page, "phone ballot")
    expect(chair.locator("#chair-step")).to_contain_text("投票进行中")
    expect(chair.locator("#chair-script p").first).to_contain_text("现在进行《")
    expect(chair.locator("#chair-result-panel")).to_be_hidden()  # no tally while it runs

    items = hall.items
    phone.vote(items[:PLACES])
    api_deputy(1).cast(hall.ballot, {"approve": items[:PLACES]})
    api_deputy(2).cast(hall.ballot, {"approve": items[:8] + items[10:12]})
    expect(chair.locator("#chair-turnout")).to_have_text("已投 3 / 实到 3")
    assert_no_bad_words(chair, "chair while open")
    for page, where in ((screen, "screen voting"), (desk.page, "desk open")):
        assert_no_bad_words(page, where)

    desk.close_ballot(hall.ballot)
    # The chair has the result before the hall: 3 votes for items 0-7, 2 for items 8-9.
    expect(chair.locator("#chair-result-tag")).to_contain_text("尚未公布")
    expect(chair.locator("#chair-result-table tbody tr")).to_have_count(len(items))
    chosen = chair.locator('#chair-result-table tbody tr[data-outcome="chosen"] td:nth-child(2)')
    expect(chosen).to_have_count(PLACES)
    names = chosen.all_inner_texts()
    script = chair.locator("#chair-script p")
    expect(script.nth(1)).to_contain_text(
        f"经计票，以下 {PLACES} 个项目确定为 2026 年民生实事项目：{names[0]}（赞成 3 票）"
    )
    expect(script.nth(0)).to_contain_text("发出选票 3 张，收回选票 3 张，其中有效 3 张")
    for name in names:
        expect(script.nth(1)).to_contain_text(name)
    assert_fits(chair, "chair closed")
    assert_accessible(chair, "chair closed")
    shot(chair, "chair-closed-before-publication")
    wait_for_scene(screen, "closed")
    expect(screen.locator("#result-rows")).to_have_count(0)  # the hall sees nothing yet
    for page, where in ((screen, "screen closed"), (desk.page, "desk closed")):
        assert_no_bad_words(page, where)
    assert_no_bad_words(phone.page, "phone closed")

    desk.publish(hall.ballot)
    wait_for_scene(screen, "result")
    expect(chair.locator("#chair-step")).to_contain_text("结果已公布")
    rows = screen.locator("#result-rows > li.chart-row")
    expect(rows).to_have_count(len(items))
    # Read at 30 m: every row's text ≥ 40 px, so 15 rows do not fit one page; 入选 first.
    expect(screen.locator(".chart")).to_have_attribute("data-pages", "2")
    visible = screen.locator("#result-rows > li.chart-row:visible")
    first_page = visible.count()
    assert 6 <= first_page < len(items)
    outcomes = [rows.nth(i).get_attribute("data-outcome") for i in range(len(items))]
    assert outcomes == ["chosen"] * PLACES + ["not_passed"] * (len(items) - PLACES)
    text, size = smallest_text(screen, "#result-rows")
    assert size >= 40, f"result row text {text!r} is {size}px at 1080p"
    for label in ("#threshold-line", "#result-pager", ".chart-head"):
        text, size = smallest_text(screen, label)
        assert size >= 36, f"{label} text {text!r} is {size}px at 1080p"
    assert_no_bad_words(screen, "screen result")
    assert_fits(screen, "screen result page 1")
    shot(screen, "screen-result-page-1")
    expect(screen.locator(".chart")).to_have_attribute("data-page", "2", timeout=20_000)
    expect(visible).to_have_count(len(items) - first_page)
    expect(screen.locator("#result-pager")).to_have_text("第 2 / 2 页")
    assert_fits(screen, "screen result page 2")
    shot(screen, "screen-result-page-2")

    # The phone has the result too, and checks its own sheet in one tap.
    expect(phone.page.locator("#phone-result li")).to_have_count(PLACES)
    phone.page.get_by_role("button", name="核对我的选票已计入").tap()
    verified = "✓ 已核对：您的选票在计票箱中，已计入。"
    expect(phone.page.locator("#verify-answer")).to_have_text(verified)
    text, size = smallest_text(phone.page, "#app")
    assert size >= 17, f"phone text {text!r} is {size}px"
    assert_no_bad_words(phone.page, "phone published")
    assert_accessible(phone.page, "phone published with its result")
    shot(phone.page, "phone-published-result", full_page=True)
    assert_no_bad_words(desk.page, "desk published")
    assert_no_bad_words(chair, "chair published")


@pytest.mark.hall(signed_in=True)
def test_offline_is_unmistakable_and_a_deputy_who_did_not_vote_is_told(
    hall, open_desk, open_phone, api_deputy
):
    desk = open_desk()
    desk.open_ballot(hall.ballot)
    phone = open_phone("android-360", 0)
    expect(phone.form).to_be_visible()
    phone.page.context.set_offline(True)
    expect(phone.conn).to_have_attribute("data-online", "false")
    band = phone.conn.evaluate(
        "(el) => [getComputedStyle(el).backgroundColor, parseFloat(getComputedStyle(el).fontSize),"
        " el.getBoundingClientRect().width / window.innerWidth]"
    )
    assert band[0] == "rgb(179, 34, 42)" and band[1] >= 17 and band[2] > 0.9, band
    expect(phone.conn).to_have_text("网络已断开，正在重新连接…")
    shot(phone.page, "phone-offline")
    phone.page.context.set_offline(False)
    expect(phone.conn).to_have_attribute("data-online", "true")
    api_deputy(1).cast(hall.ballot, {"approve": hall.items[:1]})
    desk.close_ballot(hall.ballot)
    expect(phone.closed).to_contain_text("您未参加本次投票。")
    assert_no_bad_words(phone.page, "phone closed without a vote")


def below_bar(page, selector: str) -> list[str]:
    """The parts matching `selector` that reach under the sticky bar or are covered at their
    centre by something else (the bar, a header), as the deputy would find them."""
    return page.evaluate(
        """(selector) => {
          const barTop = document.querySelector('#ballot-bar').getBoundingClientRect().top;
          return [...document.querySelectorAll(selector)].filter((el) => {
            const box = el.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const hit = document.elementFromPoint(x, y);
            return box.bottom > barTop + 0.5 || !(hit && el.contains(hit));
          }).map((el) => el.textContent.trim());
        }""",
        selector,
    )


def assert_three_on_first_screen(page, parts: tuple[str, ...]) -> None:
    """The first three projects' `parts` (name, buttons) lie above the sticky bar, untouched."""
    page.evaluate("() => window.scrollTo(0, 0)")
    for index in range(3):
        item = f"#ballot-items > li.item:nth-child({index + 1})"
        for part in parts:
            hidden = below_bar(page, f"{item} {part}")
            assert not hidden, f"project {index + 1}'s {part} {hidden} is not on the first screen"


def assert_buttons_never_under_the_bar(page, buttons: str) -> None:
    """Each card's buttons, reached as a deputy reaches them (scrolled to, then tapped), are in
    the open: never under the sticky 提交 bar, and tapping one leaves the card where it was."""
    cards = page.locator("#ballot-items > li.item")
    for index in range(cards.count()):
        card = cards.nth(index)
        first = card.locator(buttons).first
        first.focus()  # the browser scrolls it in, stopping short of the bar (scroll-padding)
        hidden = below_bar(page, f"#ballot-items > li.item:nth-child({index + 1}) {buttons}")
        assert not hidden, f"project {index + 1}'s buttons {hidden} are under the sticky bar"
        for button in card.locator(buttons).all():
            box = button.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, f"a small button {box}"


@pytest.mark.hall(signed_in=True, rating=True)
def test_a_rating_shows_three_projects_on_a_phones_first_screen(hall, axe, open_desk, open_phone):
    desk = open_desk()
    desk.ballot(hall.rating).locator('input[name="countdown_minutes"]').fill("15")
    desk.open_ballot(hall.rating)
    phone = open_phone("wechat-360", 0)
    page = phone.page
    expect(phone.form).to_have_attribute("data-form", "rating")
    # ✓ 已签到 and the countdown share one line above the cards.
    countdown, signed = page.locator("#countdown"), page.locator("#signed-in")
    expect(countdown).to_contain_text("剩余时间 1")
    assert (
        countdown.bounding_box()["y"] < signed.bounding_box()["y"] + signed.bounding_box()["height"]
    )
    shot(page, "phone-rating-first-screen")
    assert_three_on_first_screen(page, (".item-name", "button.rate"))
    text, size = smallest_text(page, "#app")
    assert size >= 17, f"phone rating text {text!r} is {size}px"
    assert_fits(page, "phone rating compact")

    # The sub-projects fold behind a real button that says how many there are.
    first = page.locator(f"#rate-item-{hall.projects[0]}")
    toggle = first.locator("button.subs-toggle")
    count = first.locator("ol.subs > li.sub").count()
    expect(toggle).to_have_text(f"查看具体项目（{count} 项）")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(first.locator("ol.subs > li.sub").first).to_be_visible()
    text, size = smallest_text(page, "#app")
    assert size >= 17, f"phone rating text {text!r} is {size}px with the sub-projects open"
    assert_accessible(page, "phone rating with sub-projects open")
    shot(page, "phone-rating-subprojects-open")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    assert_buttons_never_under_the_bar(page, "button.rate")
    last = page.locator("#ballot-items > li.item").last.locator("button.rate").last
    last.tap()
    expect(last).to_have_attribute("aria-pressed", "true")
    assert not below_bar(page, "#ballot-items > li.item:last-child button.rate")
    assert_no_bad_words(page, "phone rating compact")
    # With the phone's text at 200 % the compact cards reflow and nothing overflows.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert_fits(page, "phone rating compact at 200 %")
    shot(page, "phone-rating-200-percent-text")


@pytest.mark.hall(signed_in=True, proposals=2)
def test_a_yes_no_abstain_ballot_shows_three_projects_on_a_phones_first_screen(
    hall, axe, open_desk, open_phone, api_deputy, new_context
):
    desk = open_desk()
    edit_to_yes_no_abstain_shown_live(desk, hall.ballot)
    desk.open_ballot(hall.ballot)
    phone = open_phone("wechat-360", 0)
    page = phone.page
    expect(phone.form).to_be_visible()
    shot(page, "phone-yes-no-abstain-first-screen")
    assert_three_on_first_screen(page, (".item-name", "button.mark"))
    text, size = smallest_text(page, "#app")
    assert size >= 17, f"phone yes/no/abstain text {text!r} is {size}px"
    assert_fits(page, "phone yes/no/abstain compact")
    assert_accessible(page, "phone yes/no/abstain compact")
    # 牵头单位 · 预算 and the summary fold behind a real button.
    fold = page.locator("#ballot-items > li.item").first.locator("button.item-fold")
    expect(fold).to_have_attribute("aria-expanded", "false")
    details = page.locator("#ballot-items > li.item").first.locator(".item-details")
    expect(details).to_be_hidden()
    fold.tap()
    expect(fold).to_have_attribute("aria-expanded", "true")
    expect(details.locator(".item-meta")).to_contain_text("预算")
    expect(details.locator(".item-source")).to_have_text("来源：代表建议 2 条")  # with the ballot
    shot(page, "phone-yes-no-abstain-details-open")
    fold.tap()
    expect(details).to_be_hidden()
    assert_buttons_never_under_the_bar(page, "button.mark")
    button = page.locator("#ballot-items > li.item").last.locator('button.mark[data-mark="no"]')
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert not below_bar(page, "#ballot-items > li.item:last-child button.mark")
    assert_no_bad_words(page, "phone yes/no/abstain compact")
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert_fits(page, "phone yes/no/abstain compact at 200 %")
    shot(page, "phone-yes-no-abstain-200-percent-text")

    # The chair's table has 赞成 / 反对 / 弃权 from the ballot's kind, though only 赞成 was cast.
    chair = chair_of(desk, new_context)
    for index in range(3):
        api_deputy(index).cast(hall.ballot, {"marks": {str(hall.items[0]): "yes"}})
    desk.close_ballot(hall.ballot)
    heads = chair.locator("#chair-result-table thead th")
    expect(heads).to_have_text(["名次", "项目", "赞成", "反对", "弃权", "结果"])
    first = chair.locator("#chair-result-table tbody tr").first
    expect(first.locator("td.mark-no")).to_have_text("0")
