"""The desk's candidate projects (候选项目): import (preview, then confirm) and the list that
stands on the draft project vote.
"""

import sqlalchemy as sa
from flask import flash, jsonify, redirect, render_template, request, url_for

from hall.admin import bp
from hall.admin.auth import ADMIN, admin_required, current_role, current_user_name, staff_required
from hall.admin.import_flow import (
    CSV,
    XLSX,
    ImportKind,
    cancel_upload,
    confirm_upload,
    download,
    meeting_or_404,
    preview_upload,
)
from hall.candidates_admin import (
    candidate_rows,
    candidates_lock,
    candidates_preview,
    project_votes,
    replace_candidates,
)
from hall.db import get_db
from hall.deputy.identity import json_body
from hall.errors import HallError
from hall.imports.candidates import parse_candidates
from hall.imports.templates import candidates_template_csv, candidates_template_xlsx
from hall.models import Candidate


def _save(session, meeting, rows, actor, filename) -> dict:
    ballot = replace_candidates(session, meeting, rows, actor, filename)
    return {
        "candidates": len(rows),
        "ballot_id": ballot.id,
        "ballot_title": ballot.title,
        "places": ballot.places,
    }


CANDIDATES = ImportKind(
    name="candidates",
    parse=lambda filename, data: candidate_rows(parse_candidates(filename, data)),
    lock=candidates_lock,
    preview=candidates_preview,
    save=_save,
)


@bp.post("/api/v1/admin/imports/candidates/preview")
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
    if kind == "xlsx":
        return download(candidates_template_xlsx(), XLSX, "候选项目导入模板.xlsx")
    return download(candidates_template_csv(), CSV, "候选项目导入模板.csv")


@bp.get("/admin/candidates")
@staff_required
def candidates_page():
    """The candidate list and its import form."""
    return _candidates_page()


@bp.post("/admin/candidates/preview")
@admin_required
def candidates_preview_page():
    try:
        preview = preview_upload(CANDIDATES, request.files.get("file"))
    except HallError as refused:
        return _candidates_page(error=refused)
    return _candidates_page(preview=preview)


@bp.post("/admin/candidates/confirm")
@admin_required
def candidates_confirm_page():
    try:
        saved = confirm_upload(CANDIDATES, request.form.get("token"))
    except HallError as refused:
        return _candidates_page(error=refused)
    flash(
        f"已导入 {saved['candidates']} 个候选项目，「{saved['ballot_title']}」已按新清单更新"
        f"（应选 {saved['places']} 项，可在投票设置中修改）。",
        "ok",
    )
    return redirect(url_for("admin.candidates_page"))


@bp.post("/admin/candidates/cancel")
@admin_required
def candidates_cancel_page():
    cancel_upload(CANDIDATES, request.form.get("token"))
    flash("已取消导入，候选项目没有改动。", "ok")
    return redirect(url_for("admin.candidates_page"))


def _candidates_page(preview=None, error=None):
    db = get_db()
    meeting = meeting_or_404(db)
    candidates = db.scalars(
        sa.select(Candidate).where(Candidate.meeting_id == meeting.id).order_by(Candidate.position)
    ).all()
    ballot = next((b for b in project_votes(db, meeting) if b.parent_id is None), None)
    page = render_template(
        "admin/candidates.html",
        meeting=meeting,
        candidates=candidates,
        ballot=ballot,
        locked=candidates_lock(db, meeting),
        preview=preview,
        error=error,
        can_act=current_role() == ADMIN,
        user=current_user_name(),
        role=current_role(),
    )
    return page, error.status if error else 200
