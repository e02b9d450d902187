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
    cancel_page,
    confirm_page,
    confirm_upload,
    import_page,
    preview_page,
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
from hall.web.errors import json_body
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


@bp.post("/api/v1/admin/imports/completed-projects/preview")
@takes_upload
@admin_required
def api_projects_preview():
    """Upload 已完成项目 (.xlsx or .csv): what would be saved, and a token to confirm it."""
    return jsonify(preview_upload(PROJECTS, request.files.get("file")))


@bp.post("/api/v1/admin/imports/completed-projects/confirm")
@admin_required
def api_projects_confirm():
    """Save the previewed projects: `{"token": "…"}`; the draft rating rates them all."""
    return jsonify(confirm_upload(PROJECTS, json_body().get("token")))


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


@bp.get("/admin/projects")
@staff_required
def projects_page():
    """Last year's completed projects: the list and its import form."""
    return import_page(PROJECTS)


@bp.post("/admin/projects/preview")
@takes_upload
@admin_required
def projects_preview_page():
    """The upload's preview (nothing saved yet), with the confirm button."""
    return preview_page(PROJECTS)


@bp.post("/admin/projects/confirm")
@admin_required
def projects_confirm_page():
    """Save exactly what the preview showed."""
    return confirm_page(PROJECTS)


@bp.post("/admin/projects/cancel")
@admin_required
def projects_cancel_page():
    """Forget the preview; the completed projects stay as they were."""
    return cancel_page(PROJECTS)
