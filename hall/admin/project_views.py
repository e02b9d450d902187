"""The desk's completed projects (上年度项目, rated in the 满意度测评): import (preview, then
confirm) and the list the draft rating ballot rates.
"""

import sqlalchemy as sa
from flask import jsonify, request

from hall.admin.auth import admin_required, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import template_download
from hall.admin.import_flow import (
    ImportKind,
    add_import_routes,
    confirm_upload,
    preview_upload,
)
from hall.imports.completed_projects import parse_completed_projects
from hall.projects.completed import (
    completed_projects_lock,
    completed_projects_preview,
    project_rows,
    rating_ballots,
    save_completed_projects,
)
from hall.reports.import_templates import (
    completed_projects_template_csv,
    completed_projects_template_xlsx,
)
from hall.store.models import Project
from hall.web.request_limits import takes_upload


def _page_context(session, meeting) -> dict:
    projects = session.scalars(
        sa.select(Project).where(Project.meeting_id == meeting.id).order_by(Project.position)
    ).all()
    return {
        "projects": projects,
        "rating_ballot": next(iter(rating_ballots(session, meeting)), None),
    }


def _saved_message(saved: dict) -> str:
    return (
        f"已导入 {saved['projects']} 个项目、{saved['subprojects']} 个具体项目，"
        f"「{saved['ballot_title']}」已按新清单更新。"
    )


PROJECTS = ImportKind(
    name="projects",
    parse=parse_completed_projects,
    rows=project_rows,
    lock=completed_projects_lock,
    preview=completed_projects_preview,
    save=save_completed_projects,
    page="admin.projects_page",
    template="admin/projects.html",
    context=_page_context,
    saved_message=_saved_message,
    cancelled_message="已取消导入，已完成项目没有改动。",
)


@bp.post("/api/v1/admin/imports/completed-projects")
@takes_upload
@admin_required
def api_import_completed_projects():
    """Preview and confirm in one call, for scripts that check nothing in between."""
    preview = preview_upload(PROJECTS, request.files.get("file"))
    return jsonify(confirm_upload(PROJECTS, preview["token"]))


@bp.get("/api/v1/admin/templates/completed-projects.<any(xlsx, csv):kind>")
@staff_required
def completed_projects_template(kind):
    """The completed-projects file to fill in."""
    return template_download(
        kind, "已完成项目", completed_projects_template_xlsx, completed_projects_template_csv
    )


add_import_routes(bp, PROJECTS, "/api/v1/admin/imports/completed-projects", "/admin/projects")
