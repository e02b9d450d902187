"""Which ballots' boxes are sealed: hall.store.seal records each seal here, and a backup asks
(hall.upkeep.backup), since a copy of an unsealed box keeps the order its sheets came in.

Only secret ballots matter (a named ballot keeps who chose what on purpose), and only those
that were ever opened: a draft has no sheets.
"""

import contextlib
import sqlite3

import sqlalchemy as sa
from sqlalchemy import orm

from hall.base.clock import utcnow
from hall.store.models import Ballot

_VOTED_SECRET = sa.and_(Ballot.secret.is_(True), Ballot.opened_at.is_not(None))


def open_secret_ballots(session) -> list[str]:
    """The titles of secret ballots taking sheets now."""
    query = sa.select(Ballot.title).where(_VOTED_SECRET, Ballot.state == "open")
    return list(session.scalars(query.order_by(Ballot.id)))


def unsealed_ballots(session) -> list[tuple[int, str]]:
    """(id, title) of the secret ballots that stopped taking sheets before the last seal ran,
    or since: closed, published or voided, with no seal recorded."""
    query = sa.select(Ballot.id, Ballot.title).where(
        _VOTED_SECRET, Ballot.state != "open", Ballot.sealed_at.is_(None)
    )
    return [tuple(row) for row in session.execute(query.order_by(Ballot.id))]


def waiting_for_seal(engine: sa.Engine) -> list[int]:
    with orm.Session(engine) as session:
        return [ballot_id for ballot_id, _ in unsealed_ballots(session)]


def record_sealed(engine: sa.Engine, ballot_ids: list[int]) -> None:
    """Mark the ballots whose sheets were all in the box when a seal began, once it is done."""
    if not ballot_ids:
        return
    with orm.Session(engine) as session, session.begin():
        session.execute(
            sa.update(Ballot).where(Ballot.id.in_(ballot_ids)).values(sealed_at=utcnow())
        )
    if engine.dialect.name == "sqlite":
        # The seal left the WAL empty and this write holds no sheet; empty it again anyway, so
        # that a sealed box means an empty WAL. Never waits: a reader in the way leaves it.
        raw = engine.raw_connection()
        try:
            connection = raw.driver_connection
            connection.execute("PRAGMA busy_timeout=0")
            try:
                with contextlib.suppress(sqlite3.OperationalError):
                    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.execute("PRAGMA busy_timeout=30000")
        finally:
            raw.close()
