"""The roll with leave (a ballot's frozen 请假, when sign-in first opened), the tokens of
replaced cards, paper entry ids never reused.

Written 2026-12-07 by `python -m hall.migrations revision`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retired_cards",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("retired_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retired_cards_meeting_id"), ["meeting_id"], unique=False
        )

    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roll_on_leave", sa.Integer(), nullable=True))

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sign_in_opened_at", sa.DateTime(), nullable=True))
    # A meeting whose deputies already signed in had sign-in open: its screen must not say
    # 签到尚未开始. The first sign-in stands in for the moment it opened.
    op.execute(
        "UPDATE meetings SET sign_in_opened_at = (SELECT min(signed_in_at) FROM deputies"
        " WHERE deputies.meeting_id = meetings.id)"
    )

    # Paper entry ids are never reused (a late confirm must not find another sheet): SQLite
    # needs AUTOINCREMENT, which only a rebuild gives.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "paper_entries", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
