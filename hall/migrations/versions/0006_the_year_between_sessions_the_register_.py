"""The year between sessions: the register, supervision groups, reports, inspections

Written 2026-12-07 by `python -m hall.migrations revision`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department_accounts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("submitted_by", sa.String(length=50), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=50), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_reports_department"), ["department"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_progress_reports_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "supervision_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("leader", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("supervision_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_groups_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "supervision_settings",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("public_progress", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("meeting_id"),
    )
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["supervision_groups.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "register_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lead_department", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["supervision_groups.id"],
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("candidate_id"),
    )
    with op.batch_alter_table("register_projects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_projects_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_register_projects_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "inspection_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputies.id"],
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspection_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_findings_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "inspection_projects",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["register_projects.id"],
        ),
        sa.PrimaryKeyConstraint("inspection_id", "project_id"),
    )
    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("by_whom", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["register_projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rectifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rectifications_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "register_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("lead_department", sa.String(length=100), nullable=False),
        sa.Column("responsible", sa.String(length=50), nullable=False),
        sa.Column("weight", sa.Double(), nullable=True),
        sa.Column("achieved", sa.Double(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["register_projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("register_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_register_items_lead_department"), ["lead_department"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_register_items_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "supervision_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=50), nullable=False),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("met", sa.String(length=100), nullable=False),
        sa.Column("found", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputies.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["register_projects.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("supervision_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_contacts_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "supervision_group_members",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputies.id"],
        ),
        sa.ForeignKeyConstraint(["group_id"], ["supervision_groups.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "deputy_id"),
    )
    with op.batch_alter_table("supervision_group_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_group_members_deputy_id"), ["deputy_id"], unique=False
        )

    op.create_table(
        "progress_report_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("achieved", sa.Double(), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["register_items.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["progress_reports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("progress_report_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_report_lines_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_progress_report_lines_report_id"), ["report_id"], unique=False
        )
