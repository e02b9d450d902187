"""The secretariat's day, through the desk's pages: a fresh install (`run.py` without --demo)
where the meeting is created on the desk and the setup list is followed to the vote and to next
year's meeting; settings and a rehearsal, a scrutineer's read-only login, the roster and the QR
cards, a tie and its re-vote, paper sheets and the signed result sheet, the public receipt
check, and the audit trail. One test per theme, each on its own server. Screenshots of every
state go to test-output/screenshots/."""

import csv
import io
import re

import openpyxl
import pytest

from hall.demo.data import CANDIDATES
from hall.voting.receipts import new_receipt
from tests.browser import qr
from tests.browser.pages import (
    ADMIN_PASSWORD,
    DESK_CONTEXT,
    PHONE_CONTEXT,
    PHONES,
    ApiDeputy,
    Desk,
    Phone,
    assert_accessible,
    assert_fits,
    expect,
    shot,
    wait_for_scene,
)
from tests.live_server import live_server

SCRUTINEER, SCRUTINEER_PASSWORD = "jianpiao1", "scrutineer-pass-1"
VOTE_TITLE = "2026年民生实事项目票决"


def flash(page):
    """The message a desk page shows after its form was posted back."""
    return page.locator("#flash .notice")


def facts(page, selector: str) -> dict[str, str]:
    """A table of <th>label</th><td>value</td> pairs as {label: value}."""
    return page.locator(f"{selector} th").evaluate_all(
        "(heads) => Object.fromEntries(heads.map((th) => "
        "[th.textContent.trim(), th.nextElementSibling.textContent.trim()]))"
    )


def assert_audit_names(desk, *codes: str, screenshot: str | None = None) -> None:
    """/admin/audit is intact and names each of these actions in Chinese, not by its code."""
    desk.goto("/admin/audit")
    if screenshot:
        shot(desk.page, screenshot, full_page=True)
    expect(desk.page.locator("#audit-check")).to_have_attribute("data-intact", "true")
    rows = desk.page.locator("#audit-table tbody tr")
    named = dict(
        rows.evaluate_all(
            "(rows) => rows.map((row) => "
            "[row.dataset.actionCode, row.querySelector('.action-name').textContent.trim()])"
        )
    )
    for code in codes:
        assert code in named, f"no {code} in the audit log: {named}"
        assert not re.search(r"[A-Za-z_]", named[code]), f"{code} shown as {named[code]!r}"
    keys = rows.locator(".detail-key").all_inner_texts()
    assert not [key for key in keys if re.search(r"[A-Za-z_]", key)], keys


# ---- 0. a fresh install ---------------------------------------------------------------------

FIRST_MEETING = "龙港市第二届人民代表大会第三次会议"
NEXT_MEETING = "龙港市第二届人民代表大会第四次会议"
FRESH_ROSTER = [  # 姓名, 代表团, 座位号, 备注, 请假
    ("陈建国", "城东街道代表团", "1排1座", "", ""),
    ("林秀英", "城东街道代表团", "1排2座", "市人大常委会委员", ""),
    ("王海波", "城西街道代表团", "2排1座", "", ""),
]
LAST_YEAR = [("城乡公交一体化", "市交通运输局"), ("社区食堂建设", "市民政局")]


@pytest.fixture
def fresh_install(tmp_path, browser):
    """`python run.py` (no --demo) on a database that does not exist yet: what a newcomer gets."""
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    environment = {"HALL_ADMIN_PASSWORD": ADMIN_PASSWORD, "HALL_SECRET_KEY": "browser-tests"}
    with live_server(database, tmp_path, env=environment) as server:
        yield server


def gbk_roster(path) -> None:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(
        [("姓名", "代表团", "座位号", "备注", "请假"), *FRESH_ROSTER]
    )
    path.write_bytes(text.getvalue().encode("gbk"))


def save_workbook(path, sheets: dict[str, list]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)


def completed_projects_file(path, projects) -> None:
    rows = [("项目序号", "具体项目名称", "目标", "完成", "单位", "状态", "完成日期", "进度")]
    listed = [("序号", "项目名称", "领域", "牵头单位", "项目概要")]
    for position, (name, department) in enumerate(projects, start=1):
        listed.append((position, name, "民生", department, ""))
        rows.append((position, f"{name}·一期", 100, 100, "处", "已完成", "2025-12-01", 100))
    save_workbook(path, {"项目": listed, "具体项目": rows})


def setup_step(page, key: str):
    return page.locator(f'#setup .setup-step[data-step="{key}"]')


def expect_next_step(page, key: str) -> None:
    """The dashboard's setup list marks `key` as what to do next, everything before it done."""
    expect(page.locator("#setup .setup-step[data-next]")).to_have_attribute("data-step", key)


def import_on_page(desk, path: str, upload, confirm: bool = True) -> None:
    """An import page's form: choose the file, upload, and confirm the preview when there is one."""
    desk.goto(path)
    desk.page.locator("#import-file").set_input_files(upload)
    desk.page.locator("#import-form button[type=submit]").click()
    if confirm:
        desk.page.locator("#confirm-import").click()


