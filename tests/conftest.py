"""Fixtures: an app on a throwaway SQLite database (or a PostgreSQL schema), factories for
meetings, deputies, ballots."""

import atexit
import contextlib
import functools
import itertools
import os
import secrets
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from hall import create_app, migrations
from hall.admin.auth import ensure_admin, throttle
from hall.base.config import TestConfig
from hall.base.extensions import socketio
from hall.live.state import live
from hall.migrations import create_schema
from hall.roster.credentials import COOKIE_NAME, issue_card
from hall.store.db import make_engine, write_session
from hall.store.models import Ballot, BallotItem, Candidate, Delegation, Deputy, Meeting

ADMIN_PASSWORD = TestConfig.ADMIN_PASSWORD


@functools.cache
def schema_template() -> Path:
    """A SQLite database brought to the newest revision once per test run; each test's
    database starts as a copy of it (cheaper than running the migrations every time)."""
    folder = Path(tempfile.mkdtemp(prefix="hall-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    template = folder / "template.sqlite3"
    engine = make_engine(f"sqlite:///{template}")
    migrations.upgrade(engine)
    engine.dispose()  # the last connection out checkpoints the WAL: one file to copy
    return template


def make_app(tmp_path, database_url: str):
    """A fresh app with the test configuration on `database_url`, schema and admin made."""
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///"))
        if not database.exists():
            shutil.copyfile(schema_template(), database)
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config["DATABASE_URL"] = database_url
    config["INSTANCE_PATH"] = str(tmp_path / "instance")
    app = create_app(config)
    live.reset()
    throttle.reset()
    with app.app_context():
        create_schema(app)  # a copy of the template is at the newest revision already
        ensure_admin(app)
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, f"sqlite:///{tmp_path / 'hall.sqlite3'}")


def unavailable(message: str):
    """Skip a test whose service is missing, with the reason; under CI=true, fail it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


def needs_postgresql_tools() -> None:
    """Backups on PostgreSQL run its client tools: skip (or under CI=true fail) without them."""
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if shutil.which(tool) is None]
    if missing:
        unavailable(f"{', '.join(missing)} not found: apt-get install -y postgresql-client")


POSTGRES_URL = os.environ.get(
    "HALL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextlib.contextmanager
def postgres_schema():
    """A schema of its own on the test PostgreSQL server (HALL_TEST_POSTGRES_URL), dropped
    after: yields the URL that works in it. Without a reachable server the test is skipped
    with the reason; with CI=true it fails."""
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    schema = f"hall_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception as error:  # no driver, no server
        admin.dispose()
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.__class__.__name__}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture
def pg_app(tmp_path):
    """The app on PostgreSQL, in a schema of its own (postgres_schema)."""
    from hall.store.db import session_factory

    with postgres_schema() as url:
        app = make_app(tmp_path, url)
        yield app
        session_factory(app).kw["bind"].dispose()


REDIS_URL = os.environ.get("HALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_channel():
    """A channel (and key prefix) of this test's own on the Redis server; its keys go after."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        client.ping()
    except Exception as error:
        unavailable(f"Redis not reachable at {REDIS_URL}: {error.__class__.__name__}")
    channel = f"hall-test-{secrets.token_hex(6)}"
    yield channel
    for key in client.scan_iter(match=f"{channel}:*"):
        client.delete(key)


@pytest.fixture
def client(app):
    return app.test_client()


class Factory:
    """Builds meetings, deputies (with their card tokens) and ballots straight in the database."""

    def __init__(self, app):
        self.app = app
        self._counter = itertools.count(1)

    def meeting(self, **settings) -> int:
        """A meeting made current, as creating one at the desk does (the others archived)."""
        with write_session(self.app) as db:
            db.execute(sa.update(Meeting).values(is_current=False))
            meeting = Meeting(
                name="测试市人民代表大会",
                year=2026,
                screen_key="screen-key",
                is_current=True,
                **settings,
            )
            db.add(meeting)
            db.flush()
            db.add(Delegation(meeting_id=meeting.id, name="第一代表团", position=1))
            return meeting.id

    def deputy(self, meeting_id: int, signed_in: bool = True, **fields) -> tuple[int, str]:
        """A deputy and the token on their card."""
        from hall.base.clock import utcnow

        with write_session(self.app) as db:
            number = next(self._counter)
            delegation = db.query(Delegation).filter_by(meeting_id=meeting_id).first()
            deputy = Deputy(
                meeting_id=meeting_id,
                delegation_id=delegation.id,
                name=fields.pop("name", f"代表{number}"),
                seat=f"1排{number}座",
                signed_in_at=utcnow() if signed_in else None,
                signed_in_by="self" if signed_in else None,
                **fields,
            )
            revoked = deputy.token_revoked
            db.add(deputy)
            db.flush()
            token = issue_card(deputy)
            deputy.token_revoked = bool(revoked)
            return deputy.id, token

    def deputies(self, meeting_id: int, count: int, **fields) -> list[tuple[int, str]]:
        return [self.deputy(meeting_id, **fields) for _ in range(count)]

    def ballot(self, meeting_id: int, candidates: int = 15, places: int = 10, **fields) -> int:
        with write_session(self.app) as db:
            ballot = Ballot(
                meeting_id=meeting_id, title="2026年民生实事项目票决", places=places, **fields
            )
            db.add(ballot)
            db.flush()
            for position in range(1, candidates + 1):
                candidate = Candidate(
                    meeting_id=meeting_id, position=position, name=f"候选项目{position}"
                )
                db.add(candidate)
                db.flush()
                db.add(
                    BallotItem(ballot_id=ballot.id, candidate_id=candidate.id, position=position)
                )
            return ballot.id

    def item_ids(self, ballot_id: int) -> list[int]:
        with write_session(self.app) as db:
            return [item.item_id for item in db.get(Ballot, ballot_id).items]

    def set_state(self, ballot_id: int, state: str) -> None:
        from hall.base.clock import utcnow

        with write_session(self.app) as db:
            ballot = db.get(Ballot, ballot_id)
            ballot.state = state
            ballot.opened_at = ballot.opened_at or utcnow()


@pytest.fixture
def factory(app):
    return Factory(app)


@pytest.fixture
def deputy_client(app):
    """A test client holding a deputy's card cookie, as after scanning the QR code."""

    def make(token: str):
        client = app.test_client()
        client.set_cookie(COOKIE_NAME, token)
        return client

    return make


@pytest.fixture
def admin_client(app):
    """A logged-in secretariat client that sends its CSRF token on every POST."""
    client = app.test_client()
    answer = client.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD})
    assert answer.status_code == 200
    token = answer.get_json()["csrf_token"]
    original_post = client.post

    def post(*args, **kwargs):
        kwargs.setdefault("headers", {})["X-CSRFToken"] = token
        kwargs.setdefault("json", {})
        return original_post(*args, **kwargs)

    client.post = post
    return client


@pytest.fixture
def socket_client(app):
    """Socket.IO test clients sharing an HTTP client's cookies."""
    clients = []

    def make(namespace: str, http_client=None, auth=None):
        client = socketio.test_client(
            app, namespace=namespace, flask_test_client=http_client, auth=auth
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        if client.is_connected(client.namespace if hasattr(client, "namespace") else None):
            client.disconnect()
