"""`python run.py --restore FILE`: put a backup (hall.upkeep.backup) back as the database,
then bring it to the code's schema.

Refused while a server runs on the database (hall.store.server_lock). The backup is checked and
upgraded before anything is replaced, and the database it replaces is kept first, as before
an upgrade. SQLite: the file is staged beside the database, upgraded there, then copied in
through the backup API. PostgreSQL: the dump's tables replace the schema's in one psql
transaction (pg_restore writes the script), then the migrations run.
"""

import re
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

from hall import migrations
from hall.store import server_lock
from hall.store.db import make_engine
from hall.store.models import Base  # with every table registered on its metadata
from hall.upkeep.backup import Refused, file_kind, keep_copy, libpq, run_tool
from hall.upkeep.schema_upgrade import NEWER, bring_to_head, hall_tables

SERVER_RUNNING = (
    "服务器正在使用该数据库，不能恢复：请先停止服务器（所有进程）。\n"
    "A server is running on this database: stop it (every process) before restoring."
)
NOT_A_BACKUP = "{path} 不是 Hall 的{kind}备份。\n{path} is not a Hall backup for {kind_en}."
DAMAGED = "{path} 已损坏（{detail}）。\n{path} is damaged ({detail})."
OTHER_SCHEMA = (
    "备份来自 PostgreSQL 模式 {found}，当前数据库使用模式 {schema}：请在相同的模式中恢复。\n"
    "The dump holds schema {found}, but the database uses schema {schema}: restore into the "
    "schema it was taken from."
)
KINDS = {"sqlite": ("SQLite ", "SQLite"), "postgresql": (" PostgreSQL ", "PostgreSQL")}


def restore(engine: sa.Engine, source: Path, instance_path: str) -> str:
    """Replace the database with the backup in `source`; answers what was done."""
    dialect = engine.dialect.name
    if not source.is_file() or file_kind(source) != dialect:
        kind, kind_en = KINDS.get(dialect, (dialect, dialect))
        raise Refused(NOT_A_BACKUP.format(path=source, kind=kind, kind_en=kind_en))
    with server_lock.exclusive(engine) as alone:
        if not alone:
            raise Refused(SERVER_RUNNING)
        kept = keep_copy(engine, instance_path, "before-restore") if hall_tables(engine) else None
        if dialect == "postgresql":
            _restore_postgresql(engine, source)
        else:
            _restore_sqlite(engine, source)
    note = f"已从 {source} 恢复，数据库为版本 {migrations.head()} / restored from {source}"
    return note + (f"\n替换前的数据库 / the database it replaced: {kept}" if kept else "")


def _restore_sqlite(engine: sa.Engine, source: Path) -> None:
    database = Path(engine.url.database)
    staged = database.with_name(database.name + ".restoring")
    try:
        try:
            # Through SQLite, read-only: a copy of a database in WAL mode may have its -wal.
            original = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
            with closing(original), closing(sqlite3.connect(staged)) as copy:
                original.backup(copy)
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            verdict = str(error)
        if verdict != "ok":
            raise Refused(DAMAGED.format(path=source, detail=verdict))
        staged_engine = make_engine(f"sqlite:///{staged}")
        try:
            bring_to_head(staged_engine)
        finally:
            staged_engine.dispose()
        raw = engine.raw_connection()
        try:
            with closing(sqlite3.connect(staged)) as restored:
                restored.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        for leftover in (staged, *(staged.with_name(staged.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    engine.dispose()  # pooled connections may cache the schema they saw before


def _restore_postgresql(engine: sa.Engine, source: Path) -> None:
    dsn, environment = libpq(engine)
    with engine.connect() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    contents = run_tool("pg_restore", "--list", str(source), environment=environment)
    entries = [line for line in contents.splitlines() if line and not line.startswith(";")]
    dumped = [re.match(r"\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+) ", line) for line in entries]
    found = {table.group(1) for table in dumped if table}
    if found != {schema}:
        raise Refused(OTHER_SCHEMA.format(found=", ".join(sorted(found)) or "-", schema=schema))
    revision = _dumped_revision(source, environment)
    if revision is None:
        raise Refused(NOT_A_BACKUP.format(path=source, kind=" PostgreSQL ", kind_en="PostgreSQL"))
    if revision not in migrations.revisions():
        raise Refused(NEWER.format(revision=revision))
    # Hall's tables only, should the schema hold anyone else's: the dump's, and today's.
    hall = {table.group(2) for table in dumped if table} | set(Base.metadata.tables)
    present = set(sa.inspect(engine).get_table_names()) & (hall | {"alembic_version"})
    tables = ", ".join(f'"{schema}"."{table}"' for table in sorted(present))
    with tempfile.TemporaryDirectory() as scratch:
        # The schema stays (it may be `public`, owned by the database): only its tables go.
        listing = Path(scratch) / "list"
        listing.write_text("\n".join(line for line in entries if " SCHEMA - " not in line))
        script = Path(scratch) / "restore.sql"
        run_tool(
            "pg_restore", "--no-owner", "--no-privileges", f"--use-list={listing}",
            f"--file={script}", str(source), environment=environment,
        )  # fmt: skip
        drop = ["--command", f"DROP TABLE IF EXISTS {tables} CASCADE"] if tables else []
        run_tool(
            "psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
            *drop, f"--file={script}", dsn, environment=environment,
        )  # fmt: skip
    engine.dispose()
    bring_to_head(engine)


def _dumped_revision(source: Path, environment: dict) -> str | None:
    """The alembic_version row in the dump, read without restoring anything."""
    data = run_tool(
        "pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source),
        environment=environment,
    )  # fmt: skip
    lines = data.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and number + 1 < len(lines):
            row = lines[number + 1]
            return None if row == "\\." else row.strip()
    return None