def test_a_fresh_install_starts_at_new_meeting_and_the_setup_list_leads_to_the_vote(
    fresh_install, axe, tmp_path, new_context
):
    assert "尚未建立会议：登录秘书处后台，先「新建会议」" in fresh_install.output()
    url = fresh_install.url
    desk = Desk(new_context(**DESK_CONTEXT).new_page())
    desk.login(url, live=False)
    page = desk.page
    expect(page.locator("#new-meeting-title")).to_have_text("新建会议")
    expect(page.locator("#conn")).to_have_count(0)  # nothing to connect to yet
    assert_fits(page, "desk first run")
    assert_accessible(page, "desk first run")
    shot(page, "desk-first-run", full_page=True)

    # 新建会议 on the dashboard: then the setup list says what comes next.
    page.locator("#new-name").fill(FIRST_MEETING)
    page.locator("#new-year").fill("2026")
    page.locator("#new-session-label").fill("第二届第三次")
    page.locator("#new-starts-on").fill("2026-01-15")
    page.locator("#new-ends-on").fill("2026-01-17")
    page.locator("#new-place").fill("龙港市民中心大会堂")
    page.locator("#create-meeting").click()
    expect(page.locator("#flash .notice")).to_contain_text(
        f"已新建「{FIRST_MEETING}」，并设为当前会议"
    )
    expect(desk.conn).to_have_attribute("data-state", "live")
    expect(page.locator("#meeting-name")).to_have_text(FIRST_MEETING)
    expect(page.locator("#setup .setup-step")).to_have_count(7)
    expect(page.locator("#setup .setup-label")).to_have_text(
        [
            "会议设置",
            "代表名册 0 人",
            "候选项目 0 项",
            "上年度项目 0 项",
            "表决卡已打印",
            "监票人",
            "演练已完成",
        ]
    )
    expect_next_step(page, "settings")
    assert_fits(page, "dashboard setup list")
    assert_accessible(page, "dashboard setup list")
    shot(page, "desk-setup-list", full_page=True)

    # Each step's link leads to its page.
    setup_step(page, "settings").locator("a").click()
    expect(page).to_have_url(re.compile(r"/admin/settings$"))
    expect(page.locator("#set-session-label")).to_have_value("第二届第三次")
    expect(page.locator("#set-starts-on")).to_have_value("2026-01-15")
    page.locator("#settings-save").click()
    expect(page.locator("#flash .notice")).to_have_text("✓ 设置已保存")

    roster = tmp_path / "代表名册.csv"
    gbk_roster(roster)
    import_on_page(desk, "/admin/roster", roster)
    expect(page.locator("#flash .notice")).to_contain_text("已导入代表名册：2 个代表团、3 位代表")
    candidates = tmp_path / "候选项目.xlsx"
    header = ("序号", "项目名称", "牵头单位", "项目概要", "预算")
    rows = [
        (n, c["name"], c["lead_department"], c["summary"], c["budget"])
        for n, c in enumerate(CANDIDATES[:4], start=1)
    ]
    save_workbook(candidates, {"候选项目": [header, *rows]})
    import_on_page(desk, "/admin/candidates", candidates)
    expect(page.locator("#candidate-list tbody tr")).to_have_count(4)
    projects = tmp_path / "已完成项目.xlsx"
    completed_projects_file(projects, LAST_YEAR)
    import_on_page(desk, "/admin/projects", projects)
    expect(page.locator("#projects-count")).to_have_text("2 个项目 · 2 个具体项目")

    desk.dashboard()
    for key in ("settings", "roster", "candidates", "projects"):
        expect(setup_step(page, key)).to_have_attribute("data-done", "true")
    expect(setup_step(page, "roster").locator("a")).to_have_text("代表名册 3 人")
    expect_next_step(page, "cards")
    expect(page.locator("#roll-expected")).to_have_text("3")

    desk.goto("/admin/cards")
    page.locator("#issue-form").get_by_role("button", name="制作新表决卡…").click()
    page.locator("#confirm-issue").click()
    printed = page.locator("#cards-print article.deputy-card")
    expect(printed).to_have_count(3)
    links = [
        qr.decode(svg)
        for svg in printed.locator("svg.qr").evaluate_all("(s) => s.map((e) => e.outerHTML)")
    ]
    desk.add_scrutineer(SCRUTINEER, SCRUTINEER_PASSWORD)
    page.locator("#rehearsal-on").click()
    page.locator("#wipe-rehearsal").click()
    page.locator("#rehearsal-off").click()
    expect(page.locator("#rehearsal-state")).to_have_text("正式会议")
    desk.dashboard()
    expect(page.locator("#setup-count")).to_have_text("已全部完成")
    expect(page.locator("#setup .setup-step[data-done=true]")).to_have_count(7)
    shot(page, "desk-setup-done", full_page=True)

    # The day itself: sign-in, the vote, the result.
    ballot = int(page.locator(".ballot").first.get_attribute("data-ballot-id"))
    desk.open_sign_in()
    deputies = [ApiDeputy(url, link.rsplit("/", 1)[1]) for link in links]
    for deputy in deputies:
        assert deputy.session.post(f"{url}/api/v1/me/sign-in", json={}, timeout=10).ok
    expect(page.locator("#roll-present")).to_have_text("3")
    desk.open_ballot(ballot)
    drafted = page.request.get(f"{url}/api/v1/admin/ballots/{ballot}").json()
    items = [item["id"] for item in drafted["items"]]
    for deputy in deputies:
        deputy.cast(ballot, {"approve": items[:2]})
    expect(desk.ballot(ballot).locator(".turnout")).to_have_text("已投 3 / 实到 3")
    desk.close_ballot(ballot)
    desk.publish(ballot)

    # Next year: a new meeting on the 会议 page takes the roster and the 入选 projects.
    desk.goto("/admin/meetings")
    current = page.locator("#meetings-page .meeting-card").first
    expect(current.locator(".meeting-state")).to_have_text("当前会议")
    expect(current.locator('[data-file="sheet"]')).to_have_count(1)
    assert_fits(page, "meetings page")
    assert_accessible(page, "meetings page")
    page.locator("#new-name").fill(NEXT_MEETING)
    expect(page.locator("#new-year")).to_have_value("2027")
    page.locator("#new-session-label").fill("第二届第四次")
    page.locator("#new-roster-from").select_option(label=f"沿用「{FIRST_MEETING}」的名册（3 人）")
    page.locator("#new-projects-from").select_option(
        label=f"「{FIRST_MEETING}」票决入选的 2 个项目"
    )
    shot(page, "desk-meetings-new", full_page=True)
    page.locator("#create-meeting").click()
    expect(page.locator("#flash .notice")).to_have_text(
        f"已新建「{NEXT_MEETING}」，并设为当前会议，沿用代表名册 3 人（须重新制证），"
        "满意度测评沿用上年度入选项目 2 项。请按下面的清单做好会前准备。"
    )
    expect(page.locator("#meeting-name")).to_have_text(NEXT_MEETING)
    expect(setup_step(page, "roster")).to_have_attribute("data-done", "true")
    expect(setup_step(page, "projects").locator(".setup-detail")).to_have_text(
        "2 项的具体项目和完成情况待导入"
    )
    expect(setup_step(page, "cards").locator(".setup-detail")).to_have_text("已制证 0 / 3 人")
    old_card = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page()
    old_card.goto(links[0])
    expect(old_card.locator("#message-heading")).to_have_text("这是往届会议的表决卡")
    shot(old_card, "phone-card-of-an-archived-meeting")

    # Last year's meeting is an archive: its files open, its ballots refuse every change.
    desk.goto("/admin/meetings")
    archived = page.locator("#meetings-page .meeting-card").nth(1)
    expect(archived.locator(".meeting-state")).to_have_text("已归档")
    expect(archived.locator(".meeting-card-name")).to_have_text(FIRST_MEETING)
    shot(page, "desk-meetings", full_page=True)
    sheet = page.context.new_page()
    sheet.goto(url + archived.locator('[data-file="sheet"]').get_attribute("href"))
    expect(sheet.locator("#sheet-facts")).to_contain_text(FIRST_MEETING)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    refused = page.request.post(
        f"{url}/api/v1/admin/ballots/{ballot}/void",
        data={"reason": "改"},
        headers={"X-CSRFToken": token},
    )
    assert refused.status == 409 and refused.json()["error"]["code"] == "meeting_archived"
    for deputy in deputies:
        deputy.close()
    assert_audit_names(desk, "meeting_create", "roster_replace", "cards_issue")


