"""Meetings over the years: 届次, dates and place, an explicit current meeting (at most one),
and what the dashboard's setup list reads (settings saved, rehearsal done).

Written 2026-12-07 by `python -m hall.migrations revision`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_label", sa.String(length=50), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("place", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("is_current", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("settings_saved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("rehearsed_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "uq_meetings_current",
            ["is_current"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
    # Before, Hall served the newest meeting: it stays the one served.
    op.execute(
        sa.text(
            "UPDATE meetings SET is_current = :yes WHERE id = (SELECT max(id) FROM meetings)"
        ).bindparams(yes=True)
    )
