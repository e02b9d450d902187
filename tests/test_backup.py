"""Backups and restores (`run.py --backup FILE`, `--restore FILE`): a restored backup holds
the ballots and their results; no copy is ever taken while a secret ballot is open or before
its box is sealed; a restore never runs under a server and ends at the newest revision."""

import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy import orm

from hall import migrations
from hall.store import server_lock
from hall.store.db import make_engine, session_factory
from hall.store.models import Ballot, Meeting
from hall.store.seal import BoxSealer, seal
from hall.upkeep.backup import Refused, backup
from hall.upkeep.restore import restore
from hall.voting import box as ballot_box
from hall.voting.receipts import new_receipt
from hall.voting.results import compute_result
from tests.baseline_meeting import YES, expected, stored, write_baseline_meeting
from tests.conftest import Factory, needs_postgresql_tools
from tests.live_server import ROOT, live_server


@pytest.fixture(autouse=True)
def _let_go_of_the_server_lock():
    yield
    server_lock.release_for_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request):
    """The app on SQLite, and again on PostgreSQL (its own schema)."""
    if request.param == "sqlite":
        return request.getfixturevalue("app")
    needs_postgresql_tools()
    return request.getfixturevalue("pg_app")


def engine_of(app) -> sa.Engine:
    return session_factory(app).kw["bind"]


def closed_vote(app, sheets: int = 4, secret: bool = True) -> int:
    """A project vote with `sheets` sheets cast from phones, closed (not yet sealed)."""
    factory = Factory(app)
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, secret=secret)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    with app.app_context():
        for number, (deputy, _) in enumerate(factory.deputies(meeting, sheets)):
            choice = {"approve": items[: 1 + number % 2]}
            ballot_box.cast(ballot_id=ballot, deputy_id=deputy, receipt=new_receipt(), sheet=choice)
    factory.set_state(ballot, "closed")
    return ballot


def result_of(app, ballot_id: int) -> dict:
    with session_factory(app)() as session:
        return compute_result(session, session.get(Ballot, ballot_id))


def sealed_at(app, ballot_id: int):
    with session_factory(app)() as session:
        return session.get(Ballot, ballot_id).sealed_at


def test_a_restored_backup_holds_the_ballots_and_their_results(any_app, tmp_path):
    ballot = closed_vote(any_app)
    assert seal(engine_of(any_app))
    before = result_of(any_app, ballot)
    assert before["returned"] == 4
    copy = tmp_path / "session.backup"

    assert "backed up to" in backup(engine_of(any_app), copy)
    with orm.Session(engine_of(any_app)) as session, session.begin():  # the day goes on
        session.get(Ballot, ballot).state = "void"
        session.add(Meeting(name="下一届", year=2027, screen_key="k"))
        # Someone else's table beside Hall's: a restore replaces Hall's tables only.
        session.execute(sa.text("CREATE TABLE guestbook (id INTEGER PRIMARY KEY)"))
    note = restore(engine_of(any_app), copy, any_app.instance_path)

    assert "restored from" in note
    replaced = Path(re.search(r"the database it replaced: (\S+)", note).group(1))
    assert replaced.is_file() and replaced != copy
    assert result_of(any_app, ballot) == before
    with session_factory(any_app)() as session:
        assert [b.state for b in session.scalars(sa.select(Ballot))] == ["closed"]
        assert session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1
    assert migrations.current(engine_of(any_app)) == migrations.head()
    if engine_of(any_app).dialect.name == "postgresql":  # a SQLite restore replaces the file
        assert "guestbook" in sa.inspect(engine_of(any_app)).get_table_names()


def test_no_backup_while_a_secret_ballot_is_open(app, tmp_path):
    ballot = closed_vote(app)
    Factory(app).set_state(ballot, "open")

    with pytest.raises(Refused) as refused:
        backup(engine_of(app), tmp_path / "copy.sqlite3")

    assert "正在无记名投票" in str(refused.value)
    assert list(tmp_path.glob("copy*")) == []


def test_no_backup_before_the_seal_while_the_server_runs(app, tmp_path):
    """The server's sealer comes a few seconds after the close; the backup waits for it."""
    ballot = closed_vote(app)
    assert server_lock.hold_for_server(engine_of(app))

    with pytest.raises(Refused) as refused:
        backup(engine_of(app), tmp_path / "copy.sqlite3")

    assert "尚未封存" in str(refused.value)
    assert list(tmp_path.glob("copy*")) == [] and sealed_at(app, ballot) is None


