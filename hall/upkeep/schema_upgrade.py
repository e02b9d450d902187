"""Bringing a database to the code's schema when Hall starts (hall.migrations holds the
revisions): create it when empty, upgrade it after keeping a copy, adopt one made by
`create_all` before migrations existed, or refuse with the reason.
"""

import click
import sqlalchemy as sa
from flask import current_app

from hall import migrations
from hall.store import server_lock
from hall.store.db import make_engine, session_factory
from hall.upkeep.backup import Refused, keep_copy

NEWER = (
    "数据库版本 {revision} 是本程序不认识的版本（由更新的 Hall 写入？），不能使用："
    "请使用更新的 Hall，或恢复旧的备份。\n"
    "The database is at revision {revision}, which this version of Hall does not know "
    "(written by a newer one?): run the newer Hall, or restore an older backup."
)
UNKNOWN = (
    "数据库中已有数据表，但与 Hall 的数据结构不符（{differences}）：请检查数据库地址 "
    "HALL_DATABASE_URL。\n"
    "The database holds tables that do not match Hall's schema ({differences}): check "
    "HALL_DATABASE_URL."
)
BUSY = (
    "另一个 Hall 服务器（或正在进行的恢复）占用着该数据库，无法升级：请先停止所有服务器进程。\n"
    "Another Hall server (or a restore) holds this database, so it cannot be upgraded: stop "
    "every server process first."
)
RESTORING = (
    "正在恢复备份，服务器暂不能启动：请在恢复结束后再启动。\n"
    "A restore is running on this database: start the server once it has finished."
)
UPGRADE_WAIT_SECONDS = 15  # several processes starting at once: the first upgrades


def open_for_server(engine: sa.Engine, instance_path: str) -> str | None:
    """Run by run.py before serving: the schema brought to the code's, then the server's lock
    held for the life of the process. Answers what was done, for the banner; raises Refused
    with the reason."""
    note = None
    if migrations.current(engine) != migrations.head():
        note = upgrade_alone(engine, instance_path, wait=UPGRADE_WAIT_SECONDS)
    if not server_lock.hold_for_server(engine):
        raise Refused(RESTORING)
    return note


def upgrade_alone(engine: sa.Engine, instance_path: str, wait: float = 0) -> str | None:
    """bring_to_head with no server on the database (hall.store.server_lock) and a copy kept in
    `instance_path` or beside the SQLite file first (hall.upkeep.backup.keep_copy)."""
    with server_lock.exclusive(engine, wait=wait) as alone:
        if not alone:
            raise Refused(BUSY)
        return bring_to_head(engine, lambda reason: keep_copy(engine, instance_path, reason))


def bring_to_head(engine: sa.Engine, keep=None) -> str | None:
    """Upgrade to the newest revision; `keep(reason)` copies an existing database first and
    answers where. Answers what was done, or None when the schema was already current."""
    head = migrations.head()
    revision = migrations.current(engine)
    if revision == head:
        return None
    tables = hall_tables(engine)
    if revision is None and not tables:
        migrations.upgrade(engine)
        return f"数据库已创建（版本 {head}）/ database created at revision {head}"
    if revision is None:
        baseline = migrations.revisions()[0]
        differences = differences_from(tables, schema_at(baseline))
        if differences:
            raise Refused(UNKNOWN.format(differences="; ".join(differences[:5])))
    elif revision not in migrations.revisions():
        raise Refused(NEWER.format(revision=revision))
    kept = keep("before-upgrade") if keep else None
    if revision is None:
        migrations.stamp(engine, baseline)
    migrations.upgrade(engine)
    before = revision or "迁移前 / before migrations"
    note = f"数据库已从版本 {before} 升级到 {head} / database upgraded from {before} to {head}"
    return note + (f"\n  升级前的备份 / copy from before: {kept}" if kept else "")


def hall_tables(engine: sa.Engine) -> dict[str, set[str]]:
    """Each table's column names (Alembic's own table aside)."""
    inspector = sa.inspect(engine)
    return {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def schema_at(revision: str) -> dict[str, set[str]]:
    """The tables and columns a database has at `revision`, from a scratch in-memory one."""
    scratch = make_engine("sqlite://")
    try:
        migrations.upgrade(scratch, revision)
        return hall_tables(scratch)
    finally:
        scratch.dispose()


def differences_from(found: dict[str, set[str]], expected: dict[str, set[str]]) -> list[str]:
    """What keeps `found` from being `expected`, by table and column names."""
    differences = [f"缺少表 missing table {name}" for name in sorted(expected.keys() - found)]
    differences += [f"多出表 extra table {name}" for name in sorted(found.keys() - expected)]
    for name in sorted(expected.keys() & found.keys()):
        differences += [f"缺少列 missing {name}.{c}" for c in sorted(expected[name] - found[name])]
        differences += [f"多出列 extra {name}.{c}" for c in sorted(found[name] - expected[name])]
    return differences


@click.command("init-db")
def init_db_command():
    """Create the schema, or upgrade it after keeping a copy (as run.py does at start)."""
    try:
        note = upgrade_alone(session_factory().kw["bind"], current_app.instance_path)
    except Refused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(note or "数据库已是最新版本 / the database is up to date")
