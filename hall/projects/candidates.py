"""The candidate projects (候选项目) at the desk: replace them from an import and keep the draft
project vote's items in step; refused once the project vote has left draft.
"""

from decimal import Decimal

import sqlalchemy as sa

from hall.ballots.factory import new_ballot
from hall.ballots.life import ballots_of_kind, kind_lock
from hall.base.errors import HallError
from hall.imports.candidates import CandidateRow
from hall.rules.kinds import PROJECT_VOTE
from hall.store import audit
from hall.store.models import Ballot, BallotItem, Candidate, Meeting

DEFAULT_PLACES = 10


def candidate_rows(rows: list[CandidateRow]) -> list[dict]:
    """Parsed rows as kept for the confirm step (JSON-ready; the budget as a decimal string)."""
    return [
        {
            "position": row.position,
            "name": row.name,
            "lead_department": row.lead_department,
            "summary": row.summary,
            "budget": None if row.budget is None else str(row.budget),
        }
        for row in rows
    ]


def project_votes(session, meeting: Meeting) -> list[Ballot]:
    return ballots_of_kind(session, meeting, PROJECT_VOTE)


def candidates_lock(session, meeting: Meeting) -> str | None:
    """Why the candidates can no longer be replaced (the project vote has left draft), or None."""
    return kind_lock(session, meeting, PROJECT_VOTE, "候选项目")


def check_candidates_unlocked(session, meeting: Meeting) -> None:
    reason = candidates_lock(session, meeting)
    if reason:
        raise HallError("import_locked", reason, 409)


def candidates_preview(session, meeting: Meeting, rows: list[dict]) -> dict:
    budgets = [Decimal(row["budget"]) for row in rows if row["budget"] is not None]
    ballot = next((b for b in project_votes(session, meeting) if b.parent_id is None), None)
    existing = session.scalar(sa.select(sa.func.count()).where(Candidate.meeting_id == meeting.id))
    return {
        "candidates": len(rows),
        "budget_total": _plain(sum(budgets, Decimal(0))) if budgets else None,
        "rows": rows,
        "ballot": None if ballot is None else {"id": ballot.id, "title": ballot.title},
        "places": ballot.places if ballot else DEFAULT_PLACES,
        "replaces": {"candidates": existing},
    }


def replace_candidates(session, meeting: Meeting, rows: list[dict], actor: str, filename=""):
    """Replace the meeting's candidates with `rows`; the draft project vote lists them all.

    The project vote is created (10 places) when the meeting has none. Answers that ballot.
    """
    check_candidates_unlocked(session, meeting)
    ballots = project_votes(session, meeting)
    before = _candidate_names(session, meeting)
    if ballots:
        ids = [ballot.id for ballot in ballots]
        session.execute(sa.delete(BallotItem).where(BallotItem.ballot_id.in_(ids)))
    session.execute(sa.delete(Candidate).where(Candidate.meeting_id == meeting.id))
    session.expire_all()
    candidates = [_candidate(meeting, row) for row in rows]
    session.add_all(candidates)
    session.flush()
    # Every top-level draft project vote lists the whole list (re-votes cannot exist yet).
    main = [ballot for ballot in ballots if ballot.parent_id is None]
    ballot = main[0] if main else _new_project_vote(session, meeting)
    for listing in main or [ballot]:
        session.add_all(
            BallotItem(ballot_id=listing.id, position=c.position, candidate_id=c.id)
            for c in candidates
        )
    audit.record(
        session,
        actor,
        "candidates_replace",
        file=filename,
        ballot=ballot.id,
        before=before,
        after=[candidate.name for candidate in candidates],
    )
    return ballot


def _candidate_names(session, meeting: Meeting) -> list[str]:
    return list(
        session.scalars(
            sa.select(Candidate.name)
            .where(Candidate.meeting_id == meeting.id)
            .order_by(Candidate.position)
        )
    )


def _candidate(meeting: Meeting, row: dict) -> Candidate:
    return Candidate(
        meeting_id=meeting.id,
        position=row["position"],
        name=row["name"],
        lead_department=row["lead_department"],
        summary=row["summary"],
        budget=None if row["budget"] is None else float(Decimal(row["budget"])),
    )


def _new_project_vote(session, meeting: Meeting) -> Ballot:
    return new_ballot(session, meeting, PROJECT_VOTE, places=DEFAULT_PLACES)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
