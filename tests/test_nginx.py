"""Through real nginx, on the shipped configuration (docs/deploy/nginx/hall.conf): two run.py
processes on PostgreSQL with Redis (tests/nginx.py). Phones on WebSocket and on long-polling
vote while one process is killed: its phones reconnect to the other, and every acknowledged
sheet is counted once. nginx serves the static files, sends http to https and refuses a body
over its limit."""

import contextlib
import threading
import time

import pytest
import requests
import socketio
import sqlalchemy as sa

from hall import create_app
from hall.migrations import create_schema
from hall.store.db import session_factory
from hall.voting.receipts import new_receipt
from tests.conftest import Factory, postgres_schema
from tests.live_server import free_port
from tests.nginx import nginx_configured, scale_out
from tests.own_redis import own_redis

PASSWORD = "nginx-pass"
PHONES = 12  # half on WebSocket, half on long-polling


def test_nginx_accepts_the_shipped_configuration():
    with nginx_configured([free_port(), free_port()]) as nginx:
        checked = nginx.test()
    assert checked.returncode == 0
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr


@pytest.fixture
def postgres_meeting(tmp_path):
    """A meeting on PostgreSQL (a schema of the test's own): PHONES deputies signed in, a
    project vote of 15 candidates, at most 10 each."""
    with postgres_schema() as url:
        app = create_app(
            {"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading"}
        )
        create_schema(app)
        factory = Factory(app)
        meeting = factory.meeting()
        cards = [card for _, card in factory.deputies(meeting, PHONES)]
        ballot = factory.ballot(meeting, candidates=15, places=10)
        items = factory.item_ids(ballot)
        yield {"url": url, "app": app, "cards": cards, "ballot": ballot, "items": items}
        session_factory(app).kw["bind"].dispose()


def desk_through(url: str) -> requests.Session:
    desk = unverified_session()
    desk.headers["Referer"] = f"{url}/admin/"  # as a browser sends it: CSRF checks it on https
    login = desk.post(f"{url}/api/v1/admin/login", json={"password": PASSWORD})
    assert login.status_code == 200, login.text
    desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
    return desk


def unverified_session() -> requests.Session:
    """The test's self-signed certificate is not checked (REQUESTS_CA_BUNDLE in the
    environment would otherwise win over verify=False)."""
    session = requests.Session()
    session.verify, session.trust_env = False, False
    return session


class Phone:
    """A deputy's phone through nginx on one transport, reconnecting as the page does."""

    def __init__(self, url: str, card: str, transport: str):
        # A browser sends its cookies with every long-poll; the Python client only with its
        # first request, unless they sit in its HTTP session's jar.
        http = unverified_session()
        http.cookies.set("hall_deputy", card)
        self.client = socketio.Client(
            ssl_verify=False,
            http_session=http,
            reconnection_delay=0.2,
            reconnection_delay_max=1,
        )
        self.states, self.drops = [], 0
        self.client.on("state", self.states.append, namespace="/deputy")
        self.client.on("disconnect", self._dropped, namespace="/deputy")
        self.client.connect(
            url,
            namespaces=["/deputy"],
            headers={"Cookie": f"hall_deputy={card}"},
            transports=[transport],
            wait_timeout=10,
        )

    def _dropped(self, *args):
        self.drops += 1

    def vote(self, ballot: int, items: list[int], deadline: float) -> str:
        """Submit one sheet under one receipt until it is acknowledged (a retry after a lost
        answer or a dead process gives the same receipt again, as the phone does)."""
        sheet = {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": items}}
        while time.monotonic() < deadline:
            with contextlib.suppress(socketio.exceptions.SocketIOError):
                answer = self.client.call("submit", sheet, namespace="/deputy", timeout=5)
                if answer.get("ok"):
                    return answer["status"]
                if answer.get("code") != "ballot_not_open":
                    raise AssertionError(answer)
            time.sleep(0.2)
        raise AssertionError("no acknowledgement")


def test_phones_through_nginx_survive_a_process_killed_mid_ballot(tmp_path, postgres_meeting):
    meeting = postgres_meeting
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        env = {"HALL_ADMIN_PASSWORD": PASSWORD}
        hall = stack.enter_context(scale_out(meeting["url"], tmp_path, redis_server.url, env))
        transports = ["websocket", "polling"] * (PHONES // 2)
        phones = [
            Phone(hall.url, card, t) for card, t in zip(meeting["cards"], transports, strict=True)
        ]
        for phone in phones:
            stack.callback(phone.client.disconnect)
        desk = desk_through(hall.url)
        opened = desk.post(f"{hall.url}/api/v1/admin/ballots/{meeting['ballot']}/open", json={})
        assert opened.status_code == 200 and opened.json()["state"] == "open", opened.text

        answers, deadline = {}, time.monotonic() + 60
        threads = [
            threading.Thread(
                target=lambda n=n, p=p: answers.__setitem__(
                    n, p.vote(meeting["ballot"], meeting["items"][: 1 + n % 10], deadline)
                )
            )
            for n, p in enumerate(phones)
        ]
        for thread in threads[: PHONES // 2]:
            thread.start()
        hall.servers[0].process.kill()  # mid-ballot: half the phones are voting
        hall.servers[0].process.wait()
        for thread in threads[PHONES // 2 :]:
            thread.start()
        for thread in threads:
            thread.join(timeout=70)

        assert sorted(answers) == list(range(PHONES)), "every phone got an acknowledgement"
        assert set(answers.values()) <= {"counted", "already_counted"}
        assert sum(phone.drops for phone in phones) > 0, "the killed process had phones"
        with session_factory(meeting["app"])() as db:
            sheets = db.execute(
                sa.text("SELECT count(*) FROM sheets WHERE ballot_id = :b"),
                {"b": meeting["ballot"]},
            ).scalar()
            voters = db.execute(
                sa.text("SELECT count(*) FROM participations WHERE ballot_id = :b"),
                {"b": meeting["ballot"]},
            ).scalar()
        assert sheets == voters == PHONES, "every acknowledged sheet counted once"
        closed = desk.post(f"{hall.url}/api/v1/admin/ballots/{meeting['ballot']}/close", json={})
        assert closed.json()["state"] == "closed", closed.text
        assert "Traceback" not in hall.servers[1].output()


def test_nginx_serves_static_files_redirects_http_and_limits_bodies(tmp_path, postgres_meeting):
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        hall = stack.enter_context(scale_out(postgres_meeting["url"], tmp_path, redis_server.url))
        script = requests.get(f"{hall.url}/static/js/admin/dashboard.js", verify=False)
        assert script.status_code == 200 and "import" in script.text
        assert "Expires" in script.headers, "served by nginx, with its cache headers"
        plain = requests.get(
            f"http://127.0.0.1:{hall.nginx.http}/admin/", allow_redirects=False, timeout=5
        )
        assert plain.status_code == 301
        assert plain.headers["Location"].startswith("https://")
        huge = requests.post(
            f"{hall.url}/api/v1/admin/login", data=b"x" * (12 << 20), verify=False, timeout=30
        )
        assert huge.status_code == 413
        health = requests.get(f"{hall.url}/healthz", verify=False)
        assert health.json() == {"status": "ok"}
