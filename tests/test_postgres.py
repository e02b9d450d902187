"""The same ballot box on PostgreSQL (DESIGN.md's path for a congress that outgrows one
process): the answers of the box, group commit, and the seal that breaks the link PostgreSQL
keeps between a sheet and its deputy's participation (the writing transaction's id, `xmin`)."""

import random
import threading

import pytest
import sqlalchemy as sa

from hall.base.errors import HallError
from hall.store.db import session_factory
from hall.store.models import Ballot
from hall.store.seal import BoxSealer, seal
from hall.voting import box as ballot_box
from hall.voting.receipts import fingerprint, new_receipt
from hall.voting.results import compute_result
from tests.conftest import Factory
from tests.test_group_commit import answer_of, random_requests

SHEETS = 60

XMIN_LINKS = """
    SELECT count(*) FROM sheets s JOIN participations p
    ON p.ballot_id = s.ballot_id AND p.xmin::text = s.xmin::text
"""


@pytest.fixture
def open_vote(pg_app):
    factory = Factory(pg_app)
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=15, places=10)
    factory.set_state(ballot, "open")
    deputies = [deputy for deputy, _ in factory.deputies(meeting, SHEETS)]
    return factory, ballot, factory.item_ids(ballot), deputies


def engine_of(app):
    return session_factory(app).kw["bind"]


def test_the_box_answers_on_postgresql_as_on_sqlite(pg_app, open_vote):
    _, ballot, items, deputies = open_vote
    receipt = new_receipt()
    with pg_app.app_context():
        first = ballot_box.cast(
            ballot_id=ballot, deputy_id=deputies[0], receipt=receipt, sheet={"approve": items[:2]}
        )
        again = ballot_box.cast(
            ballot_id=ballot, deputy_id=deputies[0], receipt=receipt, sheet={"approve": items[:2]}
        )
        with pytest.raises(HallError) as refused:
            ballot_box.cast(
                ballot_id=ballot,
                deputy_id=deputies[0],
                receipt=new_receipt(),
                sheet={"approve": items[:3]},
            )
    assert (first.status, again.status) == ("counted", "already_counted")
    assert refused.value.code == "already_voted"


def test_a_batch_on_postgresql_answers_as_one_by_one(pg_app, open_vote):
    """Group commit's answers do not depend on the database (see test_group_commit)."""
    _, ballot, items, deputies = open_vote
    requests = random_requests(random.Random(7), ballot, items, deputies[:8], 40)
    with pg_app.app_context():
        together = ballot_box.cast_many(requests, pg_app)
    statuses = [answer_of(answer)[0] for answer in together]
    counted = statuses.count("counted")
    with session_factory(pg_app)() as db:
        in_box = db.execute(
            sa.text("SELECT count(*) FROM sheets WHERE ballot_id = :b"), {"b": ballot}
        ).scalar()
        voters = db.execute(
            sa.text("SELECT count(*) FROM participations WHERE ballot_id = :b"), {"b": ballot}
        ).scalar()
    assert counted == in_box == voters > 0
    assert "already_counted" in statuses and "refused" in statuses


def test_the_seal_breaks_the_xmin_link_and_the_heap_order(pg_app, open_vote):
    factory, ballot, items, deputies = open_vote
    chooser = random.Random(3)
    submitted = []
    voting_order = chooser.sample(deputies, len(deputies))
    with pg_app.app_context():
        for deputy in voting_order:  # one transaction each: the worst case for the link
            receipt = new_receipt()
            ballot_box.cast(
                ballot_id=ballot,
                deputy_id=deputy,
                receipt=receipt,
                sheet={"approve": chooser.sample(items, chooser.randint(0, 10))},
            )
            submitted.append(fingerprint(receipt))
    with session_factory(pg_app)() as db:
        # What the seal is for: while the ballot is open, each sheet shares its transaction
        # id with its deputy's participation, and the heap keeps the order of submission.
        assert db.execute(sa.text(XMIN_LINKS)).scalar() == SHEETS
        assert list(db.execute(sa.text("SELECT receipt_hash FROM sheets")).scalars()) == submitted
        before = compute_result(db, db.get(Ballot, ballot))

    factory.set_state(ballot, "closed")
    assert seal(engine_of(pg_app)) is True
    with session_factory(pg_app)() as db:
        assert db.execute(sa.text(XMIN_LINKS)).scalar() == 0
        natural = list(db.execute(sa.text("SELECT receipt_hash FROM sheets")).scalars())
        assert natural == sorted(submitted)  # the key's order: random, unrelated to time
        xmins = db.execute(sa.text("SELECT count(DISTINCT xmin::text) FROM sheets")).scalar()
        assert xmins == 1
        # Who voted: in the key's order (ballot, deputy), all of one transaction, not the
        # order of voting nor the sheets' transaction.
        voters = list(db.execute(sa.text("SELECT deputy_id FROM participations")).scalars())
        assert voters == sorted(voting_order) != voting_order
        voter_xmins = "SELECT count(DISTINCT xmin::text) FROM participations"
        assert db.execute(sa.text(voter_xmins)).scalar() == 1
        assert compute_result(db, db.get(Ballot, ballot)) == before


