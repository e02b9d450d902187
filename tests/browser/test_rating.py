"""The satisfaction rating (满意度测评) through the pages: a phone rates last year's 10 projects,
the hall screen scrolls the 满意 feed while sheets come in and shows the published result, and
the desk puts the completed projects on the screen (完成情况展示). Figures are checked against a
tally computed here, independently of hall.rules. Screenshots go to test-output/screenshots/."""

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from hall.demo.load import demo_rows
from hall.rules.secrecy import SECRET_BATCH
from tests.browser.pages import (
    SCREEN_CONTEXT,
    assert_accessible,
    assert_fits,
    assert_no_bad_words,
    expect,
    shot,
    smallest_text,
    wait_for_scene,
)

RATING_WORDS = {"satisfied": "满意", "fairly_satisfied": "基本满意", "dissatisfied": "不满意"}
LETTERS = {"S": "satisfied", "F": "fairly_satisfied", "D": "dissatisfied", "-": None}
GRADE_WORDS = RATING_WORDS
PROJECTS = demo_rows()
SUBPROJECTS = sum(len(project.subprojects) for project in PROJECTS)
EXCEEDED = sum(sub.status == "超额完成" for project in PROJECTS for sub in project.subprojects)

# One sheet per deputy, a letter per project in list order: S 满意, F 基本满意, D 不满意, - 弃权.
# Phones 0 and 1 rate on their pages first, deputies 2-13 through the API. While the rating is
# open a release needs SECRET_BATCH (5) new sheets, so whenever the pusher happens to look, at
# most the last 4 sheets wait for the close: 10-13 hold only 不满意 and 弃权, so every 满意 and
# 基本满意 reaches the screen before the close whatever the pusher's timing.
SHEETS = [
    "SSSSSSSSFD",
    "SFSSSSSFF-",
    "SSSSSSSFSD",
    "SSSFSSSSFD",
    "SSSSFSSSFD",
    "SSSSSFSSSF",
    "SFSSSSSSFD",
    "SSFSSSSSFS",
    "FSSSSSDSFD",
    "SSSSSS-SFF",
    "DDDDDDDDDD",
    "-D-D-D-D-D",
    "DDDDD-DDDD",
    "D-D-D-D-D-",
]
PHONE_SHEETS = 2


def percent(part: int, whole: int) -> str:
    value = Decimal(100 * part) / Decimal(whole) if whole else Decimal(0)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def expected_grade(satisfied: int, fairly: int, returned: int) -> str:
    """RULES.md's default (镇海区): 满意 past half of the sheets returned, else 满意 + 基本满意."""
    if 2 * satisfied > returned:
        return "satisfied"
    if 2 * (satisfied + fairly) > returned:
        return "fairly_satisfied"
    return "dissatisfied"


def ratings_of(sheet: str, projects: list[int]) -> dict[int, str]:
    """{project id: rating} of a sheet written as letters; 弃权 left out."""
    marks = {project: LETTERS[letter] for project, letter in zip(projects, sheet, strict=True)}
    return {project: rating for project, rating in marks.items() if rating}


def rate_on_phone(phone, ratings: dict[int, str]) -> None:
    """Tap each rating on its project's card and watch the card and the count follow."""
    for number, (project, rating) in enumerate(ratings.items(), start=1):
        button = phone.page.locator(
            f'button.rate[data-item-id="{project}"][data-rating="{rating}"]'
        )
        button.tap()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(phone.count).to_have_text(f"已评 {number}/10")