# ---- 1. settings and a rehearsal ------------------------------------------------------------


def test_settings_and_a_rehearsal_whose_sign_ins_and_votes_are_wiped(
    hall, axe, open_desk, open_screen, open_phone
):
    desk = open_desk()
    screen = open_screen()
    phone = open_phone("android-360", 0)
    settings = desk.page
    desk.goto("/admin/settings")
    expect(settings.locator("#settings-page")).to_have_attribute("data-frozen", "false")
    assert_fits(settings, "desk settings")
    assert_accessible(settings, "desk settings")
    shot(settings, "desk-settings", full_page=True)

    renamed = "龙港市第二届人民代表大会第四次会议"
    settings.locator("#set-name").fill(renamed)
    settings.locator("#settings-save").click()
    expect(flash(settings)).to_have_text("✓ 设置已保存")
    expect(settings.locator("#settings-meeting-name")).to_have_text(renamed)
    expect(screen.locator("#meeting-name")).to_have_text(renamed)  # pushed, nobody reloads
    expect(phone.page.locator("#meeting-name")).to_have_text(renamed)

    settings.locator("#rehearsal-on").click()
    expect(flash(settings)).to_have_text("✓ 已进入演练模式")
    expect(settings.locator("#rehearsal-state")).to_have_text("演练模式已开启")
    expect(settings.locator("#rehearsal-banner")).to_be_visible()
    expect(screen.locator("#rehearsal-badge")).to_be_visible()
    expect(screen.locator("#rehearsal-badge")).to_have_text("演练")
    expect(phone.page.locator("#rehearsal-badge")).to_have_text("演练")
    expect(phone.page.locator("#rehearsal-banner")).to_be_visible()
    shot(settings, "desk-settings-rehearsal")
    shot(phone.page, "phone-rehearsal")
    shot(screen, "screen-rehearsal")

    # One vote in the rehearsal: sign-in, the ballot, a sheet in the box.
    desk.dashboard()
    expect(desk.page.locator("#rehearsal-banner")).to_be_visible()
    desk.open_sign_in()
    phone.sign_in()
    desk.open_ballot(hall.ballot)
    receipt = phone.vote(hall.items[:3])
    card = desk.ballot(hall.ballot)
    expect(card.locator(".turnout")).to_have_text("已投 1 / 实到 1")
    expect(screen.locator("#turnout")).to_have_attribute("data-voted", "1")
    lookup = f"{hall.url}/api/v1/receipts/{receipt}"
    assert desk.page.request.get(lookup).json()["included"] is True

    desk.goto("/admin/settings")
    settings.locator("#wipe-rehearsal").click()
    assert any(message.startswith("确定清除全部演练数据") for message in desk.dialogs)
    expect(flash(settings)).to_have_text("✓ 演练数据已清除，已导入的数据保留")
    desk.dashboard()
    expect(desk.page.locator("#roll-present")).to_have_text("0")
    expect(desk.page.locator("#roll-expected")).to_have_text("3")
    expect(card).to_have_attribute("data-ballot-state", "draft")
    expect(card.locator(".turnout")).to_have_text("已投 0 / 实到 0")
    # The wipe puts sign-in back where a real session starts: not yet opened.
    expect(desk.page.locator("#sign-in-state")).to_have_text("签到尚未开始")
    assert desk.page.request.get(lookup).json()["included"] is False
    expect(screen.locator("#stage")).not_to_have_attribute("data-scene", "voting")
    expect(phone.page.locator("#view-waiting")).to_be_visible()  # the ballot is a draft again
    expect(phone.page.locator("#view-counted")).to_have_count(0)
    shot(desk.page, "desk-dashboard-rehearsal-wiped", full_page=True)

    # The wiped sign-in shows on the phone too: when sign-in opens again it can sign in anew.
    desk.open_sign_in()
    expect(phone.sign_in_button).to_be_visible()
    phone.sign_in()
    expect(desk.page.locator("#roll-present")).to_have_text("1")

    desk.goto("/admin/settings")
    settings.locator("#rehearsal-off").click()
    assert any(message.startswith("确定退出演练模式") for message in desk.dialogs)
    expect(flash(settings)).to_have_text("✓ 已退出演练模式")
    expect(settings.locator("#rehearsal-state")).to_have_text("正式会议")
    expect(screen.locator("#rehearsal-badge")).to_be_hidden()
    expect(phone.page.locator("#rehearsal-badge")).to_have_count(0)

    # A settings page opened before the first ballot opens, saved after: refused, not applied.
    stale = Desk(desk.page.context.new_page())
    stale.base_url = hall.url
    stale.goto("/admin/settings")
    quorum = stale.page.locator("#set-quorum")
    expect(quorum).to_be_editable()
    desk.dashboard()
    desk.open_ballot(hall.ballot)
    quorum.fill("2/3")
    stale.page.locator("#settings-save").click()
    expect(flash(stale.page)).to_have_text(
        f"✗ 「{VOTE_TITLE}」已经开始，计票相关设置已冻结，不能再修改"
    )
    expect(stale.page.locator('#flash [data-category="error"]')).to_have_attribute("role", "alert")
    expect(stale.page.locator("#settings-frozen")).to_contain_text(f"「{VOTE_TITLE}」已经开始")
    expect(stale.page.locator("#frozen-quorum_fraction")).to_contain_text("1/2（半数）")
    expect(stale.page.locator("#set-quorum")).to_have_count(0)
    expect(stale.page.locator("#set-name")).to_be_editable()  # the name still may change
    assert_fits(stale.page, "desk settings frozen")
    shot(stale.page, "desk-settings-frozen", full_page=True)
    assert_audit_names(desk, "meeting_settings", "rehearsal", "rehearsal_wipe")


