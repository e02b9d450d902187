"""The desk's candidate projects (候选项目): import (preview, then confirm) and the list that
stands on the draft project vote.
"""

import sqlalchemy as sa

from hall.admin.auth import staff_required
from hall.admin.blueprint import bp
from hall.admin.files import template_download
from hall.admin.import_flow import (
    ImportKind,
    add_import_routes,
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


@bp.get("/api/v1/admin/templates/candidates.<any(xlsx, csv):kind>")
@staff_required
def candidates_template(kind):
    """The candidate-projects file to fill in."""
    return template_download(kind, "候选项目", candidates_template_xlsx, candidates_template_csv)


add_import_routes(bp, CANDIDATES, "/api/v1/admin/imports/candidates", "/admin/candidates")
