"""The desk's two heavy requests, timed: printing every deputy's card, importing the roster.

    python scripts/bench_desk.py --deputies 3000            # both, 3 runs each
    python scripts/bench_desk.py --deputies 30 --runs 1 --json

Each run is the request a secretariat's browser sends, through Flask's test client in this
process (no network): for printing, the confirmation page's form posted back (new cards for
every deputy, the A4 sheet with a QR code per card); for the roster, a .xlsx of N deputies in
20 delegations previewed (parsed in the import's child process) and confirmed. A fresh SQLite
database each run. Times are wall clock; the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_PASSWORD = "bench-desk-password"
TARGETS = {"print_s": 10.0, "roster_s": 2.0}  # issue 15, for 3,000 deputies


def make_app(workdir: Path, deputies: int):
    """A meeting with `deputies` deputies (scripts/bench.py's), and the admin logged in."""
    from bench import prepare_database  # scripts/bench.py

    from hall import create_app
    from hall.admin.auth import ensure_admin

    prepared = prepare_database(workdir, deputies)
    app = create_app(
        {
            "DATABASE_URL": prepared["url"],
            "INSTANCE_PATH": str(workdir),
            "SECRET_KEY": "bench",
            "ASYNC_MODE": "threading",
            "LIVE_PUSHER": False,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "PUBLIC_URL": "http://192.168.1.10:5000",
        }
    )
    ensure_admin(app)
    client = app.test_client()
    answer = client.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return app, client, answer.get_json()["csrf_token"]


def print_cards(workdir: Path, deputies: int) -> dict:
    _, client, csrf = make_app(workdir, deputies)
    confirm = client.get("/admin/cards/issue?scope=all").get_data(as_text=True)
    nonce = re.search(r'name="nonce" value="([^"]+)"', confirm).group(1)
    form = {"scope": "all", "nonce": nonce, "csrf_token": csrf}
    started = time.perf_counter()
    page = client.post("/admin/cards/issue", data=form)
    seconds = time.perf_counter() - started
    html = page.get_data(as_text=True)
    return {
        "seconds": round(seconds, 2),
        "status": page.status_code,
        "cards": html.count('<svg class="qr"'),
        "page_mb": round(len(html.encode()) / 1e6, 2),
    }


def roster_workbook(deputies: int) -> bytes:
    import openpyxl

    from hall.imports.roster import ROSTER_COLUMNS

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "代表名册"
    sheet.append(list(ROSTER_COLUMNS))
    for number in range(deputies):
        seat = f"{number // 40 + 1}排{number % 40 + 1}座"
        leave = "是" if number % 50 == 0 else None
        sheet.append([f"代表{number + 1}", f"第{number % 20 + 1}代表团", seat, None, leave])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_roster(workdir: Path, deputies: int, data: bytes) -> dict:
    _, client, csrf = make_app(workdir, 1)  # the roster import replaces this one
    headers = {"X-CSRFToken": csrf}
    started = time.perf_counter()
    preview = client.post(
        "/api/v1/admin/imports/roster/preview",
        data={"file": (io.BytesIO(data), "代表名册.xlsx")},
        content_type="multipart/form-data",
        headers=headers,
    )
    previewed = time.perf_counter()
    token = preview.get_json()["token"]
    saved = client.post(
        "/api/v1/admin/imports/roster/confirm", json={"token": token}, headers=headers
    )
    done = time.perf_counter()
    return {
        "seconds": round(done - started, 2),
        "preview_s": round(previewed - started, 2),
        "confirm_s": round(done - previewed, 2),
        "saved": saved.get_json(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deputies", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    data = roster_workbook(args.deputies)
    figures = {"deputies": args.deputies, "print": [], "roster": []}
    for _ in range(args.runs):  # alternating, each on a fresh database
        with tempfile.TemporaryDirectory(prefix="hall-desk-") as workdir:
            figures["print"].append(print_cards(Path(workdir), args.deputies))
        with tempfile.TemporaryDirectory(prefix="hall-desk-") as workdir:
            figures["roster"].append(import_roster(Path(workdir), args.deputies, data))
        if not args.json:
            print(f"  print {figures['print'][-1]}\n  roster {figures['roster'][-1]}", flush=True)
    for name, target in (("print", TARGETS["print_s"]), ("roster", TARGETS["roster_s"])):
        median = statistics.median(run["seconds"] for run in figures[name])
        figures[f"{name}_median_s"] = median
        figures[f"{name}_target_met"] = median <= target
    figures["correct"] = all(
        run["status"] == 200 and run["cards"] == args.deputies for run in figures["print"]
    ) and all(run["saved"].get("deputies") == args.deputies for run in figures["roster"])
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return 0 if figures["correct"] else 1


if __name__ == "__main__":
    sys.exit(main())
