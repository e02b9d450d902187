"""The real server (run.py, on eventlet and on gevent) keeps answering phones while the desk
uploads a hostile workbook, and refuses an oversized body without reading it."""

import threading
import time

import pytest
import requests

from hall.voting.receipts import new_receipt
from tests.conftest import Factory
from tests.live_server import live_server, server_database
from tests.spreadsheets import blank_rows_workbook

PHONES = 150
ACKNOWLEDGED_WITHIN = 1.0  # seconds: a correctness bound, not a benchmark


@pytest.fixture
def open_vote_database(tmp_path):
    """A meeting of signed-in deputies with cards and a draft project vote (the rating, still a
    draft, leaves the completed-projects import unlocked while the vote is open)."""
    url, app = server_database(tmp_path)
    factory = Factory(app)
    meeting = factory.meeting()
    cards = [token for _, token in factory.deputies(meeting, PHONES)]
    ballot = factory.ballot(meeting, candidates=3, places=2)
    return url, cards, ballot, factory.item_ids(ballot)


def desk_session(server) -> requests.Session:
    desk = requests.Session()
    login = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "uploads-pass"})
    desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
    return desk


def phone(server, card: str) -> requests.Session:
    """A phone that has opened its card, as scanning the QR code does."""
    http = requests.Session()
    assert http.get(f"{server.url}/d/{card}").url.endswith("/phone")
    return http


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_phones_are_answered_while_the_desk_uploads_a_million_blank_rows(
    tmp_path, open_vote_database, async_mode
):
    url, cards, ballot, items = open_vote_database
    env = {"HALL_ADMIN_PASSWORD": "uploads-pass"}
    workbook = blank_rows_workbook([["序号", "项目名称"], [1, "除险保安"]], 1_000_000, title="项目")
    with live_server(url, tmp_path, "--async-mode", async_mode, env=env) as server:
        desk = desk_session(server)
        assert desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/open", json={}).ok
        phones = [phone(server, card) for card in cards]

        uploaded = {}

        def upload():
            files = {"file": ("实事项目.xlsx", workbook)}
            answer = desk.post(f"{server.url}/api/v1/admin/imports/completed-projects", files=files)
            uploaded.update(status=answer.status_code, body=answer.json(), at=time.monotonic())

        uploader = threading.Thread(target=upload)
        uploader.start()
        acknowledged = []  # (seconds taken, when)
        for http in phones:
            if not uploader.is_alive():
                break
            started = time.monotonic()
            answer = http.post(
                f"{server.url}/api/v1/ballots/{ballot}/sheets",
                json={"receipt": new_receipt(), "sheet": {"approve": items[:1]}},
                timeout=60,
            )
            assert answer.json()["status"] == "counted"
            acknowledged.append((time.monotonic() - started, time.monotonic()))
        uploader.join()

        # The upload was read (and refused for what it holds, not for its size) ...
        assert uploaded["status"] == 400
        assert uploaded["body"]["error"]["code"] == "import_failed"
        # ... while phones were answered, each within the bound.
        assert [when for _, when in acknowledged if when < uploaded["at"]]
        assert max(taken for taken, _ in acknowledged) < ACKNOWLEDGED_WITHIN


def test_an_oversized_anonymous_body_is_refused_unread(tmp_path, open_vote_database):
    url, *_ = open_vote_database
    with live_server(url, tmp_path) as server:
        answer = requests.post(
            f"{server.url}/api/v1/card-code",
            data=b"7" * (50 << 20),
            headers={"Content-Type": "application/json"},
        )
        assert answer.status_code == 413
        assert answer.json()["error"]["code"] == "payload_too_large"
        assert requests.get(f"{server.url}/healthz").json() == {"status": "ok"}
