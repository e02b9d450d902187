"""The schema's history: Alembic revisions that create and upgrade Hall's tables, run from code.

Nothing calls `create_all`: an empty database gets every revision in turn, an older one the
revisions it lacks (`python run.py` backs it up first: hall.upkeep.schema_upgrade). There are no
downgrades; to go back, restore the backup taken before the upgrade.

Adding a revision, after changing a model in hall/store/models/:

    python -m hall.migrations revision "participations without rowid"

writes hall/migrations/versions/NNNN_participations_without_rowid.py, the difference
(autogenerate) between the models and a scratch SQLite database at the newest revision.
Read it before committing; autogenerate does not see:

- SQLite table options. A new WITHOUT ROWID table is written with `sqlite_with_rowid=False`
  (autogenerate does that much); turning an existing table into one (or any batch operation
  that rebuilds one) needs the option given again, else the rebuilt table has a rowid:

      if op.get_bind().dialect.name == "sqlite":
          with op.batch_alter_table("participations", recreate="always",
                                    table_kwargs={"sqlite_with_rowid": False}):
              pass

- renames (it drops and adds: write `alter_column(new_column_name=...)` instead), and data to
  move or fill (a new NOT NULL column needs a `server_default` or an UPDATE before it).

Then `python -m pytest -q tests/test_migrations.py`: models and revisions must agree on SQLite
and on PostgreSQL, and a meeting written at the first revision (tests/baseline_meeting.py) must
come through every revision whole. Two branches that each add a revision on the same parent
leave two heads (everything here then fails loudly): renumber one and set its `down_revision`
to the other before merging.
"""

import functools
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from hall.store.db import session_factory

HERE = Path(__file__).resolve().parent


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini: the scripts are this package."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


@functools.cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    return scripts().get_current_head()


def revisions() -> list[str]:
    """Every revision, oldest first."""
    return [script.revision for script in reversed(list(scripts().walk_revisions()))]


def current(engine: sa.Engine) -> str | None:
    """The revision the database is at; None when it has no alembic_version (empty, or made
    before migrations)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    with _migrating(engine) as connection:
        command.upgrade(alembic_config(connection), target)


def stamp(engine: sa.Engine, revision: str) -> None:
    """Record that the database is at `revision` without running anything."""
    with _migrating(engine) as connection:
        command.stamp(alembic_config(connection), revision)


@contextmanager
def _migrating(engine: sa.Engine):
    """One connection, one transaction for the whole run (DDL is transactional on both).

    On SQLite, foreign keys are off meanwhile: a batch operation rebuilds a table by copying it
    and dropping the old one, which with them on would delete or refuse the rows pointing at
    it. The PRAGMA only works outside a transaction, hence before BEGIN; the check at the end
    refuses to commit a run that left a dangling reference.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if dangling:
                        raise RuntimeError(f"migration left dangling references: {dangling[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def create_schema(app=None):
    """Bring the database to the newest revision by running the migrations:
    every one on an empty database. For tests and tools on a database of their own; run.py
    goes through hall.upkeep.schema_upgrade, which keeps a copy before changing an existing one."""
    upgrade(session_factory(app).kw["bind"])