@pytest.mark.hall(signed_in=True, rating=True)
def test_a_phone_rates_the_projects_leaves_some_unrated_and_sees_its_receipt(
    hall, axe, open_desk, open_phone
):
    desk = open_desk()
    phone = open_phone("wechat-360", 0)
    expect(phone.page.locator("#view-waiting")).to_be_visible()  # phones never see a draft
    desk.open_ballot(hall.rating)
    page, projects = phone.page, hall.projects

    expect(phone.form).to_have_attribute("data-form", "rating")
    cards = page.locator("#ballot-items > li.rate-card")
    expect(cards).to_have_count(10)
    expect(phone.count).to_have_text("已评 0/10")
    expect(page.locator("#ballot-form .rate-scope")).to_have_text(
        f"共 10 个项目，含 {SUBPROJECTS} 个具体项目。"
    )
    for card, project in zip(cards.all(), PROJECTS, strict=True):
        expect(card.locator(".item-name")).to_have_text(project.name)
        expect(card.locator("button.rate")).to_have_count(3)
        expect(card.locator(".rate-note")).to_have_text("未评价，计为弃权")
    assert_fits(page, "phone rating form")
    shot(page, "phone-rating-form")
    assert_no_bad_words(page, "phone-rating-form")

    # The first project's 5 sub-projects, behind 查看: target and achieved, and 超额完成.
    first = page.locator(f"#rate-item-{projects[0]}")
    toggle = first.locator("button.subs-toggle")
    expect(toggle).to_have_text(f"查看具体项目（{len(PROJECTS[0].subprojects)} 项）")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    subs = first.locator("ol.subs > li.sub")
    expect(subs.first).to_be_hidden()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("收起具体项目")
    expect(subs).to_have_count(len(PROJECTS[0].subprojects))
    smoke_alarms = subs.first  # 5,500 homes planned, 5,809 rewired
    expect(smoke_alarms).to_be_visible()
    expect(smoke_alarms.locator(".sub-name")).to_have_text(PROJECTS[0].subprojects[0].name)
    expect(smoke_alarms.locator(".sub-target")).to_have_text("目标 5,500 户")
    expect(smoke_alarms.locator(".sub-achieved")).to_have_text("完成 5,809 户")
    expect(smoke_alarms.locator(".status")).to_have_text("★ 超额完成")
    expect(smoke_alarms).to_have_attribute("data-status", "超额完成")
    expect(subs.nth(1).locator(".status")).to_have_text("已完成")
    assert_fits(page, "phone sub-projects expanded")
    smoke_alarms.evaluate("(sub) => sub.scrollIntoView({block: 'center'})")
    shot(page, "phone-rating-subprojects")
    assert_no_bad_words(page, "phone-rating-subprojects")

    # A change of mind: 满意 then 基本满意 on the second project, then cleared by a second tap.
    def button(rating: str):
        return page.locator(f'button.rate[data-item-id="{projects[1]}"][data-rating="{rating}"]')

    button("satisfied").tap()
    expect(button("satisfied")).to_have_attribute("aria-pressed", "true")
    button("fairly_satisfied").tap()
    expect(button("fairly_satisfied")).to_have_attribute("aria-pressed", "true")
    expect(button("satisfied")).to_have_attribute("aria-pressed", "false")
    expect(phone.count).to_have_text("已评 1/10")
    button("fairly_satisfied").tap()
    expect(button("fairly_satisfied")).to_have_attribute("aria-pressed", "false")
    expect(phone.count).to_have_text("已评 0/10")

    # 7 projects rated (all three words used); 7, 9 and 10 left unrated.
    sheet = "SFDSSF-S--"
    ratings = ratings_of(sheet, projects)
    rate_on_phone(phone, ratings)
    rated = page.locator(f"#rate-item-{projects[2]}")
    expect(rated).to_have_attribute("data-rating", "dissatisfied")
    expect(rated.locator('button.rate[aria-pressed="true"]')).to_have_text("✓不满意")
    expect(page.locator(f"#rate-item-{projects[6]} .rate-note")).to_have_text("未评价，计为弃权")
    assert_fits(page, "phone rating form, rated")
    assert_accessible(page, "phone rating form")
    shot(page, "phone-rating-rated", full_page=True)
    assert_no_bad_words(page, "phone-rating-rated")

    phone.review()
    unrated = [(position, PROJECTS[position - 1].name) for position in (7, 9, 10)]
    warning = page.locator("#confirm-unrated")
    expect(warning).to_contain_text("以下 3 个项目未评价，将计为弃权：")
    expect(warning.locator(".unrated-name")).to_have_text(
        [f"{position} {name}" for position, name in unrated]
    )
    expect(page.locator("#ballot-confirm .confirm-lead")).to_have_text(
        "满意 4 项\u00a0· 基本满意 2 项\u00a0· 不满意 1 项\u00a0· 弃权 3 项"
    )
    rows = page.locator("#confirm-list > li")
    expect(rows).to_have_count(10)
    marks = [LETTERS[letter] or "abstain" for letter in sheet]
    for row, mark in zip(rows.all(), marks, strict=True):
        expect(row).to_have_attribute("data-mark", mark)
        expect(row.locator(".confirm-mark")).to_have_text(RATING_WORDS.get(mark, "弃权"))
    assert_fits(page, "phone rating confirm")
    assert_accessible(page, "phone rating confirm")
    shot(page, "phone-rating-confirm", full_page=True)
    assert_no_bad_words(page, "phone-rating-confirm")

    phone.send()
    expect(phone.counted).to_contain_text("测评已提交 · 已计入")
    receipt = phone.receipt.get_attribute("data-receipt")
    assert receipt and len(receipt.replace("-", "")) == 26
    assert_fits(page, "phone rating counted")
    assert_accessible(page, "phone rating counted")
    shot(page, "phone-rating-counted")
    assert_no_bad_words(page, "phone-rating-counted")
    expect(desk.ballot(hall.rating).locator(".turnout")).to_have_text("已评 1 / 实到 3")

    desk.close_ballot(hall.rating)
    expect(phone.closed).to_have_attribute("data-state", "closed")
    expect(phone.closed).to_contain_text("测评已结束")
    expect(phone.closed).to_contain_text("✓ 您的选票已计入。")
    expect(phone.receipt).to_have_attribute("data-receipt", receipt)
    assert_fits(page, "phone rating closed")
    shot(page, "phone-rating-closed")
    assert_no_bad_words(page, "phone-rating-closed")

    # The desk's preview holds exactly what the phone chose: one sheet, 弃权 where unrated.
    for project, letter in zip(projects, sheet, strict=True):
        counts = ["0", "0", "0", "0"]
        counts[{"S": 0, "F": 1, "D": 2, "-": 3}[letter]] = "1"
        row = desk.page.locator(f'#preview tr[data-project-id="{project}"] td.col-num')
        expect(row).to_have_text(counts)


