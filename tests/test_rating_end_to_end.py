"""The rating through the real server: 100 deputies rate 10 projects; the screen's feed and
published result are checked against figures computed here, independently of hall.rules."""

import itertools
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
import requests
import socketio

from hall import create_app
from hall.demo.load import demo_rows
from hall.migrations import create_schema
from hall.projects.completed import replace_completed_projects
from hall.store.db import write_session
from hall.store.models import Meeting
from hall.voting.receipts import new_receipt
from tests.conftest import Factory
from tests.live_server import live_server
from tests.recorder import Recorder

DEPUTIES = 100
RATINGS = ("satisfied", "fairly_satisfied", "dissatisfied", None)


@pytest.fixture
def prepared_database(tmp_path):
    """100 signed-in deputies and a draft rating of the demo's 10 completed projects."""
    url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    config = {"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"}
    app = create_app({**config, "ASYNC_MODE": "threading"})
    create_schema(app)
    factory = Factory(app)
    meeting_id = factory.meeting()
    cards = [token for _, token in factory.deputies(meeting_id, DEPUTIES)]
    with write_session(app) as db:
        ballot = replace_completed_projects(db, db.get(Meeting, meeting_id), demo_rows(), "test")
        ballot_id = ballot.id
    return url, cards, ballot_id, factory.item_ids(ballot_id)


def percent(part: int, whole: int) -> str:
    value = Decimal(100 * part) / Decimal(whole) if whole else Decimal(0)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def expected_grade(satisfied: int, fairly: int, returned: int) -> str:
    if 2 * satisfied > returned:
        return "satisfied"
    if 2 * (satisfied + fairly) > returned:
        return "fairly_satisfied"
    return "dissatisfied"


def test_a_hundred_deputies_rate_through_the_real_server(tmp_path, prepared_database):
    url, cards, ballot, projects = prepared_database
    with live_server(url, tmp_path, env={"HALL_ADMIN_PASSWORD": "e2e-pass"}) as server:
        desk = requests.Session()
        token = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "e2e-pass"})
        desk.headers["X-CSRFToken"] = token.json()["csrf_token"]
        screen, snapshots, feed = socketio.Client(), Recorder(), Recorder()
        screen.on("snapshot", snapshots.add, namespace="/screen")
        screen.on("feed", feed.add, namespace="/screen")
        screen.connect(server.url, namespaces=["/screen"], auth={"key": "screen-key"})
        assert desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/open", json={}).ok

        chooser = random.Random(4)
        counts = {p: dict.fromkeys(RATINGS, 0) for p in projects}
        for card in cards:
            phone = requests.Session()
            phone.get(f"{server.url}/d/{card}")
            ratings = {}
            for project in projects:
                choice = chooser.choices(RATINGS, weights=(70, 20, 5, 5))[0]
                counts[project][choice] += 1
                if choice:
                    ratings[str(project)] = choice
            answer = phone.post(
                f"{server.url}/api/v1/ballots/{ballot}/sheets",
                json={"receipt": new_receipt(), "sheet": {"ratings": ratings}},
            )
            assert answer.status_code == 201
        snapshots.wait_for(lambda s: ((s["ballot"] or {}).get("turnout") or {}).get("voted") == 100)
        # A rating is shown `live`: its tallies move while it is open, in batches of five.
        shown = [s["result"]["returned"] for s in snapshots.items if s["result"] is not None]
        steps = [b - a for a, b in itertools.pairwise(shown) if b != a]
        assert shown and all(step >= 5 for step in steps), shown

        desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/close", json={})
        desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/publish", json={})
        published = snapshots.wait_for(lambda s: s["scene"] == "result")["result"]
        scrolled = sum(counts[p]["satisfied"] + counts[p]["fairly_satisfied"] for p in projects)
        feed.wait_for(lambda _: sum(len(batch["items"]) for batch in feed.items) == scrolled)
        assert len(feed.items) < DEPUTIES, "released in batches, not one per sheet"
        screen.disconnect()

    assert (published["returned"], published["valid"]) == (DEPUTIES, DEPUTIES)
    rows = {row["project_id"]: row for row in published["rows"]}
    total_satisfied = total_combined = 0
    for project in projects:
        row, count = rows[project], counts[project]
        satisfied, fairly = count["satisfied"], count["fairly_satisfied"]
        assert (row["satisfied"], row["fairly_satisfied"]) == (satisfied, fairly)
        assert (row["dissatisfied"], row["abstain"]) == (count["dissatisfied"], count[None])
        assert row["satisfied_rate"] == percent(satisfied, DEPUTIES)
        assert row["combined_rate"] == percent(satisfied + fairly, DEPUTIES)
        assert row["grade"] == expected_grade(satisfied, fairly, DEPUTIES)
        total_satisfied += satisfied
        total_combined += satisfied + fairly
    whole = DEPUTIES * len(projects)
    assert published["overall_satisfied_rate"] == percent(total_satisfied, whole)
    assert published["overall_combined_rate"] == percent(total_combined, whole)
