"""The year's register: when a project vote is published its 入选 candidates become register
projects (hall.ballots.life.on_publish), nobody retyping them."""

import sqlalchemy as sa

from hall.ballots.life import on_publish
from hall.base.errors import not_found
from hall.rules.kinds import PROJECT_VOTE, kind_of
from hall.store import audit
from hall.store.models import Ballot, Candidate, Meeting, RegisterProject
from hall.voting.results import compute_result


def chosen_candidates(session, meeting: Meeting) -> list[Candidate]:
    """The 入选 candidates of the meeting's published project votes (re-votes included), in
    the order of the candidate list."""
    votes = session.scalars(
        sa.select(Ballot)
        .where(
            Ballot.meeting_id == meeting.id,
            Ballot.kind == PROJECT_VOTE,
            Ballot.parent_id.is_(None),
            Ballot.state == "published",
        )
        .order_by(Ballot.id)
    ).all()
    chosen_ids = []
    for ballot in votes:
        result = compute_result(session, ballot)
        standing = result.get("final", result)  # the rounds combined, when there were re-votes
        chosen_ids += [cid for cid in standing["chosen_ids"] if cid not in chosen_ids]
    if not chosen_ids:
        return []
    return list(
        session.scalars(
            sa.select(Candidate).where(Candidate.id.in_(chosen_ids)).order_by(Candidate.position)
        )
    )


def sync_register(session, meeting: Meeting, starts_on) -> int:
    """Add every 入选 candidate not yet in the register; answers how many were added."""
    session.flush()
    held = set(
        session.scalars(
            sa.select(RegisterProject.candidate_id).where(RegisterProject.meeting_id == meeting.id)
        )
    )
    last = session.scalar(
        sa.select(sa.func.max(RegisterProject.position)).where(
            RegisterProject.meeting_id == meeting.id
        )
    )
    added = [
        candidate for candidate in chosen_candidates(session, meeting) if candidate.id not in held
    ]
    for offset, candidate in enumerate(added, start=1):
        session.add(
            RegisterProject(
                meeting_id=meeting.id,
                candidate_id=candidate.id,
                position=(last or 0) + offset,
                name=candidate.name,
                lead_department=candidate.lead_department,
                starts_on=starts_on,
            )
        )
    return len(added)


def _on_publish(session, ballot: Ballot) -> None:
    # A ballot with places to fill chooses projects (a rating has none); a rehearsal's result
    # is wiped, never the year's register.
    if not kind_of(ballot).has_places or ballot.meeting.rehearsal:
        return
    added = sync_register(session, ballot.meeting, ballot.published_at.date())
    if added:
        audit.record(session, "系统", "register_add", ballot=ballot.id, projects=added)


def listen_for_publication() -> None:
    """Make every publication of a project vote fill the register (the app factory calls it)."""
    on_publish(_on_publish)


def register_projects(session, meeting: Meeting) -> list[RegisterProject]:
    return list(
        session.scalars(
            sa.select(RegisterProject)
            .where(RegisterProject.meeting_id == meeting.id)
            .order_by(RegisterProject.position)
        )
    )


def get_project(session, meeting: Meeting, project_id) -> RegisterProject:
    project = session.get(RegisterProject, project_id) if isinstance(project_id, int) else None
    if project is None or project.meeting_id != meeting.id:
        raise not_found("项目")
    return project


def project_of_candidate(session, candidate_id: int) -> RegisterProject | None:
    """The register project a candidate became, if it was chosen."""
    return session.scalar(
        sa.select(RegisterProject).where(RegisterProject.candidate_id == candidate_id)
    )
