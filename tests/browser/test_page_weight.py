"""Page weight: what a deputy's phone downloads on its first load, as Chromium received it."""

from urllib.parse import urlsplit

from tests.browser.pages import PHONE_CONTEXT, PHONES, expect
from tests.live_server import ROOT

BUDGET_BYTES = 150_000  # 150 KB over the wire: headers plus (compressed) bodies


def test_the_phones_first_load_is_at_most_150_kb_over_the_wire(hall, open_desk, new_context):
    """The card link, its redirect, the page, its CSS and scripts and /api/v1/me, measured from
    Chromium's network events (encoded body + response headers) from the first request until
    the load event and network idle. Socket.IO traffic (/socket.io/) is the live connection,
    not the first load, and is left out (the vendored client script under /static/ counts). A
    fresh browser context: nothing cached. The server compresses with Flask-Compress in
    whichever encoding the browser accepts (the report in test-output/ says which)."""
    desk = open_desk()
    desk.open_sign_in()
    desk.open_ballot(hall.ballot)  # the heaviest first load: /me carries 15 items and summaries
    page = new_context(**PHONE_CONTEXT, **PHONES["wechat-360"]).new_page()
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{hall.url}/d/{hall.cards[0]}", wait_until="load")
    expect(page.locator("#sign-in-button")).to_be_visible()
    page.wait_for_load_state("networkidle")

    first_load = [r for r in finished if not urlsplit(r.url).path.startswith("/socket.io/")]
    accepted = first_load[0].all_headers().get("accept-encoding")
    rows = []
    for request in first_load:
        sizes = request.sizes()
        encoding = request.response().header_value("content-encoding")
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        rows.append((wire, request.url.removeprefix(hall.url), encoding or "identity"))
    total = sum(wire for wire, _, _ in rows)
    report = "\n".join(f"{wire:>8}  {encoding:<8}  {path}" for wire, path, encoding in rows)
    report += f"\n{total:>8}  total (budget {BUDGET_BYTES}; /socket.io/ requests excluded)"
    report += f"\nAccept-Encoding: {accepted}\n"
    (ROOT / "test-output").mkdir(exist_ok=True)
    (ROOT / "test-output" / "page-weight.txt").write_text(report)

    assert not failed, f"requests failed during the first load: {failed}"
    paths = [path for _, path, _ in rows]
    assert any(path.startswith("/d/") for path in paths) and "/phone" in paths
    assert any(path.endswith("phone.css") for path in paths)
    assert any(path.endswith("socket.io.min.js") for path in paths)
    assert any(path.startswith("/api/v1/me") for path in paths)
    assert total <= BUDGET_BYTES, f"the phone's first load is {total} bytes:\n{report}"
