"""The desk's candidate projects (候选项目): import (preview, then confirm) and the list that
stands on the draft project vote.
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
from hall.imports.candidates import parse_candidates
from hall.projects.candidates import (
    candidate_rows,
    candidates_lock,
    candidates_preview,
    project_votes,
    replace_candidates,
)
from hall.reports.import_templates import candidates_template_csv, candidates_template_xlsx
from hall.store.models import Candidate
from hall.web.errors import json_body
from hall.web.request_limits import takes_upload


def _save(session, meeting, rows, actor, filename) -> dict:
    ballot = replace_candidates(session, meeting, rows, actor, filename)
    return {
        "candidates": len(rows),
        "ballot_id": ballot.id,
        "ballot_title": ballot.title,
        "places": ballot.places,
    }


def _page_context(session, meeting) -> dict:
    candidates = session.scalars(
        sa.select(Candidate).where(Candidate.meeting_id == meeting.id).order_by(Candidate.position)
    ).all()
    ballot = next((b for b in project_votes(session, meeting) if b.parent_id is None), None)
    return {"candidates": candidates, "ballot": ballot}


def _saved_message(saved: dict) -> str:
    return (
        f"已导入 {saved['candidates']} 个候选项目，「{saved['ballot_title']}」已按新清单更新"
        f"（应选 {saved['places']} 项，可在投票设置中修改）。"
    )


CANDIDATES = ImportKind(
    name="candidates",
    parse=parse_candidates,
    rows=candidate_rows,
    lock=candidates_lock,
    preview=candidates_preview,
    save=_save,
    page="admin.candidates_page",
    template="admin/candidates.html",
    context=_page_context,
    saved_message=_saved_message,
    cancelled_message="已取消导入，候选项目没有改动。",
)


@bp.post("/api/v1/admin/imports/candidates/preview")
@takes_upload
@admin_required
def api_candidates_preview():
    """Upload 候选项目 (.xlsx or .csv): what would be saved, and a token to confirm it."""
    return jsonify(preview_upload(CANDIDATES, request.files.get("file")))


@bp.post("/api/v1/admin/imports/candidates/confirm")
@admin_required
def api_candidates_confirm():
    """Save the previewed candidates: `{"token": "…"}`; the draft project vote lists them."""
    return jsonify(confirm_upload(CANDIDATES, json_body().get("token")))


@bp.get("/api/v1/admin/templates/candidates.<any(xlsx, csv):kind>")
@staff_required
def candidates_template(kind):
    """The candidate-projects file to fill in."""
    return template_download(kind, "候选项目", candidates_template_xlsx, candidates_template_csv)


@bp.get("/admin/candidates")
@staff_required
def candidates_page():
    """The candidate list and its import form."""
    return import_page(CANDIDATES)


@bp.post("/admin/candidates/preview")
@takes_upload
@admin_required
def candidates_preview_page():
    """The upload's preview (nothing saved yet), with the confirm button."""
    return preview_page(CANDIDATES)


@bp.post("/admin/candidates/confirm")
@admin_required
def candidates_confirm_page():
    """Save exactly what the preview showed."""
    return confirm_page(CANDIDATES)


@bp.post("/admin/candidates/cancel")
@admin_required
def candidates_cancel_page():
    """Forget the preview; the candidates stay as they were."""
    return cancel_page(CANDIDATES)
