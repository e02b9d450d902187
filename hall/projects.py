"""Last year's completed projects: load them (import or demo) and keep the rating ballot in step."""

import sqlalchemy as sa

from hall import audit
from hall.ballot_drafts import RATING, default_title
from hall.errors import HallError
from hall.models import Ballot, BallotItem, Meeting, Project, SubProject


def check_completed_projects_unlocked(session, meeting: Meeting) -> list[Ballot]:
    """The meeting's rating ballots, all still drafts; HallError once a rating has opened."""
    ratings = session.scalars(
        sa.select(Ballot).where(Ballot.meeting_id == meeting.id, Ballot.kind == "rating")
    ).all()
    if any(ballot.state != "draft" for ballot in ratings):
        raise HallError("invalid_state", "满意度测评已经开始，不能再替换已完成项目", 409)
    return ratings


def replace_completed_projects(session, meeting: Meeting, rows, actor: str) -> Ballot:
    """Replace the meeting's completed projects with `rows` (ProjectRow objects), all at once.

    The draft rating ballot is set to rate all of them (created when missing). Refused once a
    rating ballot has opened, since its sheets refer to the projects it was opened with.
    """
    ratings = check_completed_projects_unlocked(session, meeting)
    for ballot in ratings:
        session.execute(sa.delete(BallotItem).where(BallotItem.ballot_id == ballot.id))
    for project in session.scalars(sa.select(Project).where(Project.meeting_id == meeting.id)):
        session.delete(project)
    session.flush()
    projects = [_project(meeting, row) for row in rows]
    session.add_all(projects)
    session.flush()
    ballot = ratings[0] if ratings else _new_rating_ballot(session, meeting)
    session.add_all(
        BallotItem(ballot_id=ballot.id, position=project.position, project_id=project.id)
        for project in projects
    )
    audit.record(
        session,
        actor,
        "completed_projects_replace",
        projects=len(projects),
        subprojects=sum(len(p.subprojects) for p in projects),
    )
    return ballot


def _project(meeting: Meeting, row) -> Project:
    return Project(
        meeting_id=meeting.id,
        position=row.position,
        name=row.name,
        area=row.area,
        lead_department=row.lead_department,
        summary=row.summary,
        subprojects=[
            SubProject(
                position=index,
                name=sub.name,
                target=None if sub.target is None else float(sub.target),
                achieved=None if sub.achieved is None else float(sub.achieved),
                unit=sub.unit,
                status=sub.status,
                completed_on=sub.completed_on,
                progress=sub.progress,
            )
            for index, sub in enumerate(row.subprojects, start=1)
        ],
    )


def _new_rating_ballot(session, meeting: Meeting) -> Ballot:
    ballot = Ballot(
        meeting_id=meeting.id,
        kind="rating",
        form="rating",
        title=default_title(RATING, meeting),
        places=0,
        display="live",  # RULES.md: the scrolling 满意 is the moment of a rating
    )
    session.add(ballot)
    session.flush()
    return ballot
