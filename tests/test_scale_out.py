"""Two real servers (run.py) on one database with the Redis message queue, as DESIGN.md's
scale-out runs them behind nginx: phones on either process, the screen and the desk on one.
The screen sees every sheet, the 满意 feed's totals add up across processes, and the desk
counts the phones of both."""

import contextlib
import time

import pytest
import requests
import socketio
import sqlalchemy as sa

from hall.demo.load import load_demo
from hall.store.db import write_session
from hall.store.models import Ballot, Meeting
from hall.voting.receipts import new_receipt
from tests.conftest import REDIS_URL, Factory
from tests.live_server import live_server, server_database
from tests.recorder import Recorder

PHONES_PER_PROCESS = 3


@pytest.fixture
def demo_database(tmp_path):
    """The demo meeting (its rating of ten projects) and six signed-in deputies with cards."""
    url, app = server_database(tmp_path)
    with write_session(app) as db:
        load_demo(db, "k")
    cards = [token for _, token in Factory(app).deputies(1, 2 * PHONES_PER_PROCESS)]
    with write_session(app) as db:
        key = db.get(Meeting, 1).screen_key
        rating = db.scalars(sa.select(Ballot).where(Ballot.kind == "rating")).first()
        projects = [item.project_id for item in rating.items]
        return url, cards, key, rating.id, projects


def test_two_processes_share_the_screen_the_feed_and_the_phone_count(
    tmp_path, redis_channel, demo_database
):
    url, cards, screen_key, ballot, projects = demo_database
    env = {
        "HALL_ADMIN_PASSWORD": "scale-pass",
        "HALL_MESSAGE_QUEUE": REDIS_URL,
        "HALL_MESSAGE_QUEUE_CHANNEL": redis_channel,
    }
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(live_server(url, tmp_path, env=env))
        second = stack.enter_context(live_server(url, tmp_path, env=env))
        desk = requests.Session()
        login = desk.post(f"{first.url}/api/v1/admin/login", json={"password": "scale-pass"})
        desk.headers["X-CSRFToken"] = login.json()["csrf_token"]

        screen, snapshots, feed = socketio.Client(), Recorder(), Recorder()
        screen.on("snapshot", snapshots.add, namespace="/screen")
        screen.on("feed", feed.add, namespace="/screen")
        screen.connect(first.url, namespaces=["/screen"], auth={"key": screen_key})
        stack.callback(screen.disconnect)

        phones = []
        for number, card in enumerate(cards):
            server = first if number < PHONES_PER_PROCESS else second
            states, phone = Recorder(), socketio.Client()
            phone.on("state", states.add, namespace="/deputy")
            phone.connect(
                server.url,
                namespaces=["/deputy"],
                headers={"Cookie": f"hall_deputy={card}"},
                transports=["websocket"],
            )
            stack.callback(phone.disconnect)
            phones.append((phone, states))

        opened = desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/open", json={})
        assert opened.json()["state"] == "open"
        for phone, states in phones:
            states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "open")
            sheet = {
                "ballot_id": ballot,
                "receipt": new_receipt(),
                "sheet": {"ratings": {str(projects[0]): "satisfied"}},
            }
            answer = phone.call("submit", sheet, namespace="/deputy", timeout=10)
            assert answer["status"] == "counted"

        everyone = 2 * PHONES_PER_PROCESS
        snapshots.wait_for(
            lambda s: ((s["ballot"] or {}).get("turnout") or {}).get("voted") == everyone
        )
        monitor_url = f"{first.url}/api/v1/admin/ballots/{ballot}/monitor"

        def phones_counted() -> int:
            return desk.get(monitor_url).json()["phones_connected"]

        deadline = time.monotonic() + 15  # each process reports its phones once a second
        while phones_counted() != everyone and time.monotonic() < deadline:
            time.sleep(0.2)
        assert phones_counted() == everyone

        desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/close", json={})
        last = feed.wait_for(lambda m: m["totals"]["satisfied"] == everyone)
        scrolled = sum(len(message["items"]) for message in feed.items)
        assert scrolled == everyone, "every 满意 scrolls once, from whichever process pooled it"
        assert last["totals"] == {"satisfied": everyone, "fairly_satisfied": 0}
        assert "Traceback" not in first.output() + second.output()
