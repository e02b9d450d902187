"""The schema is made and upgraded by the migrations (hall/migrations): they build what the
models describe, on SQLite and on PostgreSQL, and a year's data comes through every upgrade."""

import re
import shutil
import sqlite3
import threading
import time
from contextlib import closing

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import orm

from hall import migrations
from hall.store import server_lock
from hall.store.db import Base, make_engine
from hall.store.models import Ballot
from hall.upkeep.backup import Refused
from hall.upkeep.schema_upgrade import bring_to_head, open_for_server, upgrade_alone
from hall.voting.results import compute_result
from tests.baseline_meeting import YES, expected, stored, write_baseline_meeting
from tests.conftest import needs_postgresql_tools, postgres_schema
from tests.live_server import live_server


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    """An engine on an empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
        yield engine
        engine.dispose()
        return
    with postgres_schema() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(autouse=True)
def _let_go_of_the_server_lock():
    yield
    server_lock.release_for_server()


def sqlite_engine(path):
    return make_engine(f"sqlite:///{path}")


def differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def made_before_migrations(engine) -> None:
    """A database as `create_all` left it before migrations existed, holding a meeting: the
    first revision's tables (the same DDL, checked when it was written) without Alembic's."""
    write_baseline_meeting(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")


def test_the_migrations_build_what_the_models_describe(empty_engine):
    migrations.upgrade(empty_engine)
    assert migrations.current(empty_engine) == migrations.head()
    assert differences(empty_engine) == []


def test_without_the_last_revision_the_comparison_sees_what_is_missing(empty_engine):
    """The check above can fail: a database one revision short differs from the models."""
    previous = migrations.revisions()[-2]
    migrations.upgrade(empty_engine, previous)
    assert differences(empty_engine) != []


def test_sqlite_tables_have_the_options_the_models_give_them(tmp_path):
    """Autogenerate cannot see WITHOUT ROWID; the box depends on it (its order is its key's)."""
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        made = dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master").all())
    without_rowid = {
        name
        for name, table in Base.metadata.tables.items()
        if table.dialect_options["sqlite"]["with_rowid"] is False
    }
    assert "sheets" in without_rowid
    for name in Base.metadata.tables:
        assert ("WITHOUT ROWID" in made[name].upper()) == (name in without_rowid), name


def test_a_meeting_at_the_first_revision_comes_through_every_upgrade_whole(empty_engine):
    write_baseline_meeting(empty_engine)
    assert stored(empty_engine) == expected()

    migrations.upgrade(empty_engine)

    assert migrations.current(empty_engine) == migrations.head()
    assert stored(empty_engine) == expected()
    with orm.Session(empty_engine) as session:  # and the code of today reads it
        ballot = session.get(Ballot, 1)
        result = compute_result(session, ballot)
    assert {row["candidate_id"]: row["yes"] for row in result["rows"]} == YES
    assert result["returned"] == 3 and result["chosen_ids"] == [1, 2]
    # Hall served the newest meeting before there was a current one: it still does.
    with empty_engine.connect() as connection:
        current = connection.exec_driver_sql("SELECT id FROM meetings WHERE is_current")
        assert current.scalars().all() == [1]


def test_an_empty_database_is_created_at_the_newest_revision(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    note = bring_to_head(engine, keep=pytest.fail)  # nothing to keep a copy of
    assert migrations.current(engine) == migrations.head()
    assert note.startswith("数据库已创建") and migrations.head() in note
    assert bring_to_head(engine) is None  # a second start has nothing to do


def test_a_database_made_before_migrations_is_kept_then_stamped_and_upgraded(
    empty_engine, tmp_path
):
    if empty_engine.dialect.name == "postgresql":
        needs_postgresql_tools()  # the copy is a pg_dump
    made_before_migrations(empty_engine)
    assert migrations.current(empty_engine) is None

    note = open_for_server(empty_engine, str(tmp_path / "instance"))

    assert "迁移前" in note and "升级前的备份" in note
    kept = re.search(r"copy from before: (\S+)", note).group(1)
    assert migrations.current(empty_engine) == migrations.head()
    assert stored(empty_engine) == expected()
    if empty_engine.dialect.name == "sqlite":  # the copy is the database as it was
        with closing(sqlite3.connect(kept)) as copy:
            tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
            assert "alembic_version" not in tables and "meetings" in tables
            assert copy.execute("SELECT count(*) FROM sheets").fetchone() == (3,)
    else:
        assert kept.endswith(".dump") and (tmp_path / "instance" / "backups").is_dir()


def test_a_database_at_an_older_revision_is_kept_then_upgraded(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    write_baseline_meeting(engine)
    first = migrations.revisions()[0]

    note = open_for_server(engine, str(tmp_path / "instance"))

    assert f"database upgraded from {first} to {migrations.head()}" in note
    (kept,) = tmp_path.glob("hall.before-upgrade-*.sqlite3")
    assert str(kept) in note
    assert migrations.current(sqlite_engine(kept)) == first
    assert stored(engine) == expected() == stored(sqlite_engine(kept))


def test_processes_starting_together_wait_for_the_one_that_upgrades(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    upgrading = server_lock.exclusive(engine)
    assert upgrading.__enter__()  # the first process, upgrading
    with server_lock.exclusive(engine) as at_once:
        assert not at_once  # without a wait: refused
    started = time.monotonic()
    threading.Timer(0.3, upgrading.__exit__, (None, None, None)).start()
    with server_lock.exclusive(engine, wait=10) as waited:
        assert waited
    assert 0.3 <= time.monotonic() - started < 10


def test_no_upgrade_of_a_database_left_mid_vote(tmp_path):
    """The copy taken first would keep the sheets' order: the old version closes it first."""
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    made_before_migrations(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE ballots SET state = 'open'")

    with pytest.raises(Refused) as refused:
        open_for_server(engine, str(tmp_path / "instance"))

    assert "仍在无记名投票" in str(refused.value) and "previous version" in str(refused.value)
    assert migrations.current(engine) is None
    assert not list(tmp_path.glob("hall.before-*"))


def test_tables_that_are_not_hall_s_are_refused_and_left_alone(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    made_before_migrations(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE meetings DROP COLUMN rehearsal")
        connection.exec_driver_sql("CREATE TABLE guestbook (id INTEGER PRIMARY KEY)")

    with pytest.raises(Refused) as refused:
        open_for_server(engine, str(tmp_path / "instance"))

    assert "与 Hall 的数据结构不符" in str(refused.value)
    assert "missing meetings.rehearsal" in str(refused.value)
    assert "extra table guestbook" in str(refused.value)
    assert migrations.current(engine) is None
    assert not list(tmp_path.glob("hall.before-*"))  # not even a copy


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(Refused) as refused:
        open_for_server(engine, str(tmp_path / "instance"))

    assert "9999" in str(refused.value) and "does not know" in str(refused.value)
    assert migrations.current(engine) == "9999"


def test_no_upgrade_while_another_server_holds_the_database(tmp_path):
    engine = sqlite_engine(tmp_path / "hall.sqlite3")
    write_baseline_meeting(engine)
    assert server_lock.hold_for_server(engine)  # an older server, still running

    with pytest.raises(Refused) as refused:
        upgrade_alone(engine, str(tmp_path / "instance"))

    assert "无法升级" in str(refused.value)
    assert migrations.current(engine) == migrations.revisions()[0]


def test_the_revision_command_writes_what_the_models_add(tmp_path, monkeypatch):
    """The procedure hall/migrations/__init__.py gives, on a copy of the package without its
    newest revision: the file it writes takes the same number and closes the gap."""
    from hall.migrations.__main__ import write_revision

    package = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, package, ignore=shutil.ignore_patterns("__pycache__"))
    newest = migrations.head()
    for script in package.glob(f"versions/{newest}_*.py"):
        script.unlink()
    monkeypatch.setattr(migrations, "HERE", package)
    migrations.scripts.cache_clear()
    try:
        written = write_revision("again")
        engine = sqlite_engine(tmp_path / "scratch.sqlite3")
        migrations.upgrade(engine)
        assert differences(engine) == []
    finally:
        migrations.scripts.cache_clear()
    assert written.parent == package / "versions"
    assert written.name == f"{newest}_again.py"


def test_run_py_upgrades_a_database_made_before_migrations(tmp_path):
    """The real start: the banner says what happened, the copy sits beside the database, and
    the meeting is on the desk."""
    database = tmp_path / "hall.sqlite3"
    made_before_migrations(sqlite_engine(database))
    url = f"sqlite:///{database}"
    with live_server(url, tmp_path, env={"HALL_ADMIN_PASSWORD": "pw"}) as server:
        banner = server.output()
        desk = requests.Session()
        assert desk.post(f"{server.url}/api/v1/admin/login", json={"password": "pw"}).ok
        overview = desk.get(f"{server.url}/api/v1/admin/overview").json()
    assert f"database upgraded from 迁移前 / before migrations to {migrations.head()}" in banner
    kept = list(tmp_path.glob("hall.before-upgrade-*.sqlite3"))
    assert len(kept) == 1 and str(kept[0]) in banner
    assert overview["meeting"]["name"] == "龙港市第二届人民代表大会第三次会议"
    assert [ballot["state"] for ballot in overview["ballots"]] == ["published"]
