"""The year's supervision in a browser: a deputy logs a contact on the phone, a department
files its progress report on its form, the secretariat opens the 专项监督报告, and the public
reads the 项目进度榜 on a phone. The data before each is made through the API, as the desk does."""

import re

import requests

from tests.browser.pages import (
    ADMIN_PASSWORD,
    PHONE_CONTEXT,
    PHONES,
    ApiDeputy,
    Desk,
    Phone,
    assert_accessible,
    assert_fits,
    assert_no_bad_words,
    expect,
    shot,
)


def check(page, where: str) -> None:
    """axe-core finds nothing serious, every control is named, nothing scrolls sideways and no
    figure reads null, undefined or NaN."""
    assert_accessible(page, where)
    assert_fits(page, where)
    assert_no_bad_words(page, where)


DEPARTMENT = "市应急管理局"


class DeskApi:
    """The desk's JSON API over HTTP, logged in."""

    def __init__(self, base_url: str):
        self.base_url, self.session = base_url, requests.Session()
        token = self.post("/api/v1/admin/login", password=ADMIN_PASSWORD)["csrf_token"]
        self.session.headers["X-CSRFToken"] = token

    def post(self, path: str, **body) -> dict:
        answer = self.session.post(f"{self.base_url}{path}", json=body, timeout=10)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def get(self, path: str) -> dict:
        answer = self.session.get(f"{self.base_url}{path}", timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()


def a_year_begins(hall) -> tuple[DeskApi, dict]:
    """The vote held and published through the API; the register's first project gets two
    具体项目 of 市应急管理局, and a group with the first deputy; a department account."""
    desk = DeskApi(hall.url)
    desk.post("/api/v1/admin/sign-in/open")
    desk.post(f"/api/v1/admin/ballots/{hall.ballot}/open")
    for card in hall.cards:
        deputy = ApiDeputy(hall.url, card)
        assert deputy.session.post(f"{hall.url}/api/v1/me/sign-in", json={}, timeout=10).ok
        deputy.cast(hall.ballot, {"approve": hall.items[:2]})
        deputy.close()
    desk.post(f"/api/v1/admin/ballots/{hall.ballot}/close")
    desk.post(f"/api/v1/admin/ballots/{hall.ballot}/publish")
    project = desk.get("/api/v1/admin/register")["projects"][0]
    for name, target in (("农村家庭电线改造", 5809), ("智能烟感安装", 5809)):
        item = {"name": name, "target": target, "unit": "户", "deadline": "2099-11-30"}
        desk.post(
            f"/api/v1/admin/register/projects/{project['id']}/items",
            lead_department=DEPARTMENT,
            **item,
        )
    roll = desk.get("/api/v1/admin/roll")
    first = next(
        d for g in roll["delegations"] for d in g["deputies"] if d["name"] == hall.names[0]
    )
    group = {
        "name": "第一监督组",
        "leader": "林秀英",
        "deputy_ids": [first["id"]],
        "project_ids": [project["id"]],
    }
    group = desk.post("/api/v1/admin/supervision-groups", **group)
    inspection = {"held_on": "2027-06-15", "group_id": group["id"], "project_ids": [project["id"]]}
    desk.post("/api/v1/admin/inspections", findings="城西片区进度偏慢", **inspection)
    account = {"username": "yingji", "password": "report-2027", "department": DEPARTMENT}
    desk.post("/api/v1/admin/department-accounts", **account)
    return desk, desk.get(f"/api/v1/admin/register/projects/{project['id']}")


def test_a_deputy_logs_a_contact_on_the_phone(hall, axe, new_context):
    _, project = a_year_begins(hall)
    phone = Phone(new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page(), "wechat-360")
    phone.open_card(hall.url, hall.cards[0])
    page = phone.page
    page.goto(f"{hall.url}/phone/supervision")
    card = page.locator(f"#project-{project['id']}")
    expect(card.locator("h2")).to_have_text(project["name"])
    card.get_by_label("联系对象").fill("市应急管理局张强")
    card.get_by_label("了解情况").fill("城西片区施工队伍不足")
    card.get_by_role("button", name="记录联系").click()
    expect(page.locator(".sv-contact").first).to_contain_text("城西片区施工队伍不足")
    finding = page.locator(".sv-inspection").first
    finding.get_by_label("我的督查发现").fill("施工队伍不足，建议增派")
    finding.get_by_role("button", name="提交发现").click()
    expect(page.locator(".sv-inspection").first).to_contain_text(
        f"{hall.names[0]}：施工队伍不足，建议增派"
    )
    check(page, "phone supervision")
    shot(page, "phone-supervision-contact", full_page=True)
    page.goto(f"{hall.url}/phone")
    page.locator("#supervision-link").click()
    expect(page).to_have_url(re.compile(r"/phone/supervision$"))


def test_a_department_files_its_report_on_the_form(hall, axe, new_context):
    desk, project = a_year_begins(hall)
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(f"{hall.url}/admin/login")
    page.locator('input[name="username"]').fill("yingji")
    page.locator('input[name="password"]').fill("report-2027")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/office/$"))
    wires, alarms = (item["id"] for item in project["items"])
    page.get_by_label("报告期").fill("2027年第一季度")
    page.get_by_label("截至日期").fill("2027-03-31")
    page.locator(f"#achieved-{wires}").fill("3000")
    page.locator(f"#account-{wires}").fill("城东片区完成")
    page.locator(f"#achieved-{alarms}").fill("5809")
    check(page, "office")
    shot(page, "office-report-form", full_page=True)
    page.get_by_role("button", name="提交进度报告").click()
    expect(page.locator("#office-ok")).to_contain_text("已提交进度报告（2 个具体项目）")
    expect(page.locator("#office-reports li").first).to_contain_text("待审核")
    report = desk.get("/api/v1/admin/progress-reports")["reports"][0]
    assert [(line["name"], line["achieved"]) for line in report["lines"]] == [
        ("农村家庭电线改造", 3000),
        ("智能烟感安装", 5809),
    ]
    page.locator(f"#achieved-{wires}").fill("许多")
    page.get_by_label("报告期").fill("2027年4月")
    page.get_by_label("截至日期").fill("2027-04-30")
    page.get_by_role("button", name="提交进度报告").click()
    expect(page.locator("#office-error")).to_contain_text("完成数应为数字")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    page.goto(f"{hall.url}/office/")
    expect(page).to_have_url(re.compile(r"/admin/login\?next=/office/$"))


def test_the_report_and_the_public_progress_page(hall, axe, new_context):
    desk, project = a_year_begins(hall)
    wires = project["items"][0]["id"]
    office = requests.Session()
    token = office.post(
        f"{hall.url}/api/v1/admin/login", json={"username": "yingji", "password": "report-2027"}
    ).json()
    office.headers["X-CSRFToken"] = token["csrf_token"]
    line = {"item_id": wires, "achieved": 3000, "account": "城东片区完成"}
    filed = office.post(
        f"{hall.url}/api/v1/office/reports",
        json={"period": "一季度", "as_of": "2027-03-31", "lines": [line]},
    ).json()
    desk.post(f"/api/v1/admin/progress-reports/{filed['id']}/review", decision="accept")

    page = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    Desk(page).login(hall.url)
    page.goto(f"{hall.url}/admin/register/report")
    section = page.locator(f"#report-project-{project['id']}")
    expect(section.locator("h3")).to_contain_text(project["name"])
    expect(section).to_contain_text("3000")
    expect(section).to_contain_text("51.64%")
    expect(page.locator("#report-summary")).to_contain_text("具体项目")
    assert_no_bad_words(page, "report")
    shot(page, "supervision-report", full_page=True)
    page.goto(f"{hall.url}/admin/register/projects/{project['id']}")
    expect(page.locator(f'.tl-row[data-item="{wires}"] .tl-deadline')).to_have_count(1)
    expect(page.locator("#project-items")).to_contain_text("51.64%")
    check(page, "register project")
    shot(page, "supervision-project", full_page=True)
    page.goto(f"{hall.url}/admin/register")
    expect(page.locator("#register-projects")).to_contain_text(project["name"])
    check(page, "register")
    shot(page, "supervision-register", full_page=True)

    phone = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page()
    phone.goto(f"{hall.url}/progress")
    card = phone.locator(f"#project-{project['id']}")
    expect(card.locator(".project-percent")).to_have_text("25.82%")
    expect(card).to_contain_text("农村家庭电线改造：3000 / 5809户（51.64%")
    check(phone, "public progress")
    shot(phone, "public-progress", full_page=True)
