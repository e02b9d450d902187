"""Sealing the box: once voting stops, the database files no longer hold the sheets' order."""

import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_secrecy import spearman

from hall.store.db import session_factory
from hall.store.seal import CALM_SECONDS, BoxSealer, seal
from hall.voting import box as ballot_box
from hall.voting.receipts import fingerprint, new_receipt

SHEETS = 100


def database_path(app) -> Path:
    return Path(session_factory(app).kw["bind"].url.database)


def order_on_disk(data: bytes, hashes: list[str]) -> list[str]:
    """The hashes in the order of their first appearance in the bytes."""
    where = {digest: data.find(digest.encode()) for digest in hashes}
    assert all(position >= 0 for position in where.values())
    return sorted(hashes, key=where.__getitem__)


@pytest.fixture
def cast_box(app, factory):
    """A secret ballot with SHEETS sheets cast one at a time; answers (ballot, hashes in order)."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    submitted = []
    with app.app_context():
        for deputy, _ in factory.deputies(meeting, SHEETS):
            receipt = new_receipt()
            ballot_box.cast(
                ballot_id=ballot, deputy_id=deputy, receipt=receipt, sheet={"approve": items[:2]}
            )
            submitted.append(fingerprint(receipt))
    return ballot, submitted


def wal(app) -> Path:
    return database_path(app).with_name(database_path(app).name + "-wal")


def test_the_wal_keeps_the_order_of_submission_until_the_box_is_sealed(app, factory, cast_box):
    ballot, submitted = cast_box
    # What the sealer is for: the WAL lists the sheets as they were committed.
    before = order_on_disk(wal(app).read_bytes(), submitted)
    assert spearman(submitted, before) > 0.9

    factory.set_state(ballot, "closed")
    assert seal(session_factory(app).kw["bind"]) is True
    assert not wal(app).exists() or wal(app).stat().st_size == 0
    after = order_on_disk(database_path(app).read_bytes(), submitted)
    # A random order of 100 has |rho| around 0.1; the order of submission would give 1.
    assert abs(spearman(submitted, after)) < 0.35
    with session_factory(app)() as db:
        stored = db.execute(
            sa.text("SELECT receipt_hash FROM sheets WHERE ballot_id = :b"), {"b": ballot}
        ).scalars()
        assert sorted(stored) == sorted(submitted)  # every sheet is still in the box


def test_the_sealer_waits_for_the_close_and_for_calm(app, factory, cast_box):
    ballot, _ = cast_box
    now = [100.0]
    sealer = BoxSealer(clock=lambda: now[0])
    sealer.tick(app, ballot_open=True)
    now[0] += 60
    sealer.tick(app, ballot_open=True)
    assert sealer.seals == 0 and wal(app).stat().st_size > 0

    factory.set_state(ballot, "closed")
    sealer.tick(app, ballot_open=False)  # closed just now: the result goes out first
    assert sealer.seals == 0
    now[0] += CALM_SECONDS
    sealer.tick(app, ballot_open=False)
    assert sealer.seals == 1 and sealer.pending is False
    assert wal(app).stat().st_size == 0
    now[0] += 60
    sealer.tick(app, ballot_open=False)  # nothing new to seal
    assert sealer.seals == 1


def test_a_reader_in_the_way_postpones_the_seal_without_waiting(app, cast_box):
    engine = session_factory(app).kw["bind"]
    with engine.connect() as reader:
        # hall.store.db's "begin" hook opens the read transaction; it stays open until commit.
        assert reader.exec_driver_sql("SELECT count(*) FROM sheets").scalar() == SHEETS
        assert seal(engine) is False  # busy_timeout 0: no stall of the whole server
        reader.commit()
    assert seal(engine) is True
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_deleted_rows_are_overwritten(app):
    with session_factory(app)() as db:
        assert db.execute(sa.text("PRAGMA secure_delete")).scalar() == 1


def test_the_seal_leaves_no_order_of_voting_in_the_participations(app, factory):
    """Deputies vote in a shuffled order; after the seal, who voted is stored by deputy, not
    by time (a recording of a live screen plus the row order would link them to sheets)."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    deputies = [deputy for deputy, _ in factory.deputies(meeting, SHEETS)]
    voting_order = random.Random(7).sample(deputies, len(deputies))
    with app.app_context():
        for deputy in voting_order:
            ballot_box.cast(
                ballot_id=ballot, deputy_id=deputy, receipt=new_receipt(), sheet={"approve": []}
            )
    factory.set_state(ballot, "closed")
    assert seal(session_factory(app).kw["bind"]) is True
    with session_factory(app)() as db:
        stored = list(db.execute(sa.text("SELECT deputy_id FROM participations")).scalars())
        sql = db.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE name = 'participations'")
        ).scalar_one()
    assert "WITHOUT ROWID" in sql  # no rowid numbering the rows as they came
    assert stored == sorted(voting_order)
    assert abs(spearman(voting_order, stored)) < 0.35
