"""The register's progress as the desk, departments, phones, the report and the public see it:
computed from the figures (hall.rules.progress), never typed."""

from datetime import date

from hall.rules.progress import EXCEEDED, FINISHED, item_progress, project_progress
from hall.store.models import Meeting, RegisterItem, RegisterProject
from hall.supervision.register import project_of_candidate, register_projects


def today() -> date:
    return date.today()


def item_view(item: RegisterItem, starts_on: date, on: date) -> dict:
    progress = item_progress(item.target, item.achieved, item.deadline, starts_on, on)
    return {
        "id": item.id,
        "name": item.name,
        "target": item.target,
        "achieved": item.achieved,
        "unit": item.unit,
        "deadline": item.deadline.isoformat(),
        "lead_department": item.lead_department,
        "responsible": item.responsible,
        "weight": item.weight,
        "achieved_on": item.achieved_on.isoformat() if item.achieved_on else None,
        "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        "percent": str(progress.percent),
        "state": progress.state,
        "behind": progress.behind,
        "overdue": progress.overdue,
    }


def project_view(project: RegisterProject, on: date | None = None, items=None) -> dict:
    """The project and its 具体项目 (all, or only `items`), each with its computed progress."""
    on = on or today()
    shown = project.items if items is None else items
    pairs = [
        (item_progress(i.target, i.achieved, i.deadline, project.starts_on, on), i.weight)
        for i in project.items
    ]
    progress = project_progress(pairs)
    return {
        "id": project.id,
        "candidate_id": project.candidate_id,
        "position": project.position,
        "name": project.name,
        "lead_department": project.lead_department,
        "starts_on": project.starts_on.isoformat(),
        "group_id": project.group_id,
        "percent": str(progress.percent),
        "state": progress.state,
        "behind": progress.behind,
        "overdue": progress.overdue,
        "items": [item_view(item, project.starts_on, on) for item in shown],
    }


def register_view(session, meeting: Meeting, on: date | None = None) -> dict:
    """Every project with its progress, and the totals the report's summary table shows."""
    projects = [project_view(p, on) for p in register_projects(session, meeting)]
    return {"year": meeting.year, "projects": projects, "totals": totals(projects)}


def totals(projects: list[dict]) -> dict:
    items = [item for project in projects for item in project["items"]]
    return {
        "projects": len(projects),
        "projects_done": sum(p["state"] in FINISHED for p in projects),
        "projects_behind": sum(p["behind"] for p in projects),
        "items": len(items),
        "items_done": sum(i["state"] in FINISHED for i in items),
        "items_exceeded": sum(i["state"] == EXCEEDED for i in items),
        "items_behind": sum(i["behind"] for i in items),
        "items_overdue": sum(i["overdue"] for i in items),
    }


def lagging(session, meeting: Meeting, on: date | None = None) -> dict:
    """The desk's two lists: 具体项目 past their deadline, and those behind the time elapsed."""
    overdue, behind = [], []
    for project in register_view(session, meeting, on)["projects"]:
        for item in project["items"]:
            row = {**item, "project_id": project["id"], "project": project["name"]}
            if item["overdue"]:
                overdue.append(row)
            elif item["behind"]:
                behind.append(row)
    return {"overdue": overdue, "behind": behind}


MAX_MONTHS = 24  # a timeline longer than two years ends there; later dates sit at its end


def timeline(project: RegisterProject) -> dict:
    """Milestones on a month axis: each 具体项目's deadline and, when done, its completion. The
    axis runs from the earliest date to the latest, at most MAX_MONTHS months."""
    dates = [project.starts_on] + [i.deadline for i in project.items]
    dates += [i.completed_on for i in project.items if i.completed_on]
    first, last = min(dates), max(dates)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(months) < MAX_MONTHS:
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "months": months,
        "milestones": [
            {
                "item_id": item.id,
                "name": item.name,
                "deadline": item.deadline.isoformat(),
                "completed_on": item.completed_on.isoformat() if item.completed_on else None,
            }
            for item in project.items
        ],
    }


def candidate_progress(session, candidate_id: int, on: date | None = None) -> dict | None:
    """The progress of the project a candidate became (None when it was not chosen): for the
    proposer's status page and the public progress page."""
    project = project_of_candidate(session, candidate_id)
    return None if project is None else project_view(project, on)
