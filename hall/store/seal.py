"""Sealing the ballot box: once voting stops, nothing on disk keeps the sheets in the order
they came, nor ties one to the transaction that wrote a deputy's participation.

The sheets table is keyed by the receipt's hash, so reading it by key gives a random order.
The storage underneath is another matter, while a ballot is open:

- SQLite appends each transaction to the WAL file in commit order, a deputy's participation
  row beside the sheet cast with it; and inside each page of the sheets table (and of its
  index) a new row's cell is written below the previous ones, in the order of insertion.
- PostgreSQL appends each new row to the table's heap, so reading it without an order gives
  the order of submission; and every row carries the id of the transaction that wrote it
  (`xmin`), the same on a sheet and on the participation cast with it: a join links them.

The participations (who voted) are kept in the same order of arrival, and a recording of a
live screen tells which sheets came when: together they would link deputies to sheets.

So once no ballot is open, the sealer rewrites both tables. On SQLite: VACUUM (every table and
index rebuilt in key order, no free pages; both tables are WITHOUT ROWID, so their key is
their order: receipt hash, and ballot then deputy), then a WAL checkpoint with TRUNCATE (the
file is emptied); deleted content is zeroed too (`PRAGMA secure_delete`, set in hall.store.db). On
PostgreSQL: each table is rewritten in one transaction of its own (one `xmin` for all its
rows), then CLUSTERed on its key (old row versions gone). What the
database server keeps outside its tables (PostgreSQL's WAL archive, backups taken while a
ballot was open) is the operator's to protect.

hall.tasks.ballot_watch ticks it, in a task started with the live pusher: after each ballot
closes, once things have been calm for CALM_SECONDS (the result reaches the screen first),
and once at start. It never waits for a lock: a reader or writer in the way means another try
at the next tick.
"""

import logging
import sqlite3
import time

import sqlalchemy as sa

from hall.store import seal_record as box_record
from hall.store.db import session_factory

log = logging.getLogger(__name__)

CALM_SECONDS = 2.0  # after a close, before the rewrite: the result is pushed first


def seal(engine) -> bool:
    """Rewrite the box's storage and record the ballots it covered (hall.store.seal_record: a backup
    asks); False when another connection is in the way (try again)."""
    covered = box_record.waiting_for_seal(engine)  # before: a ballot closing meanwhile is not
    if not rewrite(engine):
        return False
    box_record.record_sealed(engine, covered)
    return True


def rewrite(engine) -> bool:
    """Rewrite the box's storage; False when another connection is in the way (try again)."""
    if engine.dialect.name == "postgresql":
        return _seal_postgresql(engine)
    if engine.dialect.name != "sqlite":
        return True
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute("PRAGMA busy_timeout=0")  # never stall the server on a lock
        try:
            connection.execute("VACUUM")
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError as error:  # "database is locked": try again later
            log.debug("box seal postponed: %s", error)
            return False
        finally:
            connection.execute("PRAGMA busy_timeout=30000")
        return busy == 0
    finally:
        raw.close()


# Each table rewritten in a transaction of its own: one xmin for all its rows, and not the
# other table's (one shared xmin would join every sheet to every participation).
REWRITES = (
    ("UPDATE sheets SET valid = valid", "CLUSTER sheets USING sheets_pkey"),
    ("UPDATE participations SET via = via", "CLUSTER participations USING participations_pkey"),
)


def _seal_postgresql(engine) -> bool:
    try:
        for statement, _ in REWRITES:
            with engine.begin() as connection:
                connection.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
                connection.exec_driver_sql(statement)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("SET lock_timeout = '200ms'")
            try:
                for _, cluster in REWRITES:
                    connection.exec_driver_sql(cluster)
            finally:
                connection.exec_driver_sql("RESET lock_timeout")
    except sa.exc.OperationalError as error:  # lock_timeout: try again later
        log.debug("box seal postponed: %s", error)
        return False
    return True


class BoxSealer:
    """Seals after every close, in calm; the clock is passed in for the tests."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self.pending = True  # at start: a previous run may have stopped mid-ballot
        self._calm_since = clock()
        self.seals = 0

    def tick(self, app, ballot_open: bool) -> None:
        now = self._clock()
        if ballot_open:
            self.pending = True
            self._calm_since = None
            return
        if self._calm_since is None:
            self._calm_since = now
        calm = now - self._calm_since >= CALM_SECONDS
        if self.pending and calm and seal(session_factory(app).kw["bind"]):
            self.pending = False
            self.seals += 1


sealer = BoxSealer()
