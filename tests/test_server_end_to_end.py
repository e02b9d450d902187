"""The real server from run.py: 50 deputies vote through the public API and Socket.IO, and the
screen's published result matches a tally computed here, independently of hall.rules."""

import random
import time

import pytest
import requests
import socketio

from hall.voting.receipts import new_receipt
from tests.conftest import Factory
from tests.live_server import live_server, server_database
from tests.recorder import Recorder

DEPUTIES = 50
PLACES = 10


@pytest.fixture
def prepared_database(tmp_path):
    """A meeting of 50 deputies (none signed in) and a draft vote on 15 candidates."""
    url, app = server_database(tmp_path)
    factory = Factory(app)
    meeting = factory.meeting()
    cards = [token for _, token in factory.deputies(meeting, DEPUTIES, signed_in=False)]
    ballot = factory.ballot(meeting, candidates=15, places=PLACES)
    return url, cards, ballot, factory.item_ids(ballot)


def independent_outcome(yes: dict[int, int], expected: int, places: int):
    """RULES.md by hand: more than half of 应到, the top places chosen, a tie at the cut open."""
    threshold = expected // 2 + 1
    passing = sorted((c for c in yes if yes[c] >= threshold), key=lambda c: -yes[c])
    if len(passing) <= places:
        return set(passing), set(), threshold
    cut = yes[passing[places - 1]]
    if yes[passing[places]] == cut:
        return (
            {c for c in passing if yes[c] > cut},
            {c for c in passing if yes[c] == cut},
            threshold,
        )
    return set(passing[:places]), set(), threshold


def test_fifty_deputies_vote_through_the_real_server(tmp_path, prepared_database):
    url, cards, ballot, items = prepared_database
    with live_server(url, tmp_path, env={"HALL_ADMIN_PASSWORD": "e2e-pass"}) as server:
        assert "/admin/" in server.output() and "/screen?key=" in server.output()
        desk = requests.Session()
        token = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "e2e-pass"})
        desk.headers["X-CSRFToken"] = token.json()["csrf_token"]
        assert desk.post(f"{server.url}/api/v1/admin/sign-in/open", json={}).ok

        screen, screen_seen = socketio.Client(), Recorder()
        screen.on("snapshot", screen_seen.add, namespace="/screen")
        screen.connect(server.url, namespaces=["/screen"], auth={"key": "screen-key"})

        phones = []
        for number, card in enumerate(cards):
            http = requests.Session()
            assert http.get(f"{server.url}/d/{card}").url.endswith("/phone")
            assert http.post(f"{server.url}/api/v1/me/sign-in", json={}).json()["signed_in"]
            states, sio = Recorder(), socketio.Client()
            sio.on("state", states.add, namespace="/deputy")
            transports = ["polling"] if number % 2 else ["websocket"]
            sio.connect(
                server.url,
                namespaces=["/deputy"],
                headers={"Cookie": f"hall_deputy={card}"},
                transports=transports,
            )
            phones.append((http, sio, states))
        screen_seen.wait_for(lambda s: s["roll"]["present"] == DEPUTIES)

        opened = desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/open", json={})
        assert opened.json()["state"] == "open"
        for _, _, states in phones:
            states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "open")

        chooser, yes = random.Random(2026), dict.fromkeys(items, 0)
        for number, (http, sio, _) in enumerate(phones):
            approve = chooser.sample(items, chooser.randint(0, PLACES))
            for candidate in approve:
                yes[candidate] += 1
            sheet = {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": approve}}
            if number % 2:
                answer = sio.call("submit", sheet, namespace="/deputy", timeout=10)
            else:
                answer = http.post(
                    f"{server.url}/api/v1/ballots/{ballot}/sheets",
                    json={"receipt": sheet["receipt"], "sheet": sheet["sheet"]},
                ).json()
            assert answer["status"] == "counted"
            if number % 5 == 0:  # a lost acknowledgement: the phone sends the same again
                again = sio.call("submit", sheet, namespace="/deputy", timeout=10)
                assert again == {
                    "ok": True,
                    "status": "already_counted",
                    "receipt": sheet["receipt"],
                }

        voting = screen_seen.wait_for(
            lambda s: (s["ballot"] or {}).get("turnout", {}).get("voted") == DEPUTIES
        )
        assert voting["scene"] == "voting" and voting["result"] is None

        desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/close", json={})
        desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/publish", json={})
        published = screen_seen.wait_for(lambda s: s["scene"] == "result")
        for _, _, states in phones:
            states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "published")

        result = published["result"]
        chosen, tied, threshold = independent_outcome(yes, DEPUTIES, PLACES)
        assert {row["candidate_id"]: row["yes"] for row in result["rows"]} == yes
        assert result["returned"] == result["valid"] == DEPUTIES
        assert result["threshold"] == threshold
        assert set(result["chosen_ids"]) == chosen
        assert set(result["tied_ids"]) == tied
        assert [row["yes"] for row in result["rows"]] == sorted(yes.values(), reverse=True)
        sequence = [s["seq"] for s in screen_seen.items]
        assert sequence == sorted(sequence)

        # Voting has stopped: the server seals the box (hall.store.seal), the WAL is emptied.
        wal = tmp_path / "hall.sqlite3-wal"
        deadline = time.monotonic() + 30
        while wal.exists() and wal.stat().st_size > 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not wal.exists() or wal.stat().st_size == 0

        for _, sio, _ in phones:
            sio.disconnect()
        screen.disconnect()