def test_with_no_server_running_the_backup_seals_the_box_first(app, tmp_path):
    ballot = closed_vote(app)
    assert sealed_at(app, ballot) is None

    backup(engine_of(app), tmp_path / "copy.sqlite3")

    assert sealed_at(app, ballot) is not None
    with closing(sqlite3.connect(tmp_path / "copy.sqlite3")) as single_file:  # no -wal to lose
        assert single_file.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy = make_engine(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with orm.Session(copy) as session:
        assert session.get(Ballot, ballot).sealed_at is not None
    copy.dispose()


def test_the_sealer_records_the_ballots_it_sealed(app):
    sealed_ballot = closed_vote(app)
    named_ballot = closed_vote(app, secret=False)
    factory = Factory(app)
    draft = factory.ballot(factory.meeting())
    now = [0.0]
    sealer = BoxSealer(clock=lambda: now[0])
    sealer.tick(app, ballot_open=False)
    now[0] += 60
    sealer.tick(app, ballot_open=False)

    assert sealer.seals == 1
    assert sealed_at(app, sealed_ballot) is not None
    assert sealed_at(app, named_ballot) is None  # kept who chose what on purpose: no seal
    assert sealed_at(app, draft) is None  # never opened, nothing to seal


def test_a_backup_never_overwrites_a_file(app, tmp_path):
    existing = tmp_path / "copy.sqlite3"
    existing.write_text("last year's")
    with pytest.raises(Refused, match="不会覆盖"):
        backup(engine_of(app), existing)
    assert existing.read_text() == "last year's"


def test_no_restore_while_a_server_runs_on_the_database(app, tmp_path):
    ballot = closed_vote(app)
    backup(engine_of(app), tmp_path / "copy.sqlite3")
    with orm.Session(engine_of(app)) as session, session.begin():
        session.get(Ballot, ballot).state = "published"
    assert server_lock.hold_for_server(engine_of(app))

    with pytest.raises(Refused, match="服务器正在使用该数据库"):
        restore(engine_of(app), tmp_path / "copy.sqlite3", app.instance_path)

    with session_factory(app)() as session:
        assert session.get(Ballot, ballot).state == "published"


def test_a_backup_of_an_older_revision_is_brought_to_the_newest_on_restore(app, tmp_path):
    older = tmp_path / "older.sqlite3"
    write_baseline_meeting(make_engine(f"sqlite:///{older}"))

    restore(engine_of(app), older, app.instance_path)

    assert migrations.current(engine_of(app)) == migrations.head()
    assert stored(engine_of(app)) == expected()
    result = result_of(app, 1)
    assert {row["candidate_id"]: row["yes"] for row in result["rows"]} == YES


def test_a_backup_from_a_newer_hall_is_refused_and_nothing_is_replaced(app, tmp_path):
    newer = tmp_path / "newer.sqlite3"
    engine = make_engine(f"sqlite:///{newer}")
    migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    ballot = closed_vote(app)

    with pytest.raises(Refused, match="9999"):
        restore(engine_of(app), newer, app.instance_path)

    assert result_of(app, ballot)["returned"] == 4
    assert not list(tmp_path.glob("*.restoring"))


def test_a_file_that_is_not_a_backup_is_refused(app, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("议程")
    with pytest.raises(Refused, match="不是 Hall 的SQLite 备份"):
        restore(engine_of(app), stray, app.instance_path)


def run_py(url: str, *args: str) -> subprocess.CompletedProcess:
    environment = {"HALL_DATABASE_URL": url, "HALL_SECRET_KEY": "k", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "run.py", *args], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_run_py_backs_up_while_serving_and_restores_only_once_stopped(tmp_path):
    database = tmp_path / "hall.sqlite3"
    url = f"sqlite:///{database}"
    copy = tmp_path / "copy.sqlite3"
    with live_server(url, tmp_path, env={"HALL_ADMIN_PASSWORD": "pw"}) as server:
        desk = requests.Session()
        login = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "pw"})
        desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
        taken = run_py(url, "--backup", str(copy))
        refused = run_py(url, "--restore", str(copy))
        assert requests.get(f"{server.url}/healthz").ok  # neither disturbed the server
    assert taken.returncode == 0 and copy.exists(), taken.stderr
    assert refused.returncode == 1 and "stop it (every process)" in refused.stderr

    restored = run_py(url, "--restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "restored from" in restored.stdout
