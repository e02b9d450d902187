"""`python -m hall.migrations revision "message"`: write the next revision from the models.

The models are compared (autogenerate) with a scratch SQLite database brought to the newest
revision; the new file is numbered after the newest one and formatted with ruff.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from hall import migrations
from hall.store.db import make_engine


def next_revision_id() -> str:
    newest = migrations.head()
    return "0001" if newest is None else f"{int(newest) + 1:04d}"


def write_revision(message: str) -> Path:
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.sqlite3'}")
        migrations.upgrade(engine)
        with engine.connect() as connection:
            script = command.revision(
                migrations.alembic_config(connection),
                message=message,
                autogenerate=True,
                rev_id=next_revision_id(),
            )
        engine.dispose()
    path = Path(script.path)
    for ruff in (["format"], ["check", "--fix", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *ruff, str(path)], check=False)
    return path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m hall.migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    revision = commands.add_parser("revision", help="autogenerate the next revision")
    revision.add_argument("message", help="what the revision changes, e.g. 'meeting dates'")
    args = parser.parse_args(argv)
    path = write_revision(args.message)
    print(f"wrote {path}: read it (see hall/migrations/__init__.py), then run the tests")


if __name__ == "__main__":
    main()
