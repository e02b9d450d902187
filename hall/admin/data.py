"""The desk's data in and out: completed-project imports, templates, result exports, scene."""

import sqlalchemy as sa
from flask import jsonify, redirect, render_template, request, session, url_for

from hall.admin import bp
from hall.admin.auth import ADMIN, admin_required, current_role, current_user_name, staff_required
from hall.admin.files import CSV, XLSX, download, template_download
from hall.admin.import_flow import parse_upload
from hall.ballots import get_ballot
from hall.db import get_db, write_session
from hall.errors import HallError
from hall.exports import result_table, to_csv, to_xlsx
from hall.imports.completed_projects import parse_completed_projects
from hall.imports.templates import completed_projects_template_csv, completed_projects_template_xlsx
from hall.live import live
from hall.models import Ballot, Project
from hall.projects import replace_completed_projects
from hall.results import compute_result
from hall.roll import meeting_or_404


def import_completed_projects(upload) -> dict:
    """Parse and save an uploaded file all-or-nothing; HallError lists every problem."""
    rows = parse_upload(parse_completed_projects, upload)
    with write_session() as db:
        meeting = meeting_or_404(db)
        ballot = replace_completed_projects(db, meeting, rows, current_user_name())
        live.mark_dirty(meeting.id)
        subprojects = sum(len(row.subprojects) for row in rows)
        return {"projects": len(rows), "subprojects": subprojects, "ballot_id": ballot.id}


@bp.post("/api/v1/admin/imports/completed-projects")
@admin_required
def api_import_completed_projects():
    """Upload a workbook (.xlsx) or CSV of completed projects and sub-projects."""
    return jsonify(import_completed_projects(request.files.get("file")))


@bp.route("/admin/projects", methods=["GET", "POST"])
@staff_required
def projects_page():
    """Last year's completed projects: the list, and the import form (all-or-nothing)."""
    error, status = None, 200
    if request.method == "POST":
        if current_role() != ADMIN:
            raise HallError("forbidden", "监票人账号只能查看，不能操作", 403)
        try:
            session["imported"] = import_completed_projects(request.files.get("file"))
            return redirect(url_for("admin.projects_page"))  # a reload must not import again
        except HallError as refused:
            error, status = refused, refused.status
    db = get_db()
    meeting = meeting_or_404(db)
    projects = db.scalars(
        sa.select(Project).where(Project.meeting_id == meeting.id).order_by(Project.position)
    ).all()
    rating = db.scalar(
        sa.select(Ballot).where(Ballot.meeting_id == meeting.id, Ballot.kind == "rating")
    )
    summary = session.pop("imported", None)
    page = render_template(
        "admin/projects.html",
        meeting=meeting,
        projects=projects,
        rating_ballot=rating,
        summary=summary,
        error=error,
        user=current_user_name(),
    )
    return page, status


@bp.get("/api/v1/admin/templates/completed-projects.<any(xlsx, csv):kind>")
@staff_required
def completed_projects_template(kind):
    """The template file to fill in."""
    return template_download(
        kind, "已完成项目", completed_projects_template_xlsx, completed_projects_template_csv
    )


@bp.get("/api/v1/admin/ballots/<int:ballot_id>/export.<any(xlsx, csv):kind>")
@staff_required
def export_result(ballot_id, kind):
    """The ballot's result as CSV or XLSX, the same figures as the screen."""
    db = get_db()
    ballot = get_ballot(db, ballot_id)
    table = result_table(f"{ballot.meeting.name} · {ballot.title}", compute_result(db, ballot))
    if kind == "xlsx":
        return download(to_xlsx(table), XLSX, f"{ballot.title}结果.xlsx")
    return download(to_csv(table), CSV, f"{ballot.title}结果.csv")
