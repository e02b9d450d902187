"""From proposals to candidates at the desk: make a candidate from accepted proposals, match
proposals to an imported candidate, and every candidate's provenance (来源)."""

import sqlalchemy as sa
from flask import jsonify

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.meeting.roll import meeting_or_404
from hall.projects import proposal_sources
from hall.store.db import get_db, write_session
from hall.store.models import Candidate
from hall.web.errors import json_body


def _shown(session, candidate: Candidate) -> dict:
    found = proposal_sources.provenance(session, [candidate.id]).get(candidate.id)
    return {
        "id": candidate.id,
        "position": candidate.position,
        "name": candidate.name,
        "lead_department": candidate.lead_department,
        "budget": candidate.budget,
        "provenance": found,
    }


@bp.post("/api/v1/admin/candidates/from-proposals")
@admin_required
def candidate_from_proposals():
    """A candidate made from accepted proposals {proposal_ids, name, lead_department, budget,
    summary}; it joins the draft project vote."""
    body = json_body()
    with write_session() as session:
        meeting = meeting_or_404(session)
        candidate = proposal_sources.candidate_from_proposals(
            session, meeting, body, current_user_name()
        )
        shown = _shown(session, candidate)
    return jsonify(shown), 201


@bp.post("/api/v1/admin/candidates/<int:candidate_id>/proposals")
@admin_required
def match_candidate(candidate_id):
    """Link accepted proposals {proposal_ids} to an (imported) candidate."""
    body = json_body()
    with write_session() as session:
        meeting = meeting_or_404(session)
        candidate = proposal_sources.match(
            session, meeting, candidate_id, body, current_user_name()
        )
        shown = _shown(session, candidate)
    return jsonify(shown)


@bp.get("/api/v1/admin/candidates/provenance")
@staff_required
def candidates_provenance():
    """Every candidate of the meeting with its provenance (null when made without proposals)."""
    session = get_db()
    meeting = meeting_or_404(session)
    candidates = session.scalars(
        sa.select(Candidate).where(Candidate.meeting_id == meeting.id).order_by(Candidate.position)
    ).all()
    found = proposal_sources.provenance(session, [c.id for c in candidates])
    return jsonify(
        {
            "candidates": [
                {"id": c.id, "position": c.position, "name": c.name, "provenance": found.get(c.id)}
                for c in candidates
            ]
        }
    )
