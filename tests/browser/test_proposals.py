"""问需于民 in the browser: a visitor proposes on a phone and follows the code; a deputy records
a station proposal; the desk merges, answers and turns proposals into a candidate, whose
provenance shows on a deputy's ballot and, after publish, 入选 on the proposer's status page."""

import re
from datetime import date, timedelta

import pytest

from tests.browser.pages import (
    PHONE_CONTEXT,
    PHONES,
    Phone,
    assert_accessible,
    assert_fits,
    expect,
    shot,
)

# The public form refuses a send sooner than this after the page was shown (a robot's speed).
FILL_SECONDS = 4.2


def set_round(desk) -> None:
    """The desk opens the collection round on its proposals page."""
    desk.goto("/admin/proposals")
    page = desk.page
    expect(page.locator("#round-state")).to_have_text("征集尚未开始")
    page.locator("#round-opens").fill((date.today() - timedelta(days=2)).isoformat())
    page.locator("#round-closes").fill((date.today() + timedelta(days=28)).isoformat())
    page.locator("#round-intro").fill("请提出您身边的民生实事建议。")
    page.locator("#round-save").click()
    expect(page.locator("#desk-message")).to_have_text("征集设置已保存")
    expect(page.locator("#round-state")).to_have_text("征集进行中")


def phone_watching_requests(hall, new_context) -> tuple[Phone, list[str]]:
    """Card 0's phone, every request its page sends noted from the first one on."""
    context = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"])
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    phone = Phone(page, "wechat-360")
    phone.open_card(hall.url, hall.cards[0])
    return phone, asked


def visitor_page(new_context):
    context = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"])
    return context.new_page()


def propose(page, url: str, title: str, area: str = "交通") -> str:
    """Fill the public form as a person does and send it; answers the tracking code."""
    page.goto(f"{url}/propose")
    page.get_by_label(area).check()
    page.locator("#title").fill(title)
    page.locator("#body").fill(f"{title}：上下学时段车多，学生过马路危险。")
    page.wait_for_timeout(FILL_SECONDS * 1000)
    page.locator("#submit").tap()
    expect(page.locator("#thanks")).to_be_visible()
    return page.locator("#code").inner_text()


