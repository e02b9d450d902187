"""The live pusher wakes at a change instead of waiting for its next tick, and still paces a burst
of changes (hall/live/pacing.py).

The real server runs with a long push interval (3 s), so the bounds below prove the two
properties and not the machine's speed: a change after a quiet spell reaches the screen well
within one interval, and a burst of changes makes at most BURST pushes at once, then one per
interval.
"""

import time

import requests
import socketio

from hall.live.pacing import BURST
from tests.conftest import Factory
from tests.live_server import live_server, server_database
from tests.recorder import Recorder

INTERVAL = 3.0


def test_a_change_after_a_quiet_spell_is_pushed_at_once_and_the_next_waits(tmp_path):
    url, app = server_database(tmp_path)
    Factory(app).meeting()
    env = {"HALL_ADMIN_PASSWORD": "pace-pass", "HALL_LIVE_PUSH_INTERVAL": str(INTERVAL)}
    with live_server(url, tmp_path, env=env) as server:
        desk = requests.Session()
        token = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "pace-pass"})
        desk.headers["X-CSRFToken"] = token.json()["csrf_token"]
        screen, seen = socketio.Client(), Recorder()
        arrivals = []
        screen.on("snapshot", lambda s: (arrivals.append(time.monotonic()), seen.add(s)), "/screen")
        screen.connect(server.url, namespaces=["/screen"], auth={"key": "screen-key"})
        try:
            seen.wait_for(lambda s: s["roll"]["sign_in_open"] is False)  # the snapshot on connect
            time.sleep(INTERVAL + 0.5)  # a quiet spell: the pusher's last wake is an interval ago

            before = len(seen.items)
            asked = time.monotonic()
            assert desk.post(f"{server.url}/api/v1/admin/sign-in/open", json={}).ok
            seen.wait_for(
                lambda s: len(seen.items) > before and s["roll"]["sign_in_open"],
                timeout=INTERVAL * 3,
            )
            first = time.monotonic()
            assert first - asked < INTERVAL / 2, "the change waited for the next tick"

            # A burst of changes: at most BURST pushes back to back, then one per interval.
            for action in ("close", "open", "close", "open", "close"):
                assert desk.post(f"{server.url}/api/v1/admin/sign-in/{action}", json={}).ok
            time.sleep(max(0.0, first + INTERVAL * 0.8 - time.monotonic()))
            soon = [t for t in arrivals if first - 0.05 <= t <= first + INTERVAL * 0.8]
            assert 1 <= len(soon) <= BURST, soon
            # and nothing is dropped: the last change reaches the screen
            seen.wait_for(lambda s: s is seen.items[-1] and not s["roll"]["sign_in_open"])
            assert seen.items[-1]["roll"]["sign_in_open"] is False
        finally:
            screen.disconnect()