def feed_frames(page) -> list[list[dict]]:
    """The items of every `feed` message the page's Socket.IO WebSocket receives."""
    batches = []

    def on_frame(payload) -> None:
        if isinstance(payload, bytes) or not payload.startswith("42/screen,"):
            return
        event, *data = json.loads(payload[len("42/screen,") :])
        if event == "feed":
            batches.append(data[0]["items"])

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    return batches


@pytest.mark.hall(deputies=len(SHEETS), signed_in=True, rating=True)
def test_the_screen_scrolls_the_satisfied_feed_and_shows_the_published_result(
    hall, axe, open_desk, open_phone, new_context, api_deputy
):
    desk = open_desk()
    screen = new_context(**SCREEN_CONTEXT).new_page()
    batches = feed_frames(screen)
    screen.goto(hall.screen_url)
    phones = [open_phone("wechat-360", 0), open_phone("iphone-390", 1)]
    deputies = [api_deputy(index) for index in range(PHONE_SHEETS, len(SHEETS))]
    # A rating is 测评 on the desk: 开始测评, then 测评中 and 结束测评 (RULES.md "Words").
    card = desk.ballot(hall.rating)
    expect(card.locator('button[data-action="open"]')).to_have_text("开始测评")
    desk.open_ballot(hall.rating)
    expect(card.locator(".state-pill")).to_have_text("测评中")
    expect(card.locator('button[data-action="close"]')).to_have_text("结束测评")
    expect(card.locator(".turnout")).to_contain_text("已评")
    wait_for_scene(screen, "voting")
    feed = screen.locator("#feed")
    expect(screen.locator("#ballot-title")).to_have_text("2025年民生实事项目满意度测评")
    expect(feed).to_have_attribute("data-received", "0")
    expect(screen.locator("#feed-tally")).to_contain_text("已收到 满意 0 条")

    projects = hall.projects
    held_until_close = SHEETS[-(SECRET_BATCH - 1) :]  # at most these wait for the close
    assert all(set(sheet) <= {"D", "-"} for sheet in held_until_close)
    sheets = [ratings_of(sheet, projects) for sheet in SHEETS]
    for phone, ratings in zip(phones, sheets, strict=False):
        expect(phone.form).to_be_visible()
        rate_on_phone(phone, ratings)
        phone.review()
        phone.send()
        expect(phone.counted).to_be_visible()
    for deputy, ratings in zip(deputies, sheets[PHONE_SHEETS:], strict=True):
        deputy.cast(hall.rating, {"ratings": {str(p): rating for p, rating in ratings.items()}})

    counts = {p: dict.fromkeys([*RATING_WORDS, "abstain"], 0) for p in projects}
    for ratings in sheets:
        for project in projects:
            counts[project][ratings.get(project, "abstain")] += 1
    satisfied = sum(count["satisfied"] for count in counts.values())
    fairly = sum(count["fairly_satisfied"] for count in counts.values())
    turnout = screen.locator("#turnout")
    expect(turnout).to_have_attribute("data-voted", str(len(SHEETS)))
    expect(turnout).to_contain_text(f"已评 {len(SHEETS)} / 实到")  # a rating is never 投票
    # Every 满意 and 基本满意 reached the screen before the close, and nothing else did.
    expect(feed).to_have_attribute("data-received", str(satisfied + fairly))
    expect(feed).to_have_attribute("data-satisfied", str(satisfied))
    expect(feed).to_have_attribute("data-fairly-satisfied", str(fairly))
    expect(screen.locator("#feed-satisfied")).to_have_text(str(satisfied))
    expect(screen.locator("#feed-fairly")).to_have_text(str(fairly))
    expect(feed.locator(".feed-item").first).to_be_visible()  # lines still rising
    on_screen = feed.locator(".feed-item").evaluate_all(
        "(lines) => lines.map((line) => [line.dataset.rating, "
        "line.querySelector('.feed-item-badge').textContent, "
        "line.querySelector('.feed-item-name').textContent])"
    )
    names = {project.name for project in PROJECTS}
    for rating, badge, name in on_screen:
        assert rating in ("satisfied", "fairly_satisfied") and badge == RATING_WORDS[rating]
        assert name in names
    shot(screen, "screen-rating-voting", animations="allow")
    # The live tallies read at 30 m too: rows' text ≥ 40 px, their head ≥ 36 px (paged).
    text, size = smallest_text(screen, "#live-rating-rows")
    assert size >= 40, f"live rating row text {text!r} is {size}px at 1080p"
    text, size = smallest_text(screen, ".rating-table.is-live .rt-head")
    assert size >= 36, f"live rating head text {text!r} is {size}px at 1080p"
    assert_no_bad_words(screen, "screen-rating-voting")
    assert_fits(screen, "screen rating voting")
    assert_accessible(screen, "screen rating voting")

    items = [item for batch in batches for item in batch]
    assert items, "no feed message reached the screen's WebSocket"
    assert all(item["rating"] in ("satisfied", "fairly_satisfied") for item in items), items
    assert len(items) == satisfied + fairly
    assert len(batches) < len(SHEETS), "released in batches, not one per sheet"

    desk.close_ballot(hall.rating)
    wait_for_scene(screen, "closed")
    expect(screen.locator("#closed-title")).to_have_text("测评结束，正在统计")
    desk.publish(hall.rating)
    wait_for_scene(screen, "result")

    returned = len(SHEETS)
    rows = screen.locator("#rating-rows > li")
    expect(rows).to_have_count(len(projects))
    total_satisfied = total_combined = 0
    for row, project in zip(rows.all(), projects, strict=True):
        count = counts[project]
        grade = expected_grade(count["satisfied"], count["fairly_satisfied"], returned)
        expect(row).to_have_attribute("data-project-id", str(project))
        expect(row).to_have_attribute("data-satisfied", str(count["satisfied"]))
        expect(row).to_have_attribute("data-fairly-satisfied", str(count["fairly_satisfied"]))
        expect(row).to_have_attribute("data-dissatisfied", str(count["dissatisfied"]))
        expect(row).to_have_attribute("data-abstain", str(count["abstain"]))
        satisfied_rate = percent(count["satisfied"], returned)
        combined_rate = percent(count["satisfied"] + count["fairly_satisfied"], returned)
        expect(row).to_have_attribute("data-satisfied-rate", satisfied_rate)
        expect(row).to_have_attribute("data-combined-rate", combined_rate)
        expect(row.locator(".rt-rate-value")).to_have_text(
            [f"{satisfied_rate}%", f"{combined_rate}%"]
        )
        expect(row).to_have_attribute("data-grade", grade)
        expect(row.locator(".grade")).to_have_text(GRADE_WORDS[grade])
        rectify = grade == "dissatisfied"
        expect(row).to_have_attribute("data-rectify", str(rectify).lower())
        if rectify:
            expect(row.locator(".rectify")).to_have_text("需整改")
        else:
            expect(row.locator(".rectify")).to_be_hidden()
        expect(row.locator('[data-count="satisfied"] .rt-count')).to_have_text(
            str(count["satisfied"])
        )
        total_satisfied += count["satisfied"]
        total_combined += count["satisfied"] + count["fairly_satisfied"]
    grades = [
        expected_grade(counts[p]["satisfied"], counts[p]["fairly_satisfied"], returned)
        for p in projects
    ]
    assert {"satisfied", "fairly_satisfied", "dissatisfied"} <= set(grades), grades

    whole = returned * len(projects)
    overall = screen.locator("#rating-overall")
    expect(overall).to_have_attribute("data-satisfied-rate", percent(total_satisfied, whole))
    expect(overall).to_have_attribute("data-combined-rate", percent(total_combined, whole))
    expect(screen.locator("#rating-overall-rate")).to_have_text(percent(total_satisfied, whole))
    expect(screen.locator("#rating-overall-combined")).to_have_text(percent(total_combined, whole))
    expect(overall).to_contain_text("总体满意率")
    expect(overall).to_contain_text("总体综合满意率（满意+基本满意）")
    head = screen.locator(".scene-rating-result .rt-head")
    expect(head.locator(".rt-rate")).to_have_text(["满意率", "综合满意率（满意+基本满意）"])
    expect(screen.locator("#rating-foot")).to_contain_text(
        "满意率 = 满意 ÷ 有效票；综合满意率 = (满意 + 基本满意) ÷ 有效票。"
    )
    for key, value in (("returned", returned), ("valid", returned), ("invalid", 0)):
        expect(screen.locator(f'#result-counts [data-count="{key}"]')).to_have_text(str(value))
    expect(screen.locator("#rating-summary")).to_contain_text(
        f"不满意 {grades.count('dissatisfied')} 个"
    )
    assert_rows_read_at_30_m(screen, rows)
    shot(screen, "screen-rating-result")
    assert_no_bad_words(screen, "screen-rating-result")
    assert_fits(screen, "screen rating result")
    assert_accessible(screen, "screen rating result")
    # The projects that did not fit come on the next page, in list order.
    table = screen.locator(".scene-rating-result .rating-table")
    expect(table).to_have_attribute("data-page", "2", timeout=20_000)
    expect(screen.locator("#rating-pager")).to_have_text("第 2 / 2 页")
    shown = [row.get_attribute("data-project-id") for row in rows.all() if row.is_visible()]
    assert shown == [str(p) for p in projects[len(projects) - len(shown) :]], shown
    assert_rows_read_at_30_m(screen, rows)
    shot(screen, "screen-rating-result-page-2")
    for phone in phones:
        expect(phone.closed).to_have_attribute("data-state", "published")


