"""The deputies' channel of 问需于民: record a proposal collected at a liaison station, list
one's own with what became of each, and the provenance of the candidates on a ballot."""

import sqlalchemy as sa
from flask import jsonify, render_template

from hall.base.errors import not_found
from hall.deputy.blueprint import bp
from hall.deputy.identity import current_deputy
from hall.projects.ballot_provenance import provenance_lines
from hall.projects.proposal_outcome import outcome_of
from hall.proposals import guard, intake
from hall.proposals.rounds import describe, round_of
from hall.proposals.status import public_status
from hall.proposals.words import DEPUTY_CHANNELS
from hall.store.db import get_db, write_session
from hall.store.models import Ballot, Proposal
from hall.web.errors import json_body


@bp.get("/phone/proposals")
def proposals_page():
    """The deputy's proposals page: a shell filled in by static/js/deputy/proposals.js."""
    return render_template("deputy/proposals.html")


@bp.get("/api/v1/me/proposals")
def my_proposals():
    """The deputy's own proposals, newest first, each with what became of it."""
    deputy = current_deputy()
    session = get_db()
    rows = session.scalars(
        sa.select(Proposal).where(Proposal.deputy_id == deputy.id).order_by(Proposal.id.desc())
    ).all()
    shown = []
    for row in rows:
        status = public_status(session, row)
        status["candidate"] = outcome_of(session, status.pop("candidate_id"))
        status |= {"id": row.id, "station": row.station, "constituents": row.constituents}
        shown.append(status)
    meeting = deputy.meeting
    return jsonify(
        {
            "round": describe(round_of(session, meeting), meeting),
            "channels": DEPUTY_CHANNELS,
            "proposals": shown,
        }
    )


@bp.post("/api/v1/me/proposals")
def record_proposal():
    """Record a proposal collected at a station, attributed to this deputy."""
    deputy = current_deputy()
    body = json_body()
    if not guard.per_deputy.take(str(deputy.id)):
        raise guard.too_many()
    with write_session() as session:
        proposal = intake.submit_deputy(session, deputy, body)
        answer = {"id": proposal.id, "code": proposal.code}
    return jsonify(answer), 201


@bp.get("/api/v1/ballots/<int:ballot_id>/provenance")
def ballot_provenance(ballot_id):
    """Where each candidate on the ballot came from: {candidate id: "来源：…"}. The phone page
    reads the same lines from its ballot's items; this answers from the same kept computation."""
    deputy = current_deputy()
    session = get_db()
    ballot = session.get(Ballot, ballot_id)
    if ballot is None or ballot.meeting_id != deputy.meeting_id:
        raise not_found("投票")
    found = provenance_lines.lines(session, ballot)
    return jsonify({"provenance": {str(key): text for key, text in found.items()}})
