"""Copies of the whole database: `python run.py --backup FILE`, and the copy kept before an
upgrade or a restore changes a database (hall.upkeep.schema_upgrade, hall.upkeep.restore).

SQLite: the online backup API (a consistent copy while the server runs), written to a single
file. PostgreSQL: pg_dump's custom format of the schema Hall uses. A copy is refused while a
secret ballot is open or before its box is sealed (hall.store.seal_record): taken then, it would
keep the order the sheets came in, which the seal exists to erase.
"""

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import orm

from hall import migrations
from hall.store import seal_record as box_record
from hall.store import server_lock
from hall.store.seal import rewrite, seal


class Refused(Exception):
    """A backup, restore or upgrade that must not run; the message says why (中文 and English)."""


OPEN_BALLOT = (
    "「{title}」正在无记名投票：此时的备份会留下选票的先后顺序，请在投票结束、票箱封存后再备份。\n"
    "A secret ballot is open ({title}): a copy now would keep the order of its sheets. "
    "Back up once it has closed and its box is sealed."
)
STILL_OPEN = (
    "「{title}」仍在无记名投票（服务器在投票中途停止了？）。{doing}会先备份当前数据库，而此时的备份"
    "会留下选票的先后顺序：请先启动服务器（升级前用原来的版本）结束该投票，再重试。\n"
    "A secret ballot is still open ({title}; did the server stop mid-vote?). {doing_en} copies "
    "the database first, and a copy now would keep the order of its sheets: start the server "
    "(the previous version, before an upgrade), close the ballot, then try again."
)
KEEPING = {"before-upgrade": ("升级", "An upgrade"), "before-restore": ("恢复", "A restore")}
NOT_SEALED = (
    "「{title}」的票箱尚未封存（服务器会在投票结束几秒后自动封存），请稍候再备份。\n"
    "The box of {title} is not sealed yet (the server seals it a few seconds after the close): "
    "try again shortly."
)
NOT_CURRENT = (
    "数据库版本 {revision} 不是本程序的版本 {head}：请先运行一次 python run.py 升级"
    "（升级前会自动备份）。\n"
    "The database is at revision {revision}, not this code's {head}: start python run.py "
    "once to upgrade it (it keeps a copy first)."
)
BUSY = (
    "另一个连接正在使用数据库，无法先封存票箱再备份：请停止使用它的程序后重试。\n"
    "Another connection is using the database, so the box cannot be sealed before the copy: "
    "stop whatever uses it and try again."
)
EXISTS = "备份文件已存在，不会覆盖：{path}\nThe file already exists and is not overwritten: {path}"
NO_TOOL = (
    "找不到 {tool}：请安装 PostgreSQL 客户端工具（如 apt install postgresql-client）。\n"
    "{tool} not found: install the PostgreSQL client tools (e.g. apt install postgresql-client)."
)
TOOL_FAILED = "{tool} 失败 / {tool} failed:\n{output}"


def backup(engine: sa.Engine, destination: Path) -> str:
    """`run.py --backup FILE`: answers what was written. With no server running, an unsealed
    box is sealed first; with one, the server's own sealer is waited for."""
    revision, head = migrations.current(engine), migrations.head()
    if revision != head:
        raise Refused(NOT_CURRENT.format(revision=revision or "（无 / none）", head=head))
    if destination.exists():
        raise Refused(EXISTS.format(path=destination))
    with orm.Session(engine) as session:
        _refuse_while_open(session)
        waiting = box_record.unsealed_ballots(session)
    if waiting:
        with server_lock.exclusive(engine) as alone:
            if not (alone and seal(engine)):
                raise Refused(NOT_SEALED.format(title=waiting[0][1]))
    _copy(engine, destination, check=_refuse_unless_sealed)
    return f"已备份到 / backed up to {destination}"