# ---- 2. a scrutineer ------------------------------------------------------------------------


def test_a_scrutineer_added_by_the_admin_sees_the_desk_read_only(hall, axe, open_desk):
    desk = open_desk()
    desk.add_scrutineer(SCRUTINEER, SCRUTINEER_PASSWORD)
    expect(desk.page.locator("#accounts-count")).to_have_text("2 个账号")
    shot(desk.page, "desk-accounts")
    desk.logout()
    shot(desk.page, "desk-login-after-logout")

    desk.login(hall.url, username=SCRUTINEER, password=SCRUTINEER_PASSWORD)
    page = desk.page
    expect(page.locator("body")).to_have_attribute("data-role", "scrutineer")
    expect(page.locator("#role-badge")).to_have_text("监票人 · 只读")
    expect(page.locator(".topbar-user")).to_have_text(SCRUTINEER)
    expect(page.locator("#roll-expected")).to_have_text("3")
    expect(desk.ballot(hall.ballot)).to_have_attribute("data-ballot-state", "draft")
    assert page.locator("[data-action]").count() > 0  # on the page, but none for this account
    expect(page.locator("[data-action]:visible")).to_have_count(0)
    expect(page.locator(".admin-only:visible")).to_have_count(0)
    expect(page.locator('[data-tool^="new-"]')).to_have_count(0)
    assert_fits(page, "scrutineer dashboard")
    assert_accessible(page, "scrutineer dashboard")
    shot(page, "desk-scrutineer-dashboard", full_page=True)

    # The server refuses what the page hides.
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    refused = page.request.post(
        f"{hall.url}/api/v1/admin/sign-in/open", data={}, headers={"X-CSRFToken": token}
    )
    assert refused.status == 403 and refused.json()["error"]["code"] == "forbidden"

    desk.goto("/admin/settings")
    expect(page.locator("#settings-form")).to_be_hidden()
    expect(page.locator("#account-add-form")).to_be_hidden()
    expect(page.locator("#settings-values")).to_be_visible()
    expect(page.locator('#settings-values [data-setting="quorum_fraction"]')).to_have_text(
        "实到超过 1/2（半数） × 应到"
    )
    expect(page.locator("[data-action]:visible")).to_have_count(0)
    shot(page, "desk-scrutineer-settings", full_page=True)


# ---- 3. roster and cards --------------------------------------------------------------------

ROSTER = [
    ("陈建国", "城东街道代表团", "1排1座", ""),
    ("林秀英", "城东街道代表团", "1排2座", "市人大常委会委员"),
    ("王海波", "城西街道代表团", "2排1座", ""),
    ("赵丽华", "城西街道代表团", "2排2座", ""),
    ("周志强", "城西街道代表团", "2排3座", ""),
]


