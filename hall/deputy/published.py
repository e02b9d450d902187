"""A published result on the deputy's own phone: the projects 入选, or a rating's grades."""

from flask import jsonify

from hall.base.errors import HallError, not_found
from hall.deputy.blueprint import bp
from hall.deputy.identity import current_deputy
from hall.rules.kinds import RATING, kind_of
from hall.store.db import get_db
from hall.store.models import Ballot
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


def phone_summary(result: dict) -> dict:
    if kind_of(result).report == RATING:
        rows = [
            {"name": row["name"], "grade": row["grade"] if result["valid"] else None}
            for row in result["rows"]
        ]
        return {"kind": result["kind"], "rows": rows}
    final = result.get("final")
    if final and not final.get("pending_id"):
        chosen = [entry["name"] for entry in final["chosen"]]
        rounds = len(final["rounds"])
    else:
        names = {row["candidate_id"]: row["name"] for row in result["rows"]}
        chosen = [names[candidate_id] for candidate_id in result["chosen_ids"]]
        rounds = 1
    valid = result["vote_valid"] and not result["void"]
    return {
        "kind": result["kind"],
        "valid": valid,
        "chosen": chosen if valid else [],
        "rounds": rounds,
    }
