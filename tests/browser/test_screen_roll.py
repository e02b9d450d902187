"""What the hall screen says about the roll and an empty rating: before sign-in opens it says so
(no red 未达法定人数 greeting the arriving deputies), the roll line with 请假 and 缺席, and a
rating published without sheets shows 未测评, never `null`."""

import pytest

from tests.browser.pages import assert_fits, expect, shot, wait_for_scene


def test_the_screen_says_sign_in_has_not_started_then_follows_the_roll(
    hall, open_desk, open_screen, api_deputy
):
    screen = open_screen()
    wait_for_scene(screen, "sign_in")
    quorum = screen.locator("#quorum")
    expect(screen.locator("#sign-in-state")).to_have_text("签到尚未开始")
    expect(quorum).to_have_attribute("data-quorum-met", "not_started")
    expect(quorum).to_have_text("签到尚未开始")
    expect(screen.locator(".quorum-icon")).to_be_hidden()
    expect(screen.locator("#roll-line")).to_have_text("应到 3 人，实到 0 人，请假 0 人，缺席 3 人")
    shot(screen, "screen-sign-in-not-started")
    assert_fits(screen, "screen sign-in not started")

    desk = open_desk()
    desk.open_sign_in()
    expect(screen.locator("#sign-in-state")).to_have_text("签到进行中")
    expect(quorum).to_have_attribute("data-quorum-met", "false")
    expect(quorum).to_contain_text("未达法定人数")
    for index in range(2):
        deputy = api_deputy(index)
        assert deputy.session.post(f"{hall.url}/api/v1/me/sign-in", json={}, timeout=10).ok
    expect(screen.locator("#roll-line")).to_have_text("应到 3 人，实到 2 人，请假 0 人，缺席 1 人")
    expect(quorum).to_have_attribute("data-quorum-met", "true")
    expect(screen.locator(".quorum-icon")).to_have_text("✓")
    shot(screen, "screen-sign-in-quorum")


@pytest.mark.hall(rating=True)
def test_a_rating_published_without_sheets_shows_no_grade_and_no_null(hall, open_desk, open_screen):
    screen = open_screen()
    desk = open_desk()
    desk.open_ballot(hall.rating)
    desk.close_ballot(hall.rating)
    desk.publish(hall.rating)
    wait_for_scene(screen, "result")
    summary = screen.locator("#rating-summary")
    expect(summary).to_contain_text("未测评 10 个")
    assert "null" not in summary.inner_text()
    expect(screen.locator("#rating-rows .grade")).to_have_text(["未测评"] * 10)
    expect(screen.locator("#rating-rows .rectify")).to_have_count(10)
    for flag in screen.locator("#rating-rows .rectify").all():
        expect(flag).to_be_hidden()
    assert "null" not in screen.locator("#stage").inner_text()
    shot(screen, "screen-rating-no-sheets")