def test_the_roster_is_imported_the_roll_kept_and_cards_printed_and_used(
    hall, axe, tmp_path, open_desk, new_context
):
    desk = open_desk()
    page = desk.page
    expect(page.locator("#roll-expected")).to_have_text("3")
    roster = tmp_path / "代表名册.csv"
    lines = ["姓名,代表团,座位号,备注", *(",".join(row) for row in ROSTER)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")

    desk.goto("/admin/roster")
    page.locator("#import-file").set_input_files(roster)
    page.locator("#import-form").get_by_role("button", name="上传并预览").click()
    preview = page.locator("#roster-preview")
    expect(preview.locator("#preview-title")).to_have_text("预览：代表名册.csv")
    expect(preview.locator("#preview-deputies")).to_have_text("5")
    expect(preview.locator("#preview-delegations")).to_have_text("2")
    expect(preview.locator("#preview-expected")).to_have_text("5")
    expect(preview.locator("#preview-replaces")).to_contain_text("3 位代表")
    expect(preview.locator("#preview-delegation-table tbody tr")).to_have_count(2)
    expect(preview.locator("#preview-rows tbody tr td:nth-child(2)")).to_have_text(
        [name for name, *_ in ROSTER]
    )
    assert_fits(page, "roster preview")
    assert_accessible(page, "roster preview")
    shot(page, "desk-roster-preview", full_page=True)

    page.locator("#confirm-import").click()
    expect(flash(page)).to_contain_text("已导入代表名册：2 个代表团、5 位代表（其中请假 0 位）")
    groups = page.locator("#roll-table tbody")
    expect(groups.locator(".group-row th")).to_have_text(
        [re.compile(r"^城东街道代表团\s+应到 2 · 实到 0$"), re.compile(r"^城西街道代表团\s+应到 3")]
    )
    expect(groups.nth(0).locator(".roll-row .col-name")).to_have_text(["陈建国", "林秀英"])
    expect(groups.nth(1).locator(".roll-row .col-name")).to_have_text(
        ["王海波", "赵丽华", "周志强"]
    )
    expect(page.locator("#roll-expected")).to_have_text("5")
    expect(page.locator("#roll-present")).to_have_text("0")

    def row(name: str):
        return page.locator("#roll-table .roll-row").filter(has_text=name)

    row("王海波").locator('button[data-action="sign_in"]').click()
    expect(row("王海波")).to_have_attribute("data-state", "present")
    expect(row("王海波").locator(".roll-by")).to_have_text("秘书处代签")
    expect(page.locator("#roll-present")).to_have_text("1")
    row("赵丽华").locator('button[data-action="leave"]').click()
    expect(row("赵丽华")).to_have_attribute("data-state", "leave")
    expect(row("赵丽华").locator(".roll-state")).to_have_text("请假")
    expect(page.locator("#roll-expected")).to_have_text("5")  # leave lowers not 应到
    expect(page.locator("#roll-on-leave")).to_have_text("1")
    expect(page.locator("#roll-absent")).to_have_text("4")
    expect(page.locator("#roll-line")).to_have_text("应到 5 人，实到 1 人，请假 1 人，缺席 4 人")
    assert any("确定为王海波签到" in message for message in desk.dialogs)
    assert any("确定将赵丽华标为请假" in message for message in desk.dialogs)
    assert_accessible(page, "roster roll")
    shot(page, "desk-roster-roll", full_page=True)
    desk.dashboard()
    expect(page.locator("#roll-expected")).to_have_text("5")
    expect(page.locator("#roll-present")).to_have_text("1")
    expect(page.locator("#roll-on-leave")).to_have_text("1")

    # Cards for one delegation: a confirmation, then the sheet to print, shown once.
    desk.goto("/admin/cards")
    expect(page.locator("#card-table .card-state")).to_have_text(["未制证"] * 5)
    page.locator("#issue-scope").select_option(label="城西街道代表团（3 人）")
    page.locator("#issue-form").get_by_role("button", name="制作新表决卡…").click()
    expect(page.locator("#confirm-title")).to_have_text("为城西街道代表团制作新表决卡（3 张）")
    expect(page.locator("#confirm-warning")).to_have_text("这些代表尚无表决卡。")
    expect(page.locator("#cards-confirm .confirm-names")).to_have_text("王海波、赵丽华、周志强")
    assert_accessible(page, "cards confirmation")
    shot(page, "desk-cards-confirm")
    page.locator("#confirm-issue").click()
    sheet = page.locator("#cards-print")
    expect(sheet).to_have_attribute("data-count", "3")
    printed = sheet.locator("article.deputy-card")
    expect(printed.locator(".card-name")).to_have_text(["王海波", "赵丽华", "周志强"])
    expect(printed.locator("svg.qr")).to_have_count(3)
    expect(printed.locator("[data-short-code]")).to_have_text(
        [re.compile(r"^[0-9A-Z]{5}-[0-9A-Z]{5}$")] * 3
    )
    expect(printed.first.locator("svg.qr")).to_have_attribute("aria-label", "王海波的表决卡二维码")
    assert_fits(page, "cards print sheet")
    for media in ("print", "screen"):  # nothing cut off at the card's edge, on paper or screen
        page.emulate_media(media=media)
        clipped = printed.evaluate_all(
            "(cards) => cards.filter((card) => card.scrollHeight > card.clientHeight "
            "|| card.scrollWidth > card.clientWidth).map((card) => card.dataset.deputyId)"
        )
        assert not clipped, f"{media}: cards whose text is cut off: {clipped}"
    # Named 表决卡; the fallback URL ≥ 10 pt and its instructions ≥ 9 pt (1 pt = 4/3 px), in print.
    page.emulate_media(media="print")
    card = printed.first
    expect(card.locator(".card-kind")).to_have_text("表决卡")
    size = "(el) => Math.round(parseFloat(getComputedStyle(el).fontSize) * 75) / 100"
    assert card.locator(".card-url").evaluate(size) >= 10
    assert card.locator(".card-foot p").first.evaluate(size) >= 9
    assert card.locator(".card-keep").evaluate(size) >= 9
    page.emulate_media(media="screen")
    shot(page, "desk-cards-print", full_page=True)

    # A phone scans the first card's QR code (decoded here from the printed SVG).
    link = qr.decode(printed.first.locator("svg.qr").evaluate("(svg) => svg.outerHTML"))
    assert re.fullmatch(rf"{re.escape(hall.url)}/d/[\w-]+", link), link
    scanned = Phone(new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page(), "scanned")
    scanned.page.goto(link)
    expect(scanned.page).to_have_url(re.compile(r"/phone$"))
    expect(scanned.page.locator("#deputy-name")).to_have_text("王海波")
    expect(scanned.page.locator("#deputy-delegation")).to_have_text("城西街道代表团")
    expect(scanned.page.locator("#signed-in")).to_have_text("✓ 已签到")  # signed in at the desk
    shot(scanned.page, "phone-card-scanned")

    # Another types the short code under the third card's QR, in lower case and without the dash.
    code = printed.nth(2).locator("[data-short-code]").inner_text()
    typed = new_context(**PHONE_CONTEXT, **PHONES["iphone-390"]).new_page()
    typed.goto(f"{hall.url}/c")
    typed.locator("#code").fill(code.replace("-", "").lower())
    assert_accessible(typed, "phone code entry")
    shot(typed, "phone-code-entry")
    typed.get_by_role("button", name="进入").click()
    expect(typed).to_have_url(re.compile(r"/phone$"))
    expect(typed.locator("#deputy-name")).to_have_text("周志强")
    expect(typed.locator("#deputy-seat")).to_have_text("2排3座")

    desk.goto("/admin/cards")
    expect(page.locator("#card-table .card-state")).to_have_text(
        ["未制证", "未制证", "有效", "有效", "有效"]
    )
    codes = ("roster_replace", "desk_sign_in", "deputy_leave", "cards_issue")
    assert_audit_names(desk, *codes, screenshot="desk-audit-roster-and-cards")


# ---- 4. a tie and its re-vote ---------------------------------------------------------------

# 5 deputies, 3 candidates, 2 places; more than half of 应到 5 is 3 votes. A gets 4 and is
# chosen; B and C get 3 each, both pass, and tie for the 1 place left.
TIED_SHEETS = [(0, 1), (0, 1), (0, 2), (0, 2), (1, 2)]


@pytest.mark.hall(deputies=5, candidates=3, places=2, signed_in=True)
def test_a_tie_at_the_cut_off_goes_to_a_re_vote_and_the_screen_shows_the_final_result(
    hall, axe, open_desk, open_screen, open_phone, api_deputy
):
    desk = open_desk()
    screen = open_screen()
    a, b, c = hall.items
    deputies = [api_deputy(index) for index in range(5)]
    desk.open_ballot(hall.ballot)
    for deputy, chosen in zip(deputies, TIED_SHEETS, strict=True):
        deputy.cast(hall.ballot, {"approve": [hall.items[index] for index in chosen]})
    expect(desk.ballot(hall.ballot).locator(".turnout")).to_have_text("已投 5 / 实到 5")
    desk.close_ballot(hall.ballot)
    desk.publish(hall.ballot)
    wait_for_scene(screen, "result")
    expect(screen.locator("#result-headline")).to_have_text("确定 1 个年度民生实事项目")
    # The screen says which projects tied, on how many votes, and why a second round follows.
    names = {
        c: screen.locator(f'#result-rows > li[data-candidate-id="{c}"] .chart-name') for c in (b, c)
    }
    tie_text = f"{names[b].inner_text()}、{names[c].inner_text()} 各得 3 票，票数相同，"
    expect(screen.locator("#result-tie")).to_have_text(
        tie_text + "争夺剩余 1 个名额，将进行第二轮票决"
    )
    for candidate, outcome in ((a, "chosen"), (b, "tied"), (c, "tied")):
        row = screen.locator(f'#result-rows > li[data-candidate-id="{candidate}"]')
        expect(row).to_have_attribute("data-outcome", outcome)
    shot(screen, "screen-tie-result")

    tie = desk.ballot(hall.ballot).locator(".life-tie")
    expect(tie).to_have_text("2 个项目并列，剩余 1 个名额待重新票决")
    expect(desk.page.locator("#preview")).to_contain_text(
        "2 个项目得票并列，剩余 1 个名额须重新票决"
    )
    revote_button = desk.tool(hall.ballot, "revote")
    expect(revote_button).to_have_text("发起重新票决")
    assert_fits(desk.page, "desk with a tie")
    shot(desk.page, "desk-tie", full_page=True)
    revote_button.click()
    assert any(message.startswith("确定发起重新票决？") for message in desk.dialogs)
    draft = desk.page.locator('.ballot[data-ballot-state="draft"]').filter(has_text="第二轮票决")
    expect(draft).to_have_count(1)
    expect(revote_button).to_have_count(0)
    revote = int(draft.get_attribute("data-ballot-id"))
    expect(draft.locator(".ballot-meta")).to_contain_text("应选 1 项")
    expect(draft.locator(".ballot-meta")).to_contain_text("候选 2 项")
    # The re-vote sits right under the round it re-votes, and says what it is.
    expect(draft.locator(".ballot-meta")).to_contain_text("重新票决（2 个并列项目）")
    under = desk.ballot(hall.ballot).evaluate("(card) => card.nextElementSibling.dataset.ballotId")
    assert under == str(revote)
    shot(desk.page, "desk-revote-draft", full_page=True)

    desk.open_ballot(revote)
    phone = open_phone("wechat-360", 0)
    expect(phone.form).to_have_attribute("data-ballot-id", str(revote))
    expect(phone.form.locator("#ballot-items > li.item")).to_have_count(2)
    expect(phone.form.locator(".ballot-rule")).to_contain_text("共 2 个候选项目，最多选择 1 项。")
    expect(phone.page.locator("#ballot-title")).to_have_text("第二轮票决：2 个并列项目选 1 项")
    phone.toggle(b)
    expect(phone.count).to_have_text("已选 1/1")
    phone.review()
    phone.send()
    expect(phone.counted).to_be_visible()
    shot(phone.page, "phone-revote-counted")
    for deputy, chosen in zip(deputies[1:], (b, c, b, b), strict=True):
        deputy.cast(revote, {"approve": [chosen]})
    expect(desk.ballot(revote).locator(".turnout")).to_have_text("已投 5 / 实到 5")
    desk.close_ballot(revote)
    desk.publish(revote)

    wait_for_scene(screen, "result")
    expect(screen.locator("#result-ballot")).to_contain_text("第二轮票决")
    expect(screen.locator("#result-headline")).to_have_text("最终确定 2 个年度民生实事项目")
    expect(screen.locator("#result-final")).to_have_text("含重新票决，共 2 轮")
    expect(screen.locator("#result-tie")).to_be_hidden()
    # All K chosen over the rounds, each marked with its round, not only the re-voted ones.
    final = screen.locator("#final-rows > li.final-row")
    expect(final).to_have_count(2)
    expect(final.nth(0)).to_have_attribute("data-candidate-id", str(a))
    expect(final.nth(0).locator(".final-round")).to_have_text("第一轮")
    expect(final.nth(1)).to_have_attribute("data-candidate-id", str(b))
    expect(final.nth(1).locator(".final-round")).to_have_text("第二轮")
    expect(screen.locator(".result-chart-wrap .chart")).to_be_hidden()
    sizes = final.first.locator("span").evaluate_all(
        "(spans) => spans.map((s) => parseFloat(getComputedStyle(s).fontSize))"
    )
    assert min(sizes) >= 40, sizes
    assert_fits(screen, "screen re-vote result")
    assert_accessible(screen, "screen re-vote result")
    shot(screen, "screen-revote-result")
    expect(desk.ballot(hall.ballot).locator(".life-tie")).to_have_count(0)
    assert_audit_names(desk, "ballot_revote")


# ---- 5. paper sheets and the result sheet ---------------------------------------------------


@pytest.mark.hall(signed_in=True)
def test_a_paper_sheet_entered_by_two_people_and_the_signed_result_sheet(
    hall, axe, open_desk, api_deputy
):
    desk = open_desk()
    page = desk.page
    desk.add_scrutineer(SCRUTINEER, SCRUTINEER_PASSWORD)
    desk.dashboard()

    # 编辑设置: paper sheets count only once two desk users typed them alike.
    desk.tool(hall.ballot, "edit").click()
    editor = page.locator("dialog.life-editor")
    editor.get_by_label("纸质选票须两人录入一致才计入").check()
    editor.get_by_role("button", name="保存设置").click()
    expect(editor).to_have_count(0)

    # 王海波 takes a paper sheet: found by name, marked; his phone can no longer vote.
    desk.tool(hall.ballot, "paper").click()
    paper = page.locator("dialog.life-paper")
    paper.get_by_label("查找代表").fill("王海波")
    paper.get_by_role("button", name="查找").click()
    paper.locator(".paper-found li").filter(has_text="王海波").get_by_role(
        "button", name="登记纸质投票"
    ).click()
    expect(paper.locator(".life-dialog-message")).to_have_text(
        "已登记：王海波领取纸质选票，其手机不能再投票。"
    )
    expect(paper.locator(".paper-voters li")).to_have_text([re.compile(r"^王海波（第一代表团")])
    assert_accessible(page, "paper dialog")
    shot(page, "desk-paper-voter")
    paper.get_by_role("button", name="关闭").click()

    desk.open_ballot(hall.ballot)
    phones = [api_deputy(index) for index in range(3)]
    phones[0].cast(hall.ballot, {"approve": hall.items[:10]})
    phones[1].cast(hall.ballot, {"approve": hall.items[:5]})
    barred = phones[2].session.post(
        f"{hall.url}/api/v1/ballots/{hall.ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": hall.items[:1]}},
        timeout=10,
    )
    assert barred.status_code == 409 and barred.json()["error"]["code"] == "voting_on_paper"
    desk.close_ballot(hall.ballot)

    # The admin types the paper sheet; it waits for a second person.
    paper_sheet = hall.items[2:6]
    desk.tool(hall.ballot, "paper").click()
    for item in paper_sheet:
        paper.locator(f'.paper-sheet input[data-item="{item}"]').check()
    expect(paper.locator("h4")).to_have_text("录入一张纸质选票（须另一位工作人员复核一致后计入）")
    paper.get_by_role("button", name="录入", exact=True).click()
    expect(paper.locator(".life-dialog-message")).to_have_text("已暂存，等待另一位工作人员复核。")
    expect(paper.locator("#paper-summary")).to_have_text(
        "已录入 0 张（有效 0，无效 0）；待复核 1 张；尚可录入 0 张。"
    )
    expect(paper.locator(".paper-pending li")).to_have_text([re.compile(r"录入人：admin")])
    shot(page, "desk-paper-pending")

    # A scrutineer types it again without seeing the first entry; equal marks count it.
    scrutineer = open_desk(username=SCRUTINEER, password=SCRUTINEER_PASSWORD)
    expect(scrutineer.page.locator("#role-badge")).to_be_visible()
    scrutineer.tool(hall.ballot, "paper").click()
    check = scrutineer.page.locator("dialog.life-paper")
    check.locator(".paper-pending li").get_by_role("button", name="复核").click()
    expect(check.locator("h4")).to_contain_text("请对照纸质选票重新录入")
    expect(check.locator(".paper-sheet input:checked")).to_have_count(0)  # nothing shown
    for item in paper_sheet:
        check.locator(f'.paper-sheet input[data-item="{item}"]').check()
    check.get_by_role("button", name="复核确认").click()
    expect(check.locator(".life-dialog-message")).to_have_text("两次录入一致，已计入票箱。")
    expect(check.locator("#paper-summary")).to_have_text(
        "已录入 1 张（有效 1，无效 0）；待复核 0 张；尚可录入 0 张。"
    )
    shot(scrutineer.page, "desk-paper-confirmed")
    expect(page.locator("#preview .preview-figures")).to_contain_text("收回 3")

    # The result sheet the scrutineers sign, opened from the ballot card.
    page.locator("dialog.life-paper").get_by_role("button", name="关闭").click()
    with page.context.expect_page() as opened:
        desk.ballot(hall.ballot).get_by_role("link", name="计票结果报告单").click()
    sheet = opened.value
    expect(sheet.locator("#result-sheet h1")).to_have_text("计票结果报告单")
    stated = facts(sheet, "#sheet-facts")
    assert stated["会议"] == "龙港市第二届人民代表大会第三次会议"
    assert stated["投票事项"] == VOTE_TITLE
    assert stated["出席情况"] == "应到 3 人，实到 3 人，请假 0 人，缺席 0 人"
    assert stated["发出选票"] == "3 张"
    assert stated["收回选票"] == "3 张（手机 2，纸质 1）", stated
    assert stated["有效票"] == "3 张（手机 2，纸质 1）", stated
    assert stated["无效票"] == "0 张（手机 0，纸质 0）", stated
    assert re.fullmatch(r"\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}:\d{2}", stated["结束时间"])
    expect(sheet.locator("#sheet-digest")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(sheet.locator("#sheet-signatures .signature-role")).to_have_text(
        ["总监票人（签名）：", "监票人（签名）：", "计票人（签名）：", "日期："]
    )
    expect(sheet.locator("#sheet-rows tbody tr")).to_have_count(len(hall.items))
    assert_fits(sheet, "result sheet")
    assert_accessible(sheet, "result sheet")
    shot(sheet, "desk-result-sheet", full_page=True)
    pdf_link = sheet.get_by_role("link", name="下载 PDF").get_attribute("href")
    pdf = sheet.request.get(f"{hall.url}{pdf_link}")
    assert pdf.ok and pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")
    codes = ("ballot_edit", "paper_voter_add", "paper_entry", "paper_confirm")
    assert_audit_names(desk, *codes, screenshot="desk-audit-paper")


# ---- 6. the receipt check -------------------------------------------------------------------


@pytest.mark.hall(signed_in=True)
def test_a_deputy_checks_the_receipt_and_a_made_up_one_is_not_found(
    hall, axe, open_desk, open_phone, new_context
):
    desk = open_desk()
    desk.open_ballot(hall.ballot)
    phone = open_phone("android-360", 0)
    receipt = phone.vote(hall.items[:3])

    check = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page()
    check.goto(f"{hall.url}/receipt")
    assert_accessible(check, "receipt check")
    check.locator("#receipt-code").fill(receipt.lower().replace("-", " "))
    check.get_by_role("button", name="查询").click()
    answer = check.locator("#receipt-answer")
    expect(answer).to_have_attribute("data-included", "true")
    expect(answer).to_have_text(f"✓ 您的选票已计入「{VOTE_TITLE}」的票箱。")
    page_text = check.locator("main").inner_text()
    for word in ("赞成", "反对", "弃权", *(c["name"] for c in CANDIDATES)):
        assert word not in page_text, f"the receipt check shows {word!r}"
    assert_fits(check, "receipt included")
    assert_accessible(check, "receipt included")
    shot(check, "phone-receipt-included")

    check.locator("#receipt-code").fill(new_receipt())
    check.get_by_role("button", name="查询").click()
    expect(answer).to_have_attribute("data-included", "false")
    expect(answer).to_have_text(
        "票箱中没有这个回执码的选票。请核对回执码；如确认无误，请联系秘书处。"
    )
    shot(check, "phone-receipt-not-found")

    check.locator("#receipt-code").fill("K7Q2-9XMD")
    check.get_by_role("button", name="查询").click()
    expect(answer).to_have_class(re.compile(r"receipt-error"))
    expect(answer).not_to_have_attribute("data-included", re.compile("."))


# ---- 7. the audit trail ---------------------------------------------------------------------


def test_the_audit_trail_is_intact_and_lists_the_desks_actions(hall, axe, open_desk):
    desk = open_desk()
    page = desk.page
    desk.open_sign_in()
    page.locator('#scene-buttons button[data-scene="title"]').click()
    expect(page.locator("#screen-preview-scene")).to_have_text("会标")
    page.locator('#scene-buttons button[data-scene="auto"]').click()
    expect(page.locator("#screen-preview-scene")).to_have_text("自动跟随")
    desk.open_ballot(hall.ballot)
    desk.close_ballot(hall.ballot)
    desk.publish(hall.ballot)
    desk.goto("/admin/settings")
    page.locator("#set-year").fill("2027")
    page.locator("#settings-save").click()
    expect(flash(page)).to_have_text("✓ 设置已保存")
    desk.add_scrutineer(SCRUTINEER, SCRUTINEER_PASSWORD)

    desk.goto("/admin/audit")
    taken = [
        ("sign_in_open", "开始签到"),
        ("screen_scene", "切换大屏画面"),
        ("screen_scene", "切换大屏画面"),
        ("ballot_open", "开始投票"),
        ("ballot_close", "结束投票"),
        ("ballot_publish", "公布结果"),
        ("meeting_settings", "修改设置"),
        ("account_add", "添加账号"),
    ]
    chain = page.locator("#audit-check")
    expect(chain).to_have_attribute("data-intact", "true")
    expect(chain).to_have_text(f"✓ 审计链完整，共 {len(taken)} 条")
    rows = page.locator("#audit-table tbody tr")
    expect(rows).to_have_count(len(taken))
    codes = rows.evaluate_all("(rows) => rows.map((row) => row.dataset.actionCode)")
    assert codes == [code for code, _ in taken]
    expect(rows.locator(".action-name")).to_have_text([name for _, name in taken])
    expect(rows.locator(".col-actor")).to_have_text(["admin"] * len(taken))
    scenes = rows.filter(has=page.locator('[title="screen_scene"]')).locator(".col-detail")
    expect(scenes).to_have_text(["大屏画面：会标", "大屏画面：自动跟随"])
    settings = rows.filter(has=page.locator('[title="meeting_settings"]'))
    expect(settings.locator(".col-detail")).to_contain_text("年度 2026 → 2027")
    expect(rows.locator(".col-hash code")).to_have_text(
        [re.compile(r"^[0-9a-f]{12}$")] * len(taken)
    )
    assert_fits(page, "audit log")
    assert_accessible(page, "audit log")
    shot(page, "desk-audit", full_page=True)