def test_a_visitor_proposes_on_a_phone_and_follows_the_code(hall, open_desk, new_context):
    desk = open_desk()
    set_round(desk)
    desk.goto("/propose/poster")
    expect(desk.page.locator("#poster svg.qr")).to_be_visible()
    expect(desk.page.locator("#poster-url")).to_have_text(f"{hall.url}/propose")
    shot(desk.page, "propose-poster", full_page=True)
    first = visitor_page(new_context)
    code = propose(first, hall.url, "镇中心小学门口增设红绿灯")
    assert re.fullmatch(r"JY-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    expect(first.locator("#state")).to_have_text("已收到")
    assert_accessible(first, "propose status")
    shot(first, "propose-status")

    second = visitor_page(new_context)
    second.goto(f"{hall.url}/propose")
    assert_fits(second, "propose")
    assert_accessible(second, "propose")
    shot(second, "propose-form")
    second.locator("#title").fill("小学门口红绿灯")
    similar = second.locator("#similar-list li")
    expect(similar).to_have_count(1)
    expect(similar.first).to_contain_text("镇中心小学门口增设红绿灯")
    similar.first.locator("button.support").tap()
    expect(similar.first.locator("button.support")).to_have_text("已附议")
    shot(second, "propose-similar")

    first.goto(f"{hall.url}/propose/s")
    first.locator("#lookup-code").fill(code.lower())
    first.locator("#lookup").tap()
    expect(first.locator("#code")).to_have_text(code)
    expect(first.locator("#supports")).to_have_text("1 人")


def test_a_deputy_records_a_station_proposal(hall, open_desk, open_phone):
    set_round(open_desk())
    phone = open_phone("wechat-360", 0)
    phone.page.locator("#proposals-link").tap()
    page = phone.page
    expect(page.locator("#proposal-form")).to_be_visible()
    page.locator("#p-channel").select_option(label="代表接待日")
    page.locator("#p-station").fill("龙港镇代表联络站")
    page.locator("#p-constituents").fill("12")
    page.locator("#p-area").select_option("交通")
    page.locator("#p-title").fill("菜市场周边停车难")
    page.locator("#p-body").fill("早市时段车辆乱停，建议划设临时停车位。")
    page.locator("#proposal-submit").tap()
    expect(page.locator("#proposal-message")).to_contain_text("已记录，查询码 JY-")
    mine = page.locator("#my-proposals li")
    expect(mine).to_have_count(1)
    expect(mine.first).to_contain_text("代表接待日 · 龙港镇代表联络站 · 12 人反映")
    expect(mine.first).to_contain_text("已收到")
    assert_fits(page, "deputy proposals")
    assert_accessible(page, "deputy proposals")
    shot(page, "deputy-proposals")


@pytest.mark.hall(deputies=1)
def test_the_desk_merges_answers_and_makes_a_candidate_that_shows_its_provenance(
    hall, open_desk, new_context
):
    desk = open_desk()
    set_round(desk)
    titles = ["幸福小区加装电梯", "幸福小区三幢加装电梯", "幸福小区老人上下楼难"]
    visitors = [visitor_page(new_context) for _ in titles]
    codes = [
        propose(page, hall.url, title, "交通") for page, title in zip(visitors, titles, strict=True)
    ]

    page = desk.page
    desk.goto("/admin/proposals")
    rows = page.locator("#queue-rows tr")
    expect(rows).to_have_count(3)
    ids = [int(rows.nth(i).get_attribute("data-id")) for i in range(3)]  # newest first
    target = min(ids)
    for i in range(3):
        rows.nth(i).locator("input.pick").check()
    page.locator("#merge-target").fill(str(target))
    page.locator("#merge").click()
    expect(page.locator("#desk-message")).to_have_text("已合并 2 条")
    shot(page, "desk-proposals-merged")
    page.locator("#f-state").select_option("merged")
    page.locator("#f-go").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#page-text")).to_have_text("第 1 / 1 页，共 2 条")
    page.locator("#f-state").select_option("")
    page.locator("#f-go").click()
    expect(rows).to_have_count(3)

    page.locator(f'#queue-rows tr[data-id="{target}"] td').nth(1).click()
    expect(page.locator("#d-fields")).to_contain_text("合并自 2 条")
    page.locator("#d-department").fill("市住建局")
    page.locator("#d-assign").click()
    expect(page.locator("#desk-message")).to_have_text("承办部门已保存")
    page.locator("#d-answer").select_option("adopted")
    page.locator("#d-answer-reason").fill("纳入加装电梯民生实事")
    page.locator("#d-answer-save").click()
    expect(page.locator("#desk-message")).to_have_text("答复已保存")

    page.locator(f'#queue-rows tr[data-id="{target}"] input.pick').check()
    page.locator("#c-name").fill("老旧小区加装电梯")
    page.locator("#c-department").fill("市住建局")
    page.locator("#c-budget").fill("800")
    page.locator("#make-candidate").click()
    expect(page.locator("#desk-message")).to_have_text("已生成候选项目「老旧小区加装电梯」")
    line = page.locator("#provenance-list li", has_text="老旧小区加装电梯")
    expect(line).to_contain_text("来源：群众建议 3 条")
    expect(page.locator("#chart-area rect.bar")).to_have_count(1)
    shot(page, "desk-proposals", full_page=True)

    desk.dashboard()
    desk.open_sign_in()
    phone, asked = phone_watching_requests(hall, new_context)
    phone.sign_in()
    desk.open_ballot(hall.ballot)  # the ballot reaches the phone in the `state` push
    item = phone.page.locator("#ballot-items li", has_text="老旧小区加装电梯")
    expect(item.locator(".item-source")).to_have_text("来源：群众建议 3 条")
    phone.page.reload()  # and now in /api/v1/me's answer
    expect(item.locator(".item-source")).to_have_text("来源：群众建议 3 条")
    assert [url for url in asked if "/provenance" in url] == [], "the lines come with the ballot"
    assert any(url.endswith("/api/v1/me") for url in asked)  # the watch saw the page's calls
    shot(phone.page, "phone-ballot-provenance")
    item.locator("button").first.tap()
    phone.review()
    phone.send()
    expect(phone.counted).to_be_visible()
    desk.close_ballot(hall.ballot)
    desk.publish(hall.ballot)

    status = visitors[1]
    status.goto(f"{hall.url}/propose/s/{codes[1]}")
    expect(status.locator("#state")).to_have_text("已合并")
    expect(status.locator("#answer")).to_have_text("采纳")
    expect(status.locator("#outcome")).to_have_text("入选")
    shot(status, "propose-status-chosen")
