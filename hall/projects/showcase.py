"""The showcase scene: last year's completed projects and sub-projects at a glance."""

import sqlalchemy as sa

from hall.ballots.views import project_view
from hall.store.models import Meeting, Project

EXCEEDED = "超额完成"
DONE = ("已完成", EXCEEDED)


def showcase(session, meeting: Meeting) -> dict:
    """「XXXX年民生实事项目完成情况」: the projects and their sub-projects, with totals."""
    projects = session.scalars(
        sa.select(Project).where(Project.meeting_id == meeting.id).order_by(Project.position)
    ).all()
    shown = [project_view(project) for project in projects]
    subprojects = [sub for project in shown for sub in project["subprojects"]]
    return {
        "year": meeting.year - 1,
        "title": f"{meeting.year - 1}年民生实事项目完成情况",
        "projects": shown,
        "totals": {
            "projects": len(shown),
            "subprojects": len(subprojects),
            "completed": sum(sub["status"] in DONE for sub in subprojects),
            "exceeded": sum(sub["status"] == EXCEEDED for sub in subprojects),
        },
    }