_ROW_HEIGHTS = """(rows) => rows.filter((row) => !row.hidden)
  .map((row) => row.getBoundingClientRect().height)"""


def assert_rows_read_at_30_m(screen, rows) -> None:
    """Every shown row of the rating table ≥ 40 px text (the head ≥ 36 px) at 1920 × 1080, so
    10 projects do not fit one page; the legend under the rows is as large as the head."""
    table = screen.locator(".scene-rating-result .rating-table")
    expect(table).to_have_attribute("data-pages", "2")
    heights = rows.evaluate_all(_ROW_HEIGHTS)
    assert 1 <= len(heights) < rows.count(), heights
    assert min(heights) >= 40 / 0.7 - 0.5, f"rating rows {heights} px high at 1080p"
    text, size = smallest_text(screen, "#rating-rows")
    assert size >= 40, f"rating row text {text!r} is {size}px at 1080p"
    head = screen.locator(".scene-rating-result .rt-head > span")
    sizes = head.evaluate_all(
        "(cells) => cells.map((cell) => parseFloat(getComputedStyle(cell).fontSize))"
    )
    assert min(sizes) >= 36, f"rating head text {sizes} px at 1080p"
    text, size = smallest_text(screen, ".scene-rating-result .rt-foot")
    assert size >= 36, f"the legend's {text!r} is {size}px at 1080p"
    # A long name (11 characters) is whole, not cut with an ellipsis, at 40 px.
    cut = screen.locator('#rating-rows .rt-name[title]:not([title=""])')
    expect(cut).to_have_count(0)


