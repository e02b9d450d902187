"""The 专项监督报告 before the congress: a cover, the summary table, and per project its 具体项目
(targets and achieved figures), its timeline on a month axis, its inspections and 整改."""

from datetime import date

from hall.store.models import Meeting
from hall.supervision.oversight import contacts_of, inspections_of
from hall.supervision.progress import project_view, register_view, timeline
from hall.supervision.register import register_projects


def build_report(session, meeting: Meeting, on: date | None = None) -> dict:
    on = on or date.today()
    register = register_view(session, meeting, on)
    totals = register["totals"]
    projects = []
    for project in register_projects(session, meeting):
        view = project_view(project, on)
        projects.append(
            {
                **view,
                "timeline": timeline(project),
                "contacts": len(contacts_of(session, project)),
                "inspections": inspections_of(session, meeting, project_id=project.id),
            }
        )
    return {
        "title": f"{meeting.year}年民生实事项目专项监督报告",
        "meeting": meeting.name,
        "as_of": on.isoformat(),
        "summary": [
            ("项目", totals["projects"]),
            ("其中已完成", totals["projects_done"]),
            ("其中滞后", totals["projects_behind"]),
            ("具体项目", totals["items"]),
            ("其中已完成", totals["items_done"]),
            ("其中超额完成", totals["items_exceeded"]),
            ("其中滞后", totals["items_behind"]),
            ("其中逾期未完成", totals["items_overdue"]),
        ],
        "projects": projects,
    }


def figure(value) -> str:
    """A figure as people write it: 5809, not 5809.0."""
    if value is None:
        return "—"
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def timeline_rows(project: dict) -> list[list[str]]:
    """The timeline as a table: a column per month, a row per 具体项目, 截止 and 完成 marked (a
    date past the axis's last month in that month's column, with its own month named)."""
    months = project["timeline"]["months"]
    rows = []
    for milestone in project["timeline"]["milestones"]:
        cells = [""] * len(months)
        for word, day in (("截止", milestone["deadline"]), ("完成", milestone["completed_on"])):
            if day:
                column = _column(months, day[:7])
                cells[column] += word if months[column] == day[:7] else f"{word}（{day[:7]}）"
        rows.append([milestone["name"], *cells])
    return rows


def _column(months: list[str], month: str) -> int:
    return months.index(month) if month in months else len(months) - 1
