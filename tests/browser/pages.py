"""What a deputy, the hall screen and the secretariat do on their pages, and the checks every
page state gets: no sideways scroll, text inside its buttons, axe-core, a name on every control."""

import os
import re
from pathlib import Path

import requests

from hall.voting.receipts import new_receipt
from tests.live_server import ROOT

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser fixture reports this as a skip with the fix
    expect = sync_playwright = None

CHROMIUM = Path(os.environ.get("HALL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 15_000  # a socket.io client backs off up to 5 s between reconnection attempts

ADMIN_PASSWORD = "browser-test-password"
SCREEN_KEY = "screen-key"  # the key tests/conftest.py's Factory gives every meeting
PLACES = 10

WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
    "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 "
    "Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 12; M2102J2SC) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
)
PHONES = {
    "wechat-360": {"viewport": {"width": 360, "height": 740}, "user_agent": WECHAT_UA},
    "android-360": {"viewport": {"width": 360, "height": 740}, "user_agent": ANDROID_UA},
    "iphone-390": {"viewport": {"width": 390, "height": 844}, "user_agent": IPHONE_UA},
}
PHONE_CONTEXT = {"has_touch": True, "is_mobile": True, "device_scale_factor": 2}
SCREEN_CONTEXT = {"viewport": {"width": 1920, "height": 1080}}
DESK_CONTEXT = {"viewport": {"width": 1366, "height": 900}}
COMMON_CONTEXT = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def shot(page, name: str, full_page: bool = False, animations: str = "disabled") -> None:
    """Save what the page shows as test-output/screenshots/<name>.png; finite animations are
    finished first, unless `animations="allow"` (lines of the 满意 feed end invisible)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page, animations=animations)


class Phone:
    """A deputy's phone: the card link, 签到, the ballot and its confirmation."""

    def __init__(self, page, label: str):
        self.page, self.label = page, label
        self.conn = page.locator("#conn")
        self.sign_in_button = page.locator("#sign-in-button")
        self.form = page.locator("#ballot-form")
        self.count = page.locator("#ballot-count")
        self.submit = page.locator("#ballot-submit")
        self.confirm_view = page.locator("#ballot-confirm")
        self.sending = page.locator("#view-sending")
        self.counted = page.locator("#view-counted")
        self.closed = page.locator("#view-closed")
        self.receipt = page.locator("#receipt-code")

    def open_card(self, base_url: str, token: str) -> None:
        """Open the QR code's link, as the phone's camera or WeChat would."""
        self.page.goto(f"{base_url}/d/{token}")
        expect(self.page).to_have_url(re.compile(r"/phone$"))
        expect(self.page.locator("#deputy-name")).to_be_visible()
        expect(self.conn).to_have_attribute("data-online", "true")

    def toggle(self, item_id: int):
        button = self.page.locator(f'#ballot-items button.item-toggle[data-item-id="{item_id}"]')
        button.tap()
        return button

    def choose(self, item_ids: list[int], already: int = 0) -> None:
        """Tap each item once (赞成) and watch the count follow."""
        for number, item_id in enumerate(item_ids, start=already + 1):
            expect(self.toggle(item_id)).to_have_attribute("aria-pressed", "true")
            expect(self.count).to_have_text(f"已选 {number}/{PLACES}")

    def review(self) -> None:
        self.submit.tap()
        expect(self.confirm_view).to_be_visible()

    def sign_in(self) -> None:
        self.sign_in_button.tap()
        expect(self.page.locator("#signed-in")).to_have_text("✓ 已签到")

    def send(self) -> None:
        """确认提交 on the confirmation view."""
        self.page.locator("#confirm-submit").tap()

    def vote(self, item_ids: list[int], already: int = 0) -> str:
        """Choose, review, confirm; answers the receipt code the page shows once counted."""
        self.choose(item_ids, already)
        self.review()
        self.send()
        expect(self.counted).to_be_visible()
        return self.receipt.get_attribute("data-receipt")


class ApiDeputy:
    """A deputy voting through the JSON API with the card's cookie, as tests/test_rating_end_to_end
    does: for the many sheets a browser test needs but need not watch being cast."""

    def __init__(self, base_url: str, card: str):
        self.base_url = base_url
        self.session = requests.Session()
        assert self.session.get(f"{base_url}/d/{card}", timeout=10).ok  # sets the card cookie

    def cast(self, ballot_id: int, sheet: dict) -> str:
        """Cast `sheet` ({"approve": [...]} or {"ratings": {...}}); answers its receipt."""
        receipt = new_receipt()
        answer = self.session.post(
            f"{self.base_url}/api/v1/ballots/{ballot_id}/sheets",
            json={"receipt": receipt, "sheet": sheet},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        return receipt

    def close(self) -> None:
        self.session.close()


_SCENE_SETTLED = """() => {
  const scenes = document.querySelectorAll('#scenes > .scene');
  return scenes.length === 1 && scenes[0].getAnimations().every((a) => a.playState === 'finished');
}"""


def wait_for_scene(screen, scene: str) -> None:
    """The hall screen shows `scene`, and the fade from the previous one is over."""
    expect(screen.locator("#stage")).to_have_attribute("data-scene", scene)
    screen.wait_for_function(_SCENE_SETTLED)


class Desk:
    """The secretariat's dashboard; accepts the confirm() each ballot action asks."""

    def __init__(self, page):
        self.page, self.dialogs = page, []
        page.on("dialog", self._accept)
        self.conn = page.locator("#conn")
        self.base_url = ""

    def _accept(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept()

    def login(
        self,
        base_url: str,
        screenshot: str | None = None,
        username: str | None = None,
        password: str = ADMIN_PASSWORD,
        live: bool = True,
    ) -> None:
        """Log in; then, unless `live` is False (no meeting yet), the dashboard goes live."""
        self.page.goto(f"{base_url}/admin/login")
        self.base_url = base_url
        if screenshot:
            shot(self.page, screenshot)
        if username:
            self.page.locator('input[name="username"]').fill(username)
        self.page.locator('input[name="password"]').fill(password)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page).to_have_url(re.compile(r"/admin/$"))
        if live:
            expect(self.conn).to_have_attribute("data-state", "live")

    def goto(self, path: str) -> None:
        """Another desk page, e.g. /admin/settings."""
        self.page.goto(f"{self.base_url}{path}")

    def dashboard(self) -> None:
        self.goto("/admin/")
        expect(self.conn).to_have_attribute("data-state", "live")

    def logout(self) -> None:
        self.page.get_by_role("button", name="退出登录").click()
        expect(self.page).to_have_url(re.compile(r"/admin/login$"))

    def add_scrutineer(self, username: str, password: str) -> None:
        """会议设置 → 添加监票人, as the admin."""
        self.goto("/admin/settings")
        self.page.locator("#account-username").fill(username)
        self.page.locator("#account-password").fill(password)
        self.page.locator("#account-add").click()
        expect(self.page.locator("#accounts-status")).to_have_text(
            f"✓ 已添加监票人「{username}」，请把账号和密码当面交给本人。"
        )
        row = self.page.locator(f'#accounts-body tr[data-username="{username}"]')
        expect(row.locator(".role-tag")).to_have_text("监票人")

    def ballot(self, ballot_id: int):
        return self.page.locator(f'.ballot[data-ballot-id="{ballot_id}"]')

    def tool(self, ballot_id: int, name: str):
        """A button in the row of tools under a ballot card (edit, paper, revote, …)."""
        return self.ballot(ballot_id).locator(f'button[data-tool="{name}"]')

    def open_sign_in(self) -> None:
        self.page.get_by_role("button", name="开始签到").click()
        expect(self.page.get_by_role("button", name="结束签到")).to_be_visible()

    def _ballot_action(self, action: str, ballot_id: int, state: str) -> None:
        self.page.locator(f'button[data-action="{action}"][data-ballot-id="{ballot_id}"]').click()
        expect(self.ballot(ballot_id)).to_have_attribute("data-ballot-state", state)

    def open_ballot(self, ballot_id: int) -> None:
        self._ballot_action("open", ballot_id, "open")

    def close_ballot(self, ballot_id: int) -> None:
        self._ballot_action("close", ballot_id, "closed")

    def publish(self, ballot_id: int) -> None:
        self._ballot_action("publish", ballot_id, "published")


# ---- checks ---------------------------------------------------------------------------------

_LAYOUT = """() => {
  const doc = document.documentElement;
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const selector = 'button, .btn, input[type=submit], input[type=button]';
  const buttons = [...document.querySelectorAll(selector)];
  const overflowing = buttons.filter(shown).filter(
    (b) => b.scrollWidth > b.clientWidth || b.scrollHeight > b.clientHeight + 1,
  ).map((b) => ({
    text: b.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60),
    scroll: [b.scrollWidth, b.scrollHeight],
    client: [b.clientWidth, b.clientHeight],
  }));
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, overflowing};
}"""


def assert_fits(page, where: str) -> None:
    """No sideways scrolling, and every visible button's text inside the button."""
    layout = page.evaluate(_LAYOUT)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"{where}: scrolls sideways {layout}"
    assert not layout["overflowing"], f"{where}: text overflows its button {layout['overflowing']}"


_AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: Hall's Content-Security-Policy refuses the
        # inline <script> that add_script_tag would insert, as it should.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN)


# Every text node's element, visible, with its computed font size in px.
_FONT_SIZES = """(root) => {
  const sizes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element || !element.checkVisibility()) continue;
    if (element.closest('.sr-only, .visually-hidden')) continue;
    sizes.push([text.slice(0, 30), parseFloat(getComputedStyle(element).fontSize)]);
  }
  return sizes;
}"""


def smallest_text(page, selector: str) -> tuple[str, float]:
    """The smallest visible text in `selector` (screen-reader text aside) and its size in px."""
    sizes = page.locator(selector).first.evaluate(_FONT_SIZES)
    assert sizes, f"no visible text in {selector}"
    return min(sizes, key=lambda pair: pair[1])


_BAD_WORDS = re.compile(r"\b(null|undefined|NaN)\b")


def assert_no_bad_words(page, where: str) -> None:
    """No "null", "undefined" or "NaN" anywhere in the page's text (a figure that went wrong)."""
    found = _BAD_WORDS.findall(page.evaluate("() => document.body.innerText"))
    assert not found, f"{where} shows {found}"


def assert_accessible(page, where: str) -> None:
    """axe-core finds nothing serious or critical, and every visible control has a name."""
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, f"{where}: axe-core found\n" + "\n".join(map(str, serious))
    assert_controls_named(page, where)


_CONTROLS = (
    "button, input:not([type=hidden]), select, textarea, summary, a[href], "
    "[role=button], [role=checkbox], [role=radio], [role=switch]"
)


def assert_controls_named(page, where: str) -> None:
    """What a screen reader reads out for each visible control is not empty."""
    controls = page.locator(_CONTROLS)
    for index in range(controls.count()):
        control = controls.nth(index)
        if control.is_visible():
            expect(
                control, f"{where}: control {index} has no accessible name"
            ).to_have_accessible_name(re.compile(r"\S"))
