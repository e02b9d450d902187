"""一月一联系 and 半年一督查: contacts logged by a group's deputies (or the desk), inspections with
their findings, and 整改 items followed until closed with a note."""

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError, not_found
from hall.store import audit
from hall.store.models import (
    ContactLog,
    Deputy,
    Inspection,
    InspectionFinding,
    InspectionProject,
    Meeting,
    Rectification,
    RegisterProject,
)
from hall.supervision import fields
from hall.supervision.groups import deputy_group, get_group
from hall.supervision.register import get_project


def log_contact(session, project: RegisterProject, body: dict, author: str, deputy=None):
    """`{"contacted_on", "met", "found"}` for the project."""
    fields.only(body, ("contacted_on", "met", "found"))
    contact = ContactLog(
        project_id=project.id,
        deputy_id=deputy.id if deputy else None,
        author=author,
        contacted_on=fields.day(body, "contacted_on", "联系日期"),
        met=fields.text(body, "met", "联系对象", 100),
        found=fields.text(body, "found", "了解情况", 2000),
        created_at=utcnow(),
    )
    session.add(contact)
    session.flush()
    audit.record(session, author, "contact_log", project=project.id, contact=contact.id)
    return contact


def contacts_of(session, project: RegisterProject) -> list[dict]:
    rows = session.scalars(
        sa.select(ContactLog)
        .where(ContactLog.project_id == project.id)
        .order_by(ContactLog.contacted_on, ContactLog.id)
    )
    return [
        {
            "id": c.id,
            "contacted_on": c.contacted_on.isoformat(),
            "met": c.met,
            "found": c.found,
            "author": c.author,
        }
        for c in rows
    ]


def add_inspection(session, meeting: Meeting, body: dict, actor: str) -> Inspection:
    """`{"held_on", "group_id", "project_ids", "findings", "rectifications": [{"what",
    "by_whom", "deadline", "project_id"}]}`."""
    fields.only(body, ("held_on", "group_id", "project_ids", "findings", "rectifications"))
    group_id = fields.identifier(body, "group_id", "监督组", required=False)
    if group_id is not None:
        get_group(session, meeting, group_id)
    projects = [
        get_project(session, meeting, pid)
        for pid in fields.identifiers(body, "project_ids", "项目")
    ]
    if not projects:
        raise fields.bad("请选择督查的项目")
    inspection = Inspection(
        meeting_id=meeting.id,
        group_id=group_id,
        held_on=fields.day(body, "held_on", "督查日期"),
        findings=fields.text(body, "findings", "督查发现", 5000, required=False),
        created_by=actor,
    )
    session.add(inspection)
    session.flush()
    session.add_all(
        InspectionProject(inspection_id=inspection.id, project_id=p.id) for p in projects
    )
    items = body.get("rectifications") or []
    if not isinstance(items, list) or len(items) > 100:
        raise fields.bad("整改事项应为列表")
    for item in items:
        add_rectification(session, meeting, inspection, item if isinstance(item, dict) else None)
    audit.record(session, actor, "inspection_add", inspection=inspection.id, projects=len(projects))
    return inspection


def add_rectification(session, meeting: Meeting, inspection: Inspection, body) -> Rectification:
    if not isinstance(body, dict):
        raise fields.bad("整改事项应为对象")
    fields.only(body, ("what", "by_whom", "deadline", "project_id"))
    project_id = fields.identifier(body, "project_id", "项目", required=False)
    if project_id is not None:
        get_project(session, meeting, project_id)
    item = Rectification(
        inspection_id=inspection.id,
        project_id=project_id,
        what=fields.text(body, "what", "整改事项", 2000),
        by_whom=fields.text(body, "by_whom", "责任单位", 100),
        deadline=fields.day(body, "deadline", "整改期限"),
    )
    session.add(item)
    session.flush()
    return item


def get_inspection(session, meeting: Meeting, inspection_id) -> Inspection:
    found = session.get(Inspection, inspection_id) if isinstance(inspection_id, int) else None
    if found is None or found.meeting_id != meeting.id:
        raise not_found("督查")
    return found


def close_rectification(session, meeting: Meeting, rectification_id, body: dict, actor: str):
    """`{"closed_on", "note"}`: the 整改 is done; the note says how."""
    fields.only(body, ("closed_on", "note"))
    item = (
        session.get(Rectification, rectification_id) if isinstance(rectification_id, int) else None
    )
    if item is None or get_inspection(session, meeting, item.inspection_id) is None:
        raise not_found("整改事项")
    if item.closed_on is not None:
        raise HallError("invalid_state", "该整改事项已销号", 409)
    item.close_note = fields.text(body, "note", "整改情况", 2000)
    item.closed_on = fields.day(body, "closed_on", "销号日期")
    audit.record(session, actor, "rectification_close", rectification=item.id)
    return item


def add_finding(session, deputy: Deputy, inspection_id, body: dict) -> InspectionFinding:
    """A deputy's finding on an inspection of their own group."""
    fields.only(body, ("text",))
    group = deputy_group(session, deputy)
    inspection = session.get(Inspection, inspection_id) if isinstance(inspection_id, int) else None
    if group is None or inspection is None or inspection.group_id != group.id:
        raise not_found("督查")
    finding = InspectionFinding(
        inspection_id=inspection.id,
        deputy_id=deputy.id,
        text=fields.text(body, "text", "督查发现", 2000),
        created_at=utcnow(),
    )
    session.add(finding)
    session.flush()
    audit.record(session, f"代表{deputy.id}", "inspection_finding", inspection=inspection.id)
    return finding


def inspections_of(session, meeting: Meeting, project_id=None, group_id=None) -> list[dict]:
    query = sa.select(Inspection).where(Inspection.meeting_id == meeting.id)
    if project_id is not None:
        query = query.join(InspectionProject).where(InspectionProject.project_id == project_id)
    if group_id is not None:
        query = query.where(Inspection.group_id == group_id)
    return [
        inspection_view(session, i) for i in session.scalars(query.order_by(Inspection.held_on))
    ]


def inspection_view(session, inspection: Inspection) -> dict:
    projects = session.scalars(
        sa.select(InspectionProject.project_id).where(
            InspectionProject.inspection_id == inspection.id
        )
    ).all()
    findings = session.execute(
        sa.select(InspectionFinding.text, Deputy.name)
        .join(Deputy, Deputy.id == InspectionFinding.deputy_id)
        .where(InspectionFinding.inspection_id == inspection.id)
        .order_by(InspectionFinding.id)
    ).all()
    items = session.scalars(
        sa.select(Rectification)
        .where(Rectification.inspection_id == inspection.id)
        .order_by(Rectification.id)
    )
    return {
        "id": inspection.id,
        "held_on": inspection.held_on.isoformat(),
        "group_id": inspection.group_id,
        "project_ids": list(projects),
        "findings": inspection.findings,
        "deputy_findings": [{"text": t, "deputy": n} for t, n in findings],
        "rectifications": [rectification_view(item) for item in items],
    }


def rectification_view(item: Rectification) -> dict:
    return {
        "id": item.id,
        "project_id": item.project_id,
        "what": item.what,
        "by_whom": item.by_whom,
        "deadline": item.deadline.isoformat(),
        "closed": item.closed_on is not None,
        "closed_on": item.closed_on.isoformat() if item.closed_on else None,
        "close_note": item.close_note,
    }
