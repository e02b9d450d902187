"""The mark a running server keeps on its database, so that a restore can tell not to run.

A server holds a shared lock for as long as it runs, a restore an exclusive one: on SQLite an
flock on a file beside the database (`hall.sqlite3.server-lock`), on PostgreSQL a session
advisory lock keyed by the schema. Both go when the process does, however it ends.
"""

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

_KEY = "hashtext('hall-server:' || current_schema())"
POLL_SECONDS = 0.2
_held = []  # the server's own lock, kept for the life of the process


class Held:
    """A lock taken; `release()` lets it go."""

    def __init__(self, release):
        self.release = release


def hold_for_server(engine: sa.Engine) -> bool:
    """Take the server's shared lock for the life of the process; False while a restore runs."""
    held = _take(engine, shared=True)
    if held is None:
        return False
    _held.append(held)
    return True


def release_for_server() -> None:
    """Let go of the server's lock (for tests: a server keeps it until it exits)."""
    while _held:
        _held.pop().release()


@contextmanager
def exclusive(engine: sa.Engine, wait: float = 0):
    """The exclusive lock for an upgrade, a restore, or a backup that seals first: yields False
    when a server holds the database (still, after `wait` seconds of asking), True when this
    process has it to itself until the block ends."""
    deadline = time.monotonic() + wait
    held = _take(engine, shared=False)
    while held is None and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        held = _take(engine, shared=False)
    try:
        yield held is not None
    finally:
        if held is not None:
            held.release()


def _take(engine: sa.Engine, shared: bool) -> Held | None:
    if engine.dialect.name == "postgresql":
        return _advisory_lock(engine, shared)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return _file_lock(Path(engine.url.database), shared)
    return Held(lambda: None)  # nothing else can share an in-memory database


def _file_lock(database: Path, shared: bool) -> Held | None:
    handle = open(database.with_name(database.name + ".server-lock"), "a")  # noqa: SIM115
    try:
        fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return Held(handle.close)


def _advisory_lock(engine: sa.Engine, shared: bool) -> Held | None:
    # A connection of its own, outside the pool: the lock lives as long as it does.
    own = sa.create_engine(engine.url, poolclass=NullPool)
    connection = own.connect().execution_options(isolation_level="AUTOCOMMIT")
    take = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    if connection.exec_driver_sql(f"SELECT {take}({_KEY})").scalar():

        def release():
            connection.close()
            own.dispose()

        return Held(release)
    connection.close()
    own.dispose()
    return None