def test_a_lock_in_the_way_postpones_the_seal_on_postgresql(pg_app, open_vote):
    engine = engine_of(pg_app)
    with engine.connect() as holder:
        holder.exec_driver_sql("LOCK TABLE sheets IN SHARE MODE")  # until its transaction ends
        assert seal(engine) is False  # lock_timeout: no stall of the whole server
        holder.rollback()
    assert seal(engine) is True


def test_the_sealer_seals_postgresql_after_the_close(pg_app, open_vote):
    factory, ballot, _, deputies = open_vote
    with pg_app.app_context():
        ballot_box.cast(
            ballot_id=ballot, deputy_id=deputies[0], receipt=new_receipt(), sheet={"approve": []}
        )
    now = [0.0]
    sealer = BoxSealer(clock=lambda: now[0])
    sealer.tick(pg_app, ballot_open=True)
    factory.set_state(ballot, "closed")
    now[0] += 60
    sealer.tick(pg_app, ballot_open=False)
    now[0] += 60
    sealer.tick(pg_app, ballot_open=False)
    assert sealer.seals == 1
    with session_factory(pg_app)() as db:
        assert db.execute(sa.text(XMIN_LINKS)).scalar() == 0


def test_two_desks_writing_at_once_keep_one_audit_chain_on_postgresql(pg_app):
    """Without the advisory lock the second writer extends the same last entry: a fork."""
    from hall.store import audit
    from hall.store.db import write_session

    with write_session(pg_app) as db:
        audit.record(db, "admin", "first")
    finished = threading.Event()

    def second_desk():
        with write_session(pg_app) as db:
            audit.record(db, "scrutineer", "third")
        finished.set()

    with write_session(pg_app) as db:
        audit.record(db, "admin", "second")
        other = threading.Thread(target=second_desk)
        other.start()
        # The other desk reaches the end of the chain while this one is still uncommitted.
        assert not finished.wait(0.5), "the second writer must wait for the first to commit"
    other.join(10)
    assert finished.is_set()
    with session_factory(pg_app)() as db:
        check = audit.check_chain(db)
        actions = db.execute(sa.text("SELECT action FROM audit_log ORDER BY id")).scalars()
        assert list(actions)[-3:] == ["first", "second", "third"]
    assert check.intact


def test_the_real_server_on_postgresql_counts_and_seals(pg_app, tmp_path):
    """run.py on PostgreSQL: phones cast over Socket.IO, the desk closes, the box is sealed."""
    import time

    import requests
    import socketio

    from tests.live_server import live_server

    factory = Factory(pg_app)
    meeting = factory.meeting()
    cards = [token for _, token in factory.deputies(meeting, 3)]
    ballot = factory.ballot(meeting, candidates=3, places=1)
    choice = factory.item_ids(ballot)[:1]
    url = engine_of(pg_app).url.render_as_string(hide_password=False)
    with live_server(url, tmp_path, env={"HALL_ADMIN_PASSWORD": "pg-pass"}) as server:
        desk = requests.Session()
        login = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "pg-pass"})
        desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
        assert desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/open", json={}).ok
        for card in cards:
            phone = socketio.Client()
            cookie = {"Cookie": f"hall_deputy={card}"}
            phone.connect(server.url, namespaces=["/deputy"], headers=cookie)
            sheet = {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": choice}}
            answer = phone.call("submit", sheet, namespace="/deputy", timeout=10)
            assert answer["status"] == "counted"
            phone.disconnect()
        assert desk.post(f"{server.url}/api/v1/admin/ballots/{ballot}/close", json={}).ok
        deadline = time.monotonic() + 30
        with session_factory(pg_app)() as db:
            while True:
                links = db.execute(sa.text(XMIN_LINKS)).scalar()
                db.rollback()  # a fresh snapshot next time
                if links == 0 or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert links == 0, "the server seals the box once voting stops"
            counted = db.execute(
                sa.text("SELECT count(*) FROM sheets WHERE ballot_id = :b"), {"b": ballot}
            ).scalar()
        assert counted == len(cards)
        assert "Traceback" not in server.output()
