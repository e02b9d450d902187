"""Sealing the ballot box on SQLite: once voting stops, no file keeps the sheets in the order
they came.

The sheets table is keyed by the receipt's hash, so its rows read back in a random order.
The bytes on disk are another matter. While a ballot is open SQLite appends each transaction
to the WAL file in commit order, a deputy's participation row beside the sheet cast with it;
and inside each page of the sheets table (and of its index) a new row's cell is written below
the previous ones, in the order of insertion. Someone holding `hall.sqlite3` and its `-wal`
could line sheets up against the participation table, which is not secret.

So once no ballot is open, the sealer rewrites the database (VACUUM: every table and index
rebuilt in key order, no free pages) and checkpoints the WAL with TRUNCATE (the file is
emptied). Deleted content is zeroed too (`PRAGMA secure_delete`, set in hall.db). It runs in
a background task started with the live pusher: after each ballot closes, once things have
been calm for CALM_SECONDS (the result reaches the screen first), and once at start. It never
waits for a lock: a reader or writer in the way means another try a second later. On other
databases it does nothing: PostgreSQL keeps rows in its own order, which this does not cover.
"""

import logging
import sqlite3
import time

from hall.db import session_factory
from hall.extensions import socketio
from hall.gc_keeper import any_ballot_open

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
CALM_SECONDS = 2.0  # after a close, before the rewrite: the result is pushed first


def seal(engine) -> bool:
    """VACUUM and truncate the WAL; False (nothing done) when another connection is in the way."""
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

    def run(self, app) -> None:
        while True:
            socketio.sleep(TICK_SECONDS)
            try:
                self.tick(app, any_ballot_open(app))
            except Exception:
                log.exception("box seal failed; retrying")


sealer = BoxSealer()
