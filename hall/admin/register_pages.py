"""The desk's pages for the year's supervision: the register at a glance (projects, overdue and
behind lists, groups, reports to review, inspections and 整改, department accounts) and one
project's page with its timeline. Their forms post to the JSON API (static/js/admin/register.js)."""

import sqlalchemy as sa
from flask import render_template

from hall.accounts.departments import department_accounts
from hall.admin.auth import ADMIN, current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.meeting.roll import meeting_or_404
from hall.store.db import get_db
from hall.store.models import Deputy
from hall.supervision.groups import group_view, list_groups
from hall.supervision.oversight import contacts_of, inspections_of
from hall.supervision.progress import lagging, project_view, register_view, timeline
from hall.supervision.register import get_project
from hall.supervision.reports import list_reports, report_view
from hall.supervision.settings import public_progress_shown


def _page(template: str, **context):
    return render_template(
        template,
        can_act=current_role() == ADMIN,
        user=current_user_name(),
        role=current_role(),
        **context,
    )


@bp.get("/admin/register")
@staff_required
def register_page():
    """The register at a glance, and the forms that run the year."""
    db = get_db()
    meeting = meeting_or_404(db)
    register = register_view(db, meeting)
    deputies = db.execute(
        sa.select(Deputy.id, Deputy.name).where(Deputy.meeting_id == meeting.id).order_by(Deputy.id)
    ).all()
    return _page(
        "admin/register.html",
        meeting=meeting,
        register=register,
        names={project["id"]: project["name"] for project in register["projects"]},
        lagging=lagging(db, meeting),
        groups=[group_view(db, group) for group in list_groups(db, meeting)],
        reports=[report_view(db, report) for report in list_reports(db, meeting)],
        inspections=inspections_of(db, meeting),
        deputies=deputies,
        accounts=department_accounts(db) if current_role() == ADMIN else [],
        public_progress=public_progress_shown(db, meeting),
    )


@bp.get("/admin/register/projects/<int:project_id>")
@staff_required
def register_project_page(project_id):
    """One project: its 具体项目, the timeline on a month axis, contacts, inspections."""
    db = get_db()
    meeting = meeting_or_404(db)
    project = get_project(db, meeting, project_id)
    return _page(
        "admin/register_project.html",
        meeting=meeting,
        project=project_view(project),
        timeline=timeline(project),
        contacts=contacts_of(db, project),
        inspections=inspections_of(db, meeting, project_id=project.id),
    )
