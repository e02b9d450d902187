"""项目进度榜: the year's projects and their progress for the public, read-only, switched off by
the desk's setting (hall.supervision.settings). No names of people, only departments."""

from flask import Blueprint, jsonify, render_template

from hall.base.errors import HallError
from hall.meeting.roll import meeting_or_404
from hall.store.db import get_db
from hall.store.models import Meeting
from hall.supervision.progress import project_view, register_view
from hall.supervision.register import project_of_candidate
from hall.supervision.settings import public_progress_shown

bp = Blueprint("public_progress", __name__)
PUBLIC_PROJECT = ("id", "name", "lead_department", "percent", "state", "behind")
PUBLIC_ITEM = (
    "name",
    "target",
    "achieved",
    "unit",
    "deadline",
    "lead_department",
    "percent",
    "state",
    "behind",
    "completed_on",
)


def public_register() -> dict:
    db = get_db()
    meeting = meeting_or_404(db)
    if not public_progress_shown(db, meeting):
        raise HallError("not_found", "项目进度榜未开放", 404)
    register = register_view(db, meeting)
    return {
        "year": register["year"],
        "totals": register["totals"],
        "projects": [
            {
                **{
                    key: project[key]
                    for key in ("id", "name", "lead_department", "percent", "state", "behind")
                },
                "items": [{key: item[key] for key in PUBLIC_ITEM} for item in project["items"]],
            }
            for project in register["projects"]
        ],
    }


def progress_of_candidate(candidate_id: int) -> dict | None:
    """The progress of the project a candidate became, for the proposer's status page to link
    to /progress#project-<id>: None when it was not chosen, or its meeting's page is off."""
    db = get_db()
    project = project_of_candidate(db, candidate_id)
    if project is None or not public_progress_shown(db, db.get(Meeting, project.meeting_id)):
        return None
    view = project_view(project)
    return {
        **{key: view[key] for key in PUBLIC_PROJECT},
        "items": [{key: item[key] for key in PUBLIC_ITEM} for item in view["items"]],
    }


@bp.get("/api/v1/public/progress")
def progress_api():
    """The 项目进度榜 as JSON."""
    return jsonify(public_register())


@bp.get("/progress")
def progress_page():
    """The 项目进度榜 page."""
    try:
        register = public_register()
    except HallError as refused:
        return render_template("public/progress.html", register=None, message=refused.message), 404
    return render_template("public/progress.html", register=register, message=None)
