"""Start: the landing page at /, a quiet eventlet start, one terminal line per desk action and
per refusal."""

import logging
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_landing_page_sends_each_person_on(client):
    answer = client.get("/")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "扫描表决卡上的二维码" in page
    assert 'href="/c"' in page and 'href="/admin/"' in page
    assert "主持人屏链接" in page


def test_starting_on_eventlet_prints_no_deprecation_warning():
    started = subprocess.run(
        [sys.executable, "-W", "default", "-c", "import run; run.patch_for('eventlet')"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert "Eventlet is deprecated" not in started.stderr
    assert started.stderr.strip() == ""


def test_one_line_per_desk_action_and_per_refusal(app, factory, admin_client, caplog):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    caplog.set_level(logging.INFO, logger="hall")
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    desk = [r.getMessage() for r in caplog.records if r.name == "hall.store.audit"]
    assert len(desk) == 1 and "\n" not in desk[0] and desk[0].startswith("秘书处 ")
    caplog.clear()
    assert admin_client.post("/api/v1/admin/ballots/999999/open").status_code == 404
    refusals = [r.getMessage() for r in caplog.records if r.name == "hall.web.errors"]
    assert refusals == ["拒绝 POST /api/v1/admin/ballots/999999/open → 404 not_found"]


def test_the_banner_prints_the_chairs_url_with_its_key(app, factory, client):
    import run

    factory.meeting()
    banner = run.banner(app, None)
    chair_url = re.search(r"主持人屏 chair:\s+(\S+)", banner).group(1)
    path = "/" + chair_url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/chair?key=")
    page = client.get(path)
    assert page.status_code == 200 and 'id="chair-step"' in page.get_data(as_text=True)
    assert client.get("/chair?key=not-the-key").status_code == 403
