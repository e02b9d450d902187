"""A published result on the deputy's own phone (hall/voting/phone_summary.py); the phone state
carries the same with the published ballot, so the page itself does not ask."""

from flask import jsonify

from hall.base.errors import HallError, not_found
from hall.deputy.blueprint import bp
from hall.deputy.identity import current_deputy
from hall.store.db import get_db
from hall.store.models import Ballot
from hall.voting.phone_summary import phone_summary
from hall.voting.results import compute_result


@bp.get("/api/v1/ballots/<int:ballot_id>/result")
def published_result(ballot_id):
    """Only once published: before that the chair announces it first (never a tally)."""
    deputy = current_deputy()
    session = get_db()
    ballot = session.get(Ballot, ballot_id)
    if ballot is None or ballot.meeting_id != deputy.meeting_id:
        raise not_found("投票")
    if ballot.state != "published":
        raise HallError("not_published", "结果尚未公布", 409)
    return jsonify(phone_summary(compute_result(session, ballot)))
