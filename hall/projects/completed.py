"""Last year's completed projects: load them (import or demo) and keep the rating ballot in step."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from hall.ballots.factory import new_ballot
from hall.ballots.life import ballots_of_kind, kind_lock
from hall.base.errors import HallError
from hall.imports.completed_projects import ProjectRow, SubProjectRow
from hall.rules.kinds import RATING
from hall.store import audit
from hall.store.models import Ballot, BallotItem, Meeting, Project, SubProject


def check_completed_projects_unlocked(session, meeting: Meeting) -> list[Ballot]:
    """The meeting's rating ballots, all still drafts; import_locked once a rating has opened."""
    reason = completed_projects_lock(session, meeting)
    if reason:
        raise HallError("import_locked", reason, 409)
    return rating_ballots(session, meeting)


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
    return new_ballot(session, meeting, RATING)


# The import: upload → preview → confirm (hall/admin/import_flow.py)


def project_rows(rows: list[ProjectRow]) -> list[dict]:
    """Parsed projects as kept for the confirm step (JSON-ready: figures as decimal strings,
    dates as ISO text)."""
    return [
        {
            "position": row.position,
            "name": row.name,
            "area": row.area,
            "lead_department": row.lead_department,
            "summary": row.summary,
            "subprojects": [
                {
                    "name": sub.name,
                    "target": _decimal_text(sub.target),
                    "achieved": _decimal_text(sub.achieved),
                    "unit": sub.unit,
                    "status": sub.status,
                    "completed_on": sub.completed_on.isoformat() if sub.completed_on else None,
                    "progress": sub.progress,
                }
                for sub in row.subprojects
            ],
        }
        for row in rows
    ]


def rows_from_json(rows: list[dict]) -> list[ProjectRow]:
    """The ProjectRow objects project_rows() kept."""
    return [
        ProjectRow(
            **{key: value for key, value in row.items() if key != "subprojects"},
            subprojects=[
                SubProjectRow(
                    name=sub["name"],
                    target=_decimal(sub["target"]),
                    achieved=_decimal(sub["achieved"]),
                    unit=sub["unit"],
                    status=sub["status"],
                    completed_on=date.fromisoformat(sub["completed_on"])
                    if sub["completed_on"]
                    else None,
                    progress=sub["progress"],
                )
                for sub in row["subprojects"]
            ],
        )
        for row in rows
    ]


def rating_ballots(session, meeting: Meeting) -> list[Ballot]:
    return ballots_of_kind(session, meeting, RATING)


def completed_projects_lock(session, meeting: Meeting) -> str | None:
    """Why the completed projects can no longer be replaced (a rating has opened), or None."""
    return kind_lock(session, meeting, RATING, "已完成项目")


def completed_projects_preview(session, meeting: Meeting, rows: list[dict]) -> dict:
    """What an import of `rows` would save, and what it would replace."""
    ballot = next(iter(rating_ballots(session, meeting)), None)
    existing = sa.select(Project.id).where(Project.meeting_id == meeting.id)
    return {
        "projects": len(rows),
        "subprojects": sum(len(row["subprojects"]) for row in rows),
        "rows": rows,
        "ballot": None if ballot is None else {"id": ballot.id, "title": ballot.title},
        "replaces": {
            "projects": session.scalar(sa.select(sa.func.count()).select_from(existing.subquery())),
            "subprojects": session.scalar(
                sa.select(sa.func.count()).where(SubProject.project_id.in_(existing))
            ),
        },
    }


def save_completed_projects(session, meeting: Meeting, rows: list[dict], actor: str, filename=""):
    """Replace the completed projects with the previewed `rows`; answers what was saved."""
    ballot = replace_completed_projects(session, meeting, rows_from_json(rows), actor)
    return {
        "projects": len(rows),
        "subprojects": sum(len(row["subprojects"]) for row in rows),
        "ballot_id": ballot.id,
        "ballot_title": ballot.title,
    }


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
