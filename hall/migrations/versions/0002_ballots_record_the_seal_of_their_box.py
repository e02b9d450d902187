"""Ballots record the seal of their box (`ballots.sealed_at`), so a backup can tell it is safe.

Ballots closed before this revision start unsealed (NULL): the sealer records them at the
server's next start, or a backup seals first when no server is running (hall.upkeep.backup).

Written 2026-12-07 by `python -m hall.migrations revision`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_at", sa.DateTime(), nullable=True))
