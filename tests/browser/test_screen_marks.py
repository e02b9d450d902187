"""A yes / no / abstain ballot on the hall screen (issue 16): 赞成 / 反对 / 弃权 per
candidate, counts and bars in the hall keypads' colours (RULES.md "Words": 赞成 green,
反对 red, 弃权 yellow), live while it runs and once published, readable at 30 m on 1080p."""

import pytest

from tests.browser.pages import (
    assert_accessible,
    assert_fits,
    assert_no_bad_words,
    expect,
    shot,
    smallest_text,
    wait_for_scene,
)

MARKS = ("yes", "no", "abstain")
GREEN, RED, YELLOW = "rgb(29, 107, 54)", "rgb(179, 34, 42)", "rgb(242, 194, 48)"

# The six sheets by candidate (list positions 0, 1, 2); the rest are left unmarked (弃权).
# The phone's sheet is the first; the five others go through the API.
SHEETS = [
    {0: "yes", 1: "no"},
    {0: "yes", 1: "yes", 2: "no"},
    {0: "yes", 1: "no", 2: "no"},
    {0: "yes", 1: "no"},
    {0: "no", 2: "yes"},
    {0: "yes", 1: "abstain", 2: "no"},
]
# 赞成, 反对, 弃权 of candidates 0, 1, 2 over all six sheets.
COUNTS = {0: (5, 1, 0), 1: (1, 3, 2), 2: (1, 3, 2)}


def count_cell(row, mark: str):
    number = ".chart-count-num" if mark == "yes" else ".chart-mark-num"
    return row.locator(f'.chart-count[data-mark="{mark}"] {number}')


def shown_counts(row) -> tuple[int, ...]:
    """赞成, 反对, 弃权 as the row counts to (data-value: the number a count-up ends on)."""
    return tuple(int(count_cell(row, mark).get_attribute("data-value")) for mark in MARKS)


def style_of(locator, prop: str) -> str:
    return locator.evaluate(f"(el) => getComputedStyle(el).{prop}")


def edit_to_yes_no_abstain_shown_live(desk, ballot: int) -> None:
    """编辑设置: 逐项表决（赞成 / 反对 / 弃权）, 大屏实时显示票数."""
    desk.tool(ballot, "edit").click()
    editor = desk.page.locator("dialog.life-editor")
    editor.get_by_label("票式").select_option("yes_no_abstain")
    editor.get_by_label("大屏显示").select_option("live")
    editor.get_by_role("button", name="保存设置").click()
    expect(editor).to_have_count(0)


@pytest.mark.hall(signed_in=True, deputies=6)
def test_the_screen_shows_yes_no_and_abstain_in_the_keypads_colours(
    hall, axe, open_desk, open_screen, open_phone, api_deputy
):
    desk = open_desk()
    edit_to_yes_no_abstain_shown_live(desk, hall.ballot)
    screen = open_screen()
    phone = open_phone("wechat-360", 0)
    # Before the chair opens it, the phone says what to wait for (RULES.md "Words").
    expect(phone.page.locator("#view-waiting")).to_contain_text(
        "投票尚未开始，请等候大会主持人宣布"
    )
    desk.open_ballot(hall.ballot)
    wait_for_scene(screen, "voting")
    items = hall.items
    expect(phone.form).to_be_visible()
    for position, mark in SHEETS[0].items():
        button = phone.page.locator(
            f'#ballot-items li[data-item-id="{items[position]}"] button[data-mark="{mark}"]'
        )
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
    phone.review()
    phone.send()
    expect(phone.counted).to_be_visible()
    for index, sheet in enumerate(SHEETS[1:], start=1):
        marks = {str(items[position]): mark for position, mark in sheet.items()}
        api_deputy(index).cast(hall.ballot, {"marks": marks})

    # Live, in a batch of at least five sheets: each row's three counts add up to the batch.
    live_rows = screen.locator("#live-rows > li.chart-row")
    expect(live_rows).to_have_count(len(items))
    expect(count_cell(live_rows.first, "yes")).not_to_have_attribute("data-value", "0")
    batch = sum(shown_counts(live_rows.first))
    assert batch in (5, 6), batch
    assert all(sum(shown_counts(live_rows.nth(i))) == batch for i in range(3))
    expect(screen.locator(".chart.is-live .chart-head .chart-count")).to_have_text(
        ["赞成", "反对", "弃权"]
    )
    assert_no_bad_words(screen, "screen yes/no/abstain live")
    assert_fits(screen, "screen yes/no/abstain live")
    shot(screen, "screen-yes-no-abstain-live")

    desk.close_ballot(hall.ballot)
    desk.publish(hall.ballot)
    wait_for_scene(screen, "result")
    rows = screen.locator("#result-rows > li.chart-row")
    expect(rows).to_have_count(len(items))
    by_id = {items[position]: counts for position, counts in COUNTS.items()}
    for candidate, counts in by_id.items():
        row = screen.locator(f'#result-rows > li[data-candidate-id="{candidate}"]')
        for mark, count in zip(MARKS, counts, strict=True):
            expect(count_cell(row, mark)).to_have_text(str(count))
    # Only candidate 0 has more than half of the 6 deputies: 入选, and first on the list.
    expect(rows.first).to_have_attribute("data-candidate-id", str(items[0]))
    expect(rows.first).to_have_attribute("data-outcome", "chosen")
    expect(screen.locator(".chart:not(.is-live) .chart-head .chart-count")).to_have_text(
        ["赞成", "反对", "弃权"]
    )

    screen.wait_for_function("() => document.getAnimations().length === 0")  # bars grown
    # The keypads' colours: the counts' text, the bar's segments and the head's swatches.
    first = rows.first
    assert style_of(first.locator('.chart-count[data-mark="yes"]'), "color") == GREEN
    assert style_of(first.locator('.chart-count[data-mark="no"]'), "color") == RED
    assert style_of(first.locator(".chart-bar"), "backgroundColor") == GREEN
    assert style_of(first.locator('.chart-seg[data-mark="no"]'), "backgroundColor") == RED
    second = screen.locator(f'#result-rows > li[data-candidate-id="{items[1]}"]')
    assert style_of(second.locator('.chart-seg[data-mark="abstain"]'), "backgroundColor") == YELLOW
    head = screen.locator(".chart:not(.is-live) .chart-head")
    swatches = head.locator(".mark-swatch")
    assert [style_of(swatches.nth(i), "backgroundColor") for i in range(3)] == [GREEN, RED, YELLOW]
    # 反对 follows 赞成 on the bar, as long as its count says (5 赞成 : 1 反对).
    yes_box = first.locator(".chart-bar").bounding_box()
    no_box = first.locator('.chart-seg[data-mark="no"]').bounding_box()
    assert abs(no_box["x"] - (yes_box["x"] + yes_box["width"])) <= 1.5
    assert abs(yes_box["width"] - 5 * no_box["width"]) <= 3, (yes_box, no_box)

    # Read at 30 m: the rows' text ≥ 40 px, the head's ≥ 36 px.
    text, size = smallest_text(screen, "#result-rows")
    assert size >= 40, f"result row text {text!r} is {size}px at 1080p"
    text, size = smallest_text(screen, ".chart:not(.is-live) .chart-head")
    assert size >= 36, f"the head's {text!r} is {size}px at 1080p"
    assert_no_bad_words(screen, "screen yes/no/abstain result")
    assert_fits(screen, "screen yes/no/abstain result")
    assert_accessible(screen, "screen yes/no/abstain result")
    shot(screen, "screen-yes-no-abstain-result")
