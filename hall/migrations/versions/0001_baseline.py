"""Baseline: the schema as `create_all` made it before migrations (main at b540aef).

A database made then has every table of this revision and no alembic_version: run.py checks
its tables against this revision and stamps it (hall.upkeep.schema_upgrade). The ballot box
(`sheets`) is a WITHOUT ROWID table on SQLite, so that its natural order is its random key's.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "code_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("code_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_code_attempts_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_code_attempts_at"), ["at"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("sign_in_open", sa.Boolean(), nullable=False),
        sa.Column("sign_in_required", sa.Boolean(), nullable=False),
        sa.Column("quorum_fraction", sa.String(length=16), nullable=False),
        sa.Column("threshold_basis", sa.String(length=16), nullable=False),
        sa.Column("threshold_fraction", sa.String(length=16), nullable=False),
        sa.Column("validity_fraction", sa.String(length=16), nullable=False),
        sa.Column("screen_key", sa.String(length=64), nullable=False),
        sa.Column("screen_scene", sa.String(length=20), nullable=False),
        sa.Column("default_display", sa.String(length=10), nullable=False),
        sa.Column("one_phone_per_card", sa.Boolean(), nullable=False),
        sa.Column("rehearsal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("display", sa.String(length=10), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("require_sign_in", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("countdown_seconds", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.String(length=500), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("paper_two_person", sa.Boolean(), nullable=False),
        sa.Column("threshold_basis", sa.String(length=16), nullable=False),
        sa.Column("threshold_fraction", sa.String(length=16), nullable=False),
        sa.Column("validity_fraction", sa.String(length=16), nullable=False),
        sa.Column("grade_basis", sa.String(length=16), nullable=False),
        sa.Column("grade_fraction", sa.String(length=16), nullable=False),
        sa.Column("roll_expected", sa.Integer(), nullable=True),
        sa.Column("roll_present", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["ballots.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballots_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lead_department", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("budget", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidates_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegations_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "pending_imports",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("pending_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_imports_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("lead_department", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "ballot_items",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.PrimaryKeyConstraint("ballot_id", "position"),
    )
    op.create_table(
        "deputies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("seat", sa.String(length=30), nullable=False),
        sa.Column("on_leave", sa.Boolean(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("token_revoked", sa.Boolean(), nullable=False),
        sa.Column("short_code_hash", sa.String(length=64), nullable=True),
        sa.Column("device_hash", sa.String(length=64), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(), nullable=True),
        sa.Column("signed_in_by", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("short_code_hash"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("deputies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deputies_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "paper_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("marks", sa.Text(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_entries_ballot_id"), ["ballot_id"], unique=False)

    op.create_table(
        "sheets",
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("marks", sa.Text(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
        ),
        sa.PrimaryKeyConstraint("receipt_hash"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheets_ballot_id"), ["ballot_id"], unique=False)

    op.create_table(
        "subprojects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target", sa.Double(), nullable=True),
        sa.Column("achieved", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subprojects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subprojects_project_id"), ["project_id"], unique=False)

    op.create_table(
        "named_votes",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputies.id"],
        ),
        sa.ForeignKeyConstraint(
            ["receipt_hash"],
            ["sheets.receipt_hash"],
        ),
        sa.PrimaryKeyConstraint("ballot_id", "deputy_id"),
    )
    op.create_table(
        "participations",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputies.id"],
        ),
        sa.PrimaryKeyConstraint("ballot_id", "deputy_id"),
    )
