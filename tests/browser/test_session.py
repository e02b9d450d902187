"""The session as it happens, through the pages only: the desk opens sign-in, three phones sign
in and vote (one loses its network just as it confirms), the hall screen follows, the desk
closes and publishes, and every page shows what its users should see. Screenshots of each state
go to test-output/screenshots/."""

import re

from tests.browser.pages import PLACES, assert_fits, assert_no_bad_words, expect, shot

OUTCOME_WORDS = {"chosen": "入选", "tied": "并列", "not_passed": "未过半数"}


def test_a_session_from_sign_in_to_the_published_result(hall, open_desk, open_screen, open_phone):
    desk = open_desk(login_screenshot="desk-login")
    desk.open_sign_in()
    screen = open_screen()
    stage = screen.locator("#stage")
    expect(stage).to_have_attribute("data-scene", "sign_in")
    expect(screen.locator("#roll-expected")).to_have_text("3")
    expect(screen.locator("#roll-present")).to_have_text("0")
    expect(stage).to_contain_text("应到")
    expect(stage).to_contain_text("实到")

    phones = [
        open_phone("wechat-360", 0),
        open_phone("android-360", 1),
        open_phone("iphone-390", 2),
    ]
    wechat, android, iphone = phones
    expect(wechat.page.locator("#deputy-name")).to_have_text("陈建国")
    expect(wechat.page.locator("#meeting-name")).to_have_text("龙港市第二届人民代表大会第三次会议")
    expect(wechat.page.locator("#demo-badge")).to_have_count(0)
    expect(wechat.sign_in_button).to_have_text("签到")
    shot(wechat.page, "phone-sign-in")
    assert_no_bad_words(wechat.page, "phone-sign-in")
    for present, phone in enumerate(phones, start=1):
        assert_fits(phone.page, f"{phone.label} before sign-in")
        phone.sign_in()
        expect(screen.locator("#roll-present")).to_have_text(str(present))
    expect(screen.locator("#quorum")).to_have_attribute("data-quorum-met", "true")
    expect(desk.page.locator("#roll-present")).to_have_text("3")
    expect(wechat.page.locator("#view-waiting")).to_be_visible()
    shot(wechat.page, "phone-waiting")
    assert_no_bad_words(wechat.page, "phone-waiting")
    shot(screen, "screen-sign-in")
    assert_no_bad_words(screen, "screen-sign-in")
    assert_fits(screen, "screen sign-in")

    desk.open_ballot(hall.ballot)
    assert any("确定开始投票" in message for message in desk.dialogs)
    expect(stage).to_have_attribute("data-scene", "voting")
    expect(screen.locator("#ballot-title")).to_have_text("2026年民生实事项目票决")
    for phone in phones:  # pushed to the open pages: nobody reloads
        expect(phone.form).to_have_attribute("data-places", str(PLACES))
        expect(phone.form.locator("#ballot-items > li.item")).to_have_count(len(hall.items))
        expect(phone.count).to_have_text(f"已选 0/{PLACES}")
        assert_fits(phone.page, f"{phone.label} ballot")
    shot(wechat.page, "phone-ballot", full_page=True)
    assert_no_bad_words(wechat.page, "phone-ballot")

    # The result this makes: 8 chosen with 3 votes, 3 tied at the cut with 2, 4 with none.
    chosen, tied, unchosen = hall.items[:8], hall.items[8:11], hall.items[11:]
    sheets = {
        wechat: [*chosen, tied[0], tied[1]],
        android: [*chosen, tied[0], tied[2]],
        iphone: [*chosen, tied[1], tied[2]],
    }

    wechat.choose(sheets[wechat])
    # At K chosen the rest grey out (aria-disabled) and say why, for as long as it stays full;
    # a tap on one of them changes nothing.
    left = wechat.page.locator(f'#ballot-items button.item-toggle[data-item-id="{unchosen[0]}"]')
    expect(left).to_have_attribute("aria-disabled", "true")
    left.tap(force=True)
    expect(left).to_have_attribute("aria-pressed", "false")
    expect(wechat.page.locator("#ballot-limit")).to_have_text(
        f"已选满 {PLACES} 项，如需改选请先取消一项"
    )
    assert float(left.evaluate("b => getComputedStyle(b).opacity")) < 0.5
    expect(wechat.count).to_have_text(f"已选 {PLACES}/{PLACES}")
    shot(wechat.page, "phone-ballot-chosen")
    assert_no_bad_words(wechat.page, "phone-ballot-chosen")
    wechat.review()
    expect(wechat.page.locator("#confirm-list > li")).to_have_count(PLACES)
    assert_fits(wechat.page, "phone confirm")
    shot(wechat.page, "phone-confirm", full_page=True)
    assert_no_bad_words(wechat.page, "phone-confirm")
    wechat.send()
    expect(wechat.counted).to_contain_text("投票成功 · 已计入")
    wechat_receipt = wechat.receipt.get_attribute("data-receipt")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{1,4}){6}", wechat_receipt)
    assert_fits(wechat.page, "phone counted")
    shot(wechat.page, "phone-counted")
    assert_no_bad_words(wechat.page, "phone-counted")
    expect(screen.locator("#turnout")).to_have_attribute("data-voted", "1")

    # The android phone loses the network just as the deputy confirms, then gets it back.
    android.choose(sheets[android])
    android.review()
    android.page.context.set_offline(True)
    android.send()
    expect(android.sending).to_have_attribute("data-status", "retrying")
    expect(android.sending).to_contain_text("网络不稳定，正在重试")
    retried_receipt = android.receipt.get_attribute("data-receipt")
    shot(android.page, "phone-retrying")
    assert_no_bad_words(android.page, "phone-retrying")
    android.page.context.set_offline(False)
    expect(android.counted).to_contain_text("投票成功 · 已计入")
    expect(android.receipt).to_have_attribute("data-receipt", retried_receipt)
    expect(android.conn).to_have_attribute("data-online", "true")

    iphone.vote(sheets[iphone])
    expect(screen.locator("#turnout")).to_have_attribute("data-voted", "3")
    expect(screen.locator("#turnout")).to_have_text(re.compile(r"已投 3 / 实到 3$"))
    shot(screen, "screen-voting")
    assert_no_bad_words(screen, "screen-voting")
    assert_fits(screen, "screen voting")
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 3 / 实到 3")
    shot(desk.page, "desk-dashboard", full_page=True)
    assert_no_bad_words(desk.page, "desk-dashboard")
    assert_fits(desk.page, "desk dashboard")

    desk.close_ballot(hall.ballot)
    expect(stage).to_have_attribute("data-scene", "closed")
    for phone in phones:
        expect(phone.closed).to_have_attribute("data-state", "closed")
        expect(phone.closed).to_contain_text("投票已结束")
    assert_fits(wechat.page, "phone closed")
    shot(wechat.page, "phone-closed")
    assert_no_bad_words(wechat.page, "phone-closed")
    shot(screen, "screen-closed")
    assert_no_bad_words(screen, "screen-closed")

    desk.publish(hall.ballot)
    expect(stage).to_have_attribute("data-scene", "result")
    expect(screen.locator("#result-headline")).to_have_text("确定 8 个年度民生实事项目")
    expect(screen.locator("#threshold-line")).to_contain_text("过半数线 2 票")
    # Three sheets in the box, each counted once: the offline phone's retry added nothing.
    expect(screen.locator('#result-counts [data-count="returned"]')).to_have_text("3")
    rows = screen.locator("#result-rows > li.chart-row")
    expect(rows).to_have_count(len(hall.items))
    ranked = [(c, "chosen", 3) for c in chosen] + [(c, "tied", 2) for c in tied]
    ranked += [(c, "not_passed", 0) for c in unchosen]
    ranks = []
    for row, (candidate, outcome, yes) in zip(rows.all(), ranked, strict=True):
        expect(row).to_have_attribute("data-candidate-id", str(candidate))
        expect(row).to_have_attribute("data-outcome", outcome)
        expect(row).to_have_attribute("data-yes", str(yes))
        expect(row.locator(".outcome")).to_contain_text(OUTCOME_WORDS[outcome])
        expect(row.locator(".chart-count-num")).to_have_text(str(yes))  # the count-up ended
        ranks.append(int(row.get_attribute("data-rank")))
    assert ranks == sorted(ranks) and ranks[0] == 1
    shot(screen, "screen-result")
    assert_no_bad_words(screen, "screen-result")
    assert_fits(screen, "screen result")

    for phone in phones:
        expect(phone.closed).to_have_attribute("data-state", "published")
        expect(phone.closed).to_contain_text("结果已公布")
        expect(phone.closed).to_contain_text("✓ 您的选票已计入。")
        # The result is on the phone too, as the screen shows it: the 8 projects 入选.
        listed = phone.page.locator("#phone-result .phone-result-list li")
        expect(listed).to_have_count(len(chosen))
    expect(wechat.page.locator("#phone-result")).to_contain_text("确定 8 个年度民生实事项目")
    expect(wechat.receipt).to_have_attribute("data-receipt", wechat_receipt)
    assert_fits(wechat.page, "phone published")
    shot(wechat.page, "phone-published")
    assert_no_bad_words(wechat.page, "phone-published")
    expect(desk.page.locator("#preview tbody tr")).to_have_count(len(hall.items))
    shot(desk.page, "desk-published", full_page=True)
    assert_no_bad_words(desk.page, "desk-published")
    assert_fits(desk.page, "desk published")
