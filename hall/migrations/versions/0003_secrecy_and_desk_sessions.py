"""Secrecy and desk sessions: participations without rowid, the released tallies, desk sessions,
code attempts per device and code.

Written 2026-12-07 by `python -m hall.migrations revision`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_sessions",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key_hash"),
    )
    with op.batch_alter_table("desk_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_sessions_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("released_returned", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("released_result", sa.Text(), nullable=True))

    # Wrong short codes are kept ten minutes: forgetting them lets the new column be NOT NULL.
    op.execute("DELETE FROM code_attempts")
    with op.batch_alter_table("code_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("code_hash", sa.String(length=64), nullable=False))
        batch_op.create_index(batch_op.f("ix_code_attempts_device"), ["device"], unique=False)

    # Who voted, stored in key order (ballot, deputy) rather than by a rowid in the order of
    # voting (hall/store/seal.py): rebuilt without a rowid on SQLite.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "participations", recreate="always", table_kwargs={"sqlite_with_rowid": False}
        ):
            pass
