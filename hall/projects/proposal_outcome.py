"""入选 or 未入选 for a proposal's candidate, composed from the published project vote."""

import sqlalchemy as sa

from hall.ballots.factory import PROJECT_VOTE
from hall.store.models import Ballot, BallotItem, Candidate
from hall.voting.results import compute_result


def outcome_of(session, candidate_id: int | None) -> dict | None:
    """The candidate and, once its project vote is published, 入选 or 未入选; else None."""
    if candidate_id is None:
        return None
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        return None
    ballot = session.scalar(
        sa.select(Ballot)
        .join(BallotItem, BallotItem.ballot_id == Ballot.id)
        .where(
            BallotItem.candidate_id == candidate_id,
            Ballot.kind == PROJECT_VOTE,
            Ballot.parent_id.is_(None),
        )
        .order_by(Ballot.id.desc())
        .limit(1)
    )
    shown = {"name": candidate.name, "published": False, "outcome": None}
    if ballot is None or ballot.state != "published":
        return shown
    result = compute_result(session, ballot)
    final = result.get("final")
    if final and not final.get("pending_id"):
        chosen = set(final["chosen_ids"])
    else:
        chosen = set(result["chosen_ids"])
    valid = result["vote_valid"] and not result["void"]
    shown["published"] = True
    shown["outcome"] = "入选" if valid and candidate_id in chosen else "未入选"
    return shown
