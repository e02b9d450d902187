"""Database engine and sessions: one engine per app, a session per request, write transactions.

SQLite runs in WAL mode, synchronous=FULL (durable commits), with foreign keys on, a busy
timeout and secure delete. Writes go through
`write_session()`, which on SQLite takes the write lock up front (BEGIN IMMEDIATE) so two
concurrent writers queue instead of failing halfway.
"""

from contextlib import contextmanager

import sqlalchemy as sa
from flask import current_app, g
from sqlalchemy import event, orm


class Base(orm.DeclarativeBase):
    """Declarative base of every Hall model."""


def init_app(app):
    """Create the engine for app.config['DATABASE_URL'] and register the teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["hall_db"] = orm.sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def make_engine(url: str) -> sa.Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below emit BEGIN, so writers can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit is on disk before the phone hears "counted". NORMAL (WAL's usual
        # partner) can lose the last commits on power loss, acknowledged sheets among them;
        # the ballot writer's group commit pays the extra fsync once per batch.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Deleted rows (a rehearsal wiped, a draft removed) are overwritten, not left in free
        # space; hall.store.seal rewrites the rest once voting stops.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def session_factory(app=None) -> orm.sessionmaker:
    return (app or current_app).extensions["hall_db"]


def get_db() -> orm.Session:
    """The request's read session, created on first use and closed at teardown."""
    if "db" not in g:
        g.db = session_factory()()
    return g.db


@contextmanager
def write_session(app=None):
    """A fresh session holding one write transaction: committed on success, else rolled back."""
    session = session_factory(app)()
    try:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _close_session(_exc=None):
    session = g.pop("db", None)
    if session is not None:
        session.close()


def release_db() -> None:
    """Close the request's read session now (get_db() opens another if used again): for a
    handler about to wait, so that it does not hold one of the pool's connections meanwhile."""
    _close_session()
