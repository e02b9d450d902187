"""The desk's 系统状态 page as the IT staff open it: reached from the top bar, it names the
database, the message queue and this process, counts the screens connected, and passes axe."""

import re

from tests.browser.pages import assert_accessible, assert_fits, expect, shot


def test_the_health_page_from_the_top_bar(hall, axe, open_desk, open_screen):
    open_screen()
    desk = open_desk()
    desk.page.locator('#topnav a[data-nav="health_page"]').click()
    page = desk.page
    expect(page.locator("h1")).to_have_text("系统状态")
    expect(page.locator("#health-summary")).to_have_attribute("data-intact", "true")
    expect(page.locator("#health-database")).to_contain_text("正常")
    expect(page.locator("#health-queue")).to_contain_text("单进程运行，无需 Redis")
    expect(page.locator("tr.health-process")).to_have_count(1)
    # The screen, and the dashboard's preview of it unless its socket has closed already.
    expect(page.locator("#health-screens")).to_have_text(re.compile(r"^[12]$"))
    shot(page, "desk-health")
    assert_accessible(page, "desk health")
    assert_fits(page, "desk health")