@pytest.mark.hall(rating=True)
def test_the_desk_shows_last_years_completed_projects_on_the_screen(
    hall, axe, open_desk, open_screen
):
    desk = open_desk()
    screen = open_screen()
    stage = screen.locator("#stage")
    expect(stage).not_to_have_attribute("data-scene", "connecting")
    following = stage.get_attribute("data-scene")

    desk.page.locator('#scene-buttons button[data-scene="showcase"]').click()
    wait_for_scene(screen, "showcase")
    showcase = screen.locator("#showcase")
    expect(showcase).to_have_attribute("data-projects", str(len(PROJECTS)))
    expect(showcase).to_have_attribute("data-subprojects", str(SUBPROJECTS))
    expect(showcase).to_have_attribute("data-exceeded", str(EXCEEDED))
    expect(screen.locator("#showcase-headline")).to_have_text(
        f"{len(PROJECTS)} 项民生实事 · {SUBPROJECTS} 个具体项目全部完成，其中 {EXCEEDED} 个超额完成"
    )
    expect(screen.locator("#showcase-title")).to_have_text("2025年民生实事项目完成情况")
    rows = screen.locator("#showcase-rows > li.showcase-row")
    expect(rows).to_have_count(len(PROJECTS))
    for row, project in zip(rows.all(), PROJECTS, strict=True):
        expect(row.locator(".sc-name")).to_have_text(project.name)
        expect(row.locator(".sc-sub")).to_have_count(len(project.subprojects))
    expect(screen.locator('.sc-sub[data-status="exceeded"]')).to_have_count(EXCEEDED)
    expect(rows.first.locator(".sc-count")).to_have_text(
        re.compile(f"^{len(PROJECTS[0].subprojects)} 项全部完成")
    )
    # One project to a page, each sub-project's name and 目标 → 完成 at ≥ 48 px; pages turn.
    expect(showcase.locator(".sc-pages")).to_have_attribute("data-pages", str(len(PROJECTS)))
    expect(screen.locator("#showcase-rows > li.showcase-row:visible")).to_have_count(1)
    first = rows.first.locator(".sc-sub").first
    expect(first.locator(".sc-sub-figures")).to_have_text(re.compile(r"^目标 .+ → 完成 .+"))
    for part in (".sc-sub-name", ".sc-sub-figures", ".sc-sub-status"):
        size = first.locator(part).evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 48, f"{part} is {size}px at 1080p"
    # The whole project fits its page: its last sub-project ends inside the list.
    bottom = screen.locator("#showcase-rows").bounding_box()
    last = rows.first.locator(".sc-sub").last.bounding_box()
    assert last["y"] + last["height"] <= bottom["y"] + bottom["height"] + 1
    shot(screen, "screen-showcase")
    assert_no_bad_words(screen, "screen-showcase")
    expect(showcase.locator(".sc-pages")).to_have_attribute("data-page", "2", timeout=20_000)
    expect(rows.nth(1)).to_be_visible()
    shot(screen, "screen-showcase-page-2")
    assert_no_bad_words(screen, "screen-showcase-page-2")
    assert_fits(screen, "screen showcase")
    assert_accessible(screen, "screen showcase")
    expect(desk.page.locator("#screen-preview-scene")).to_have_text("完成情况展示")
    expect(desk.page.locator('#scene-buttons button[data-scene="showcase"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    desk.page.locator('#scene-buttons button[data-scene="auto"]').click()
    wait_for_scene(screen, following)
    expect(desk.page.locator("#screen-preview-scene")).to_have_text("自动跟随")