def keep_copy(engine: sa.Engine, instance_path: str, reason: str) -> Path:
    """A timestamped copy before `reason` ("before-upgrade", "before-restore") changes the
    database: beside a SQLite file, in the instance folder for PostgreSQL. The caller holds
    the database alone (hall.store.server_lock), so the box is sealed here whatever the revision."""
    with orm.Session(engine) as session:
        titles = box_record.open_secret_ballots(session)
    if titles:
        doing, doing_en = KEEPING[reason]
        raise Refused(STILL_OPEN.format(title=titles[0], doing=doing, doing_en=doing_en))
    if not rewrite(engine):
        raise Refused(BUSY)
    destination = _kept_path(engine, Path(instance_path), reason)
    _copy(engine, destination, check=_refuse_while_open)
    return destination


def file_kind(path: Path) -> str | None:
    """ "sqlite" or "postgresql" by the file's first bytes; None for anything else."""
    with open(path, "rb") as handle:
        start = handle.read(16)
    if start.startswith(b"SQLite format 3\0"):
        return "sqlite"
    if start.startswith(b"PGDMP"):
        return "postgresql"
    return None


def libpq(engine: sa.Engine) -> tuple[str, dict]:
    """The connection string and environment for PostgreSQL's own tools (the password goes in
    the environment, not on a command line anyone can list)."""
    url = engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return dsn, environment


def run_tool(tool: str, *args: str, environment: dict | None = None) -> str:
    """Run a PostgreSQL client tool; answers its standard output."""
    if shutil.which(tool) is None:
        raise Refused(NO_TOOL.format(tool=tool))
    done = subprocess.run([tool, *args], capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        raise Refused(TOOL_FAILED.format(tool=tool, output=(done.stderr or done.stdout)[-2000:]))
    return done.stdout


def _refuse_while_open(session) -> None:
    titles = box_record.open_secret_ballots(session)
    if titles:
        raise Refused(OPEN_BALLOT.format(title=titles[0]))


def _refuse_unless_sealed(session) -> None:
    _refuse_while_open(session)
    waiting = box_record.unsealed_ballots(session)
    if waiting:
        raise Refused(NOT_SEALED.format(title=waiting[0][1]))


def _copy(engine: sa.Engine, destination: Path, check) -> None:
    """Copy the database to `destination`, running `check(session)` on exactly what was
    copied; nothing is left at `destination` when it refuses or anything fails."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        if engine.dialect.name == "postgresql":
            _dump_postgresql(engine, partial, check)
        else:
            _copy_sqlite(engine, partial, check)
        partial.rename(destination)
    finally:
        partial.unlink(missing_ok=True)


def _copy_sqlite(engine: sa.Engine, partial: Path, check) -> None:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(target)
            # One self-contained file: no -wal beside it to lose when it is moved.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()
    copy = sa.create_engine(f"sqlite:///{partial}")
    try:
        with orm.Session(copy) as session:
            check(session)
    finally:
        copy.dispose()


def _dump_postgresql(engine: sa.Engine, partial: Path, check) -> None:
    """pg_dump reads the snapshot this transaction exported, so `check` sees exactly what is
    dumped; holding a share lock on the box keeps the sealer's CLUSTER (which is not MVCC-safe)
    from slipping in before pg_dump takes its own locks."""
    dsn, environment = libpq(engine)
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("LOCK TABLE sheets IN ACCESS SHARE MODE")
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
            with orm.Session(bind=connection) as session:
                check(session)
            run_tool(
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f'--schema="{schema}"',  # quoted: the name itself, not a pattern
                f"--file={partial}",
                dsn,
                environment=environment,
            )


def _kept_path(engine: sa.Engine, instance: Path, reason: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if engine.dialect.name == "postgresql":
        folder, stem, suffix = instance / "backups", f"postgresql-{engine.url.database}", ".dump"
    else:
        database = Path(engine.url.database)
        folder, stem, suffix = database.parent, database.stem, database.suffix or ".sqlite3"
    path = folder / f"{stem}.{reason}-{stamp}{suffix}"
    number = 1
    while path.exists():  # two in one second
        number += 1
        path = folder / f"{stem}.{reason}-{stamp}-{number}{suffix}"
    return path
