"""具体项目 of the register: entered on the desk (one at a time) or imported (upload → preview →
confirm), and which of them a department may see and report on."""

import sqlalchemy as sa

from hall.base.errors import HallError, not_found
from hall.store import audit
from hall.store.models import Meeting, RegisterItem, RegisterProject, ReportLine
from hall.supervision import fields
from hall.supervision.register import get_project, register_projects

ITEM_FIELDS = ("name", "target", "unit", "deadline", "lead_department", "responsible", "weight")


def read_item(body: dict, project: RegisterProject) -> dict:
    """The fields of a 具体项目 from a JSON body, checked."""
    fields.only(body, ITEM_FIELDS)
    return {
        "name": fields.text(body, "name", "具体项目名称", 200),
        "target": fields.number(body, "target", "目标"),
        "unit": fields.text(body, "unit", "单位", 10, required=False),
        "deadline": fields.day(body, "deadline", "截止日期"),
        "lead_department": fields.text(body, "lead_department", "牵头单位", 100, required=False)
        or project.lead_department,
        "responsible": fields.text(body, "responsible", "责任人", 50, required=False),
        "weight": fields.number(body, "weight", "权重", required=False),
    }


def add_item(session, meeting: Meeting, project_id, body: dict, actor: str) -> RegisterItem:
    project = get_project(session, meeting, project_id)
    values = read_item(body, project)
    if not values["lead_department"]:
        raise fields.bad("请填写牵头单位")
    _refuse_same_name(project, values["name"])
    item = RegisterItem(position=len(project.items) + 1, **values)
    project.items.append(item)
    session.flush()
    audit.record(session, actor, "register_item_add", project=project.id, item=item.id)
    return item


def update_item(session, meeting: Meeting, item_id, body: dict, actor: str) -> RegisterItem:
    item = get_item(session, meeting, item_id)
    values = read_item({**item_fields(item), **body}, item.project)
    if values["name"] != item.name:
        _refuse_same_name(item.project, values["name"])
    for key, value in values.items():
        setattr(item, key, value)
    audit.record(session, actor, "register_item_change", item=item.id)
    return item


def item_fields(item: RegisterItem) -> dict:
    return {
        "name": item.name,
        "target": item.target,
        "unit": item.unit,
        "deadline": item.deadline.isoformat(),
        "lead_department": item.lead_department,
        "responsible": item.responsible,
        "weight": item.weight,
    }


def _refuse_same_name(project: RegisterProject, name: str) -> None:
    if any(other.name == name for other in project.items):
        raise HallError("item_exists", f"「{project.name}」已有具体项目「{name}」", 409)


def get_item(session, meeting: Meeting, item_id, department: str | None = None) -> RegisterItem:
    """The 具体项目; for a department, only one of its own (another's is not found)."""
    item = session.get(RegisterItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.project.meeting_id != meeting.id:
        raise not_found("具体项目")
    if department is not None and item.lead_department != department:
        raise not_found("具体项目")
    return item


def department_items(session, meeting: Meeting, department: str) -> list[RegisterItem]:
    return list(
        session.scalars(
            sa.select(RegisterItem)
            .join(RegisterProject)
            .where(
                RegisterProject.meeting_id == meeting.id,
                RegisterItem.lead_department == department,
            )
            .order_by(RegisterProject.position, RegisterItem.position)
        )
    )


def department_projects(session, meeting: Meeting, department: str) -> list[RegisterProject]:
    """The projects with at least one 具体项目 the department leads."""
    owned = {item.project_id for item in department_items(session, meeting, department)}
    return [project for project in register_projects(session, meeting) if project.id in owned]


# The import of 具体项目 (hall.imports.register_items reads the file)


def items_preview(session, meeting: Meeting, rows: list[dict]) -> dict:
    """Which project each row goes to; rows naming no register project are refused."""
    projects = {project.name: project for project in register_projects(session, meeting)}
    unknown = sorted({row["project"] for row in rows} - set(projects))
    if unknown:
        problems = [f"「{name}」不在年度项目中" for name in unknown]
        raise HallError("import_failed", "导入失败：有项目名称不在年度项目中", 400, problems)
    return {
        "items": len(rows),
        "projects": len({row["project"] for row in rows}),
        "rows": rows,
        "replaces": sum(len(projects[name].items) for name in {row["project"] for row in rows}),
    }


def save_items(session, meeting: Meeting, rows: list[dict], actor: str, filename="") -> dict:
    """The imported 具体项目 replace those of the projects the file names."""
    shown = items_preview(session, meeting, rows)
    projects = {project.name: project for project in register_projects(session, meeting)}
    for name in sorted({row["project"] for row in rows}):
        if _reported(session, projects[name]):
            message = f"「{name}」已有进度报告，不能再整体替换具体项目，请逐项修改"
            raise HallError("import_locked", message, 409)
        projects[name].items.clear()
    session.flush()
    for row in rows:
        project = projects[row["project"]]
        values = read_item({key: value for key, value in row.items() if key != "project"}, project)
        project.items.append(RegisterItem(position=len(project.items) + 1, **values))
    audit.record(session, actor, "register_items_import", items=len(rows), filename=filename)
    return {"items": shown["items"], "projects": shown["projects"]}


def _reported(session, project: RegisterProject) -> bool:
    """Whether any report, accepted or not, names one of the project's 具体项目."""
    ids = [item.id for item in project.items]
    query = sa.select(ReportLine.id).where(ReportLine.item_id.in_(ids)).limit(1)
    return bool(ids) and session.scalar(query) is not None


def items_lock(session, meeting: Meeting) -> str | None:
    if not register_projects(session, meeting):
        return "尚无年度项目：票决结果公布后，入选项目自动列入，再导入具体项目"
    return None


def item_rows(rows) -> list[dict]:
    """Parsed ItemRow objects as kept for the confirm step (JSON-ready)."""
    return [
        {
            "project": row.project,
            "name": row.name,
            "target": float(row.target),
            "unit": row.unit,
            "deadline": row.deadline.isoformat(),
            "lead_department": row.lead_department,
            "responsible": row.responsible,
            "weight": None if row.weight is None else float(row.weight),
        }
        for row in rows
    ]
