"""The demo meeting (示例数据): 230 deputies in delegations, 15 candidate projects, and last
year's 10 completed projects with 42 sub-projects to rate."""

import datetime as dt
import secrets
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from hall.ballots.factory import new_ballot
from hall.base.public_url import public_url
from hall.demo import data as demo_data
from hall.demo.data import COMPLETED_PROJECTS
from hall.imports.completed_projects import ProjectRow, SubProjectRow, derive_status
from hall.projects.completed import replace_completed_projects
from hall.roster.credentials import demo_token, issue_card
from hall.rules.kinds import PROJECT_VOTE
from hall.store.db import get_db
from hall.store.models import BallotItem, Candidate, Delegation, Deputy, Meeting

DEMO_BALLOT_TITLE = "2026年民生实事项目票决"


def database_is_empty(session) -> bool:
    return session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def load_demo(session, secret_key: str) -> Meeting:
    """Create the demo meeting with its roster, candidates and a draft project vote."""
    meeting = Meeting(
        name=demo_data.MEETING["name"],
        year=demo_data.MEETING["year"],
        is_demo=True,
        is_current=True,  # loaded only into an empty database: the one meeting there is
        screen_key=secrets.token_urlsafe(12),
    )
    session.add(meeting)
    session.flush()
    delegations = {}
    for position, name in enumerate(demo_data.DELEGATIONS, start=1):
        delegations[name] = Delegation(meeting_id=meeting.id, name=name, position=position)
        session.add(delegations[name])
    session.flush()
    for row in demo_data.demo_deputies():
        deputy = Deputy(
            meeting_id=meeting.id,
            delegation_id=delegations[row["delegation"]].id,
            name=row["name"],
            seat=row["seat"],
        )
        session.add(deputy)
        session.flush()
        issue_card(deputy, demo_token(secret_key, deputy.id))
    candidates = [
        Candidate(meeting_id=meeting.id, position=position, **row)
        for position, row in enumerate(demo_data.CANDIDATES, start=1)
    ]
    session.add_all(candidates)
    session.flush()
    ballot = new_ballot(session, meeting, PROJECT_VOTE, title=DEMO_BALLOT_TITLE, places=10)
    session.add_all(
        BallotItem(ballot_id=ballot.id, candidate_id=c.id, position=c.position) for c in candidates
    )
    replace_completed_projects(session, meeting, demo_rows(), actor="demo")
    return meeting


def demo_cards(meeting: Meeting) -> list[dict]:
    """Each demo deputy with the link on their card (demo tokens derive from the secret key)."""
    secret_key = current_app.config["SECRET_KEY"]
    deputies = sa.select(Deputy).where(Deputy.meeting_id == meeting.id).order_by(Deputy.id)

    return [
        {
            "name": deputy.name,
            "delegation": deputy.delegation.name if deputy.delegation else "",
            "seat": deputy.seat,
            "url": public_url(f"/d/{demo_token(secret_key, deputy.id)}"),
        }
        for deputy in get_db().scalars(deputies)
    ]


def demo_rows() -> list[ProjectRow]:
    """COMPLETED_PROJECTS (hall.demo.data) in the shape the importer returns (序号 1..10)."""
    projects = []
    for position, project in enumerate(COMPLETED_PROJECTS, start=1):
        subprojects = []
        for sub in project["subprojects"]:
            target = Decimal(sub["target"])
            achieved = Decimal(sub["achieved"])
            progress = sub.get("progress", 100)
            subprojects.append(
                SubProjectRow(
                    name=sub["name"],
                    target=target,
                    achieved=achieved,
                    unit=sub["unit"],
                    status=sub.get("status") or derive_status(target, achieved, progress),
                    completed_on=dt.date.fromisoformat(sub["completed_on"]),
                    progress=progress,
                )
            )
        projects.append(
            ProjectRow(
                position=position,
                name=project["name"],
                area=project["area"],
                lead_department=project["lead_department"],
                summary=project["summary"],
                subprojects=subprojects,
            )
        )
    return projects


# The workbook: sheet 项目 and sheet 具体项目
