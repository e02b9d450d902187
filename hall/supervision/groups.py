"""Supervision groups (一常委+N代表): formed on the desk from the roster, assigned projects; a
deputy's group and its projects, as the phone shows them."""

import sqlalchemy as sa

from hall.base.errors import HallError, not_found
from hall.store import audit
from hall.store.models import Deputy, GroupMember, Meeting, RegisterProject, SupervisionGroup
from hall.supervision import fields
from hall.supervision.register import get_project, register_projects


def save_group(session, meeting: Meeting, body: dict, actor: str, group_id=None):
    """`{"name", "leader", "deputy_ids": [...], "project_ids": [...]}`: a new group, or the
    whole of an existing one replaced. A project belongs to one group at a time."""
    fields.only(body, ("name", "leader", "deputy_ids", "project_ids"))
    if not register_projects(session, meeting):
        # Before a published vote the roster may still be imported anew, taking its deputies.
        message = "票决结果公布、年度项目列入后，才能组建监督组"
        raise HallError("no_register", message, 409)
    name = fields.text(body, "name", "监督组名称", 100)
    leader = fields.text(body, "leader", "常委（组长）", 50)
    deputy_ids = fields.identifiers(body, "deputy_ids", "代表")
    projects = [
        get_project(session, meeting, pid)
        for pid in fields.identifiers(body, "project_ids", "项目")
    ]
    _check_deputies(session, meeting, deputy_ids)
    group = get_group(session, meeting, group_id) if group_id is not None else None
    if group is None:
        group = SupervisionGroup(meeting_id=meeting.id, name=name, leader=leader)
        session.add(group)
        session.flush()
    group.name, group.leader = name, leader
    _refuse_taken(session, deputy_ids, group)
    session.execute(sa.delete(GroupMember).where(GroupMember.group_id == group.id))
    session.add_all(GroupMember(group_id=group.id, deputy_id=deputy_id) for deputy_id in deputy_ids)
    _assign(session, group, projects)
    audit.record(
        session,
        actor,
        "group_save",
        group=group.id,
        deputies=len(deputy_ids),
        projects=len(projects),
    )
    return group


def _check_deputies(session, meeting: Meeting, deputy_ids: list[int]) -> None:
    found = session.scalars(
        sa.select(Deputy.id).where(Deputy.meeting_id == meeting.id, Deputy.id.in_(deputy_ids))
    ).all()
    if len(found) != len(deputy_ids):
        raise not_found("代表")


def _assign(session, group: SupervisionGroup, projects: list[RegisterProject]) -> None:
    """The group follows exactly `projects` (taken from any group that had them)."""
    held = sa.select(RegisterProject).where(RegisterProject.group_id == group.id)
    for project in session.scalars(held):
        project.group_id = None
    for project in projects:
        project.group_id = group.id
    session.flush()


def _refuse_taken(session, deputy_ids: list[int], group: SupervisionGroup) -> None:
    taken = session.scalar(
        sa.select(Deputy.name)
        .join(GroupMember, GroupMember.deputy_id == Deputy.id)
        .where(GroupMember.deputy_id.in_(deputy_ids), GroupMember.group_id != group.id)
        .limit(1)
    )
    if taken:
        raise HallError("deputy_in_group", f"代表{taken}已在另一个监督组", 409)


def get_group(session, meeting: Meeting, group_id) -> SupervisionGroup:
    group = session.get(SupervisionGroup, group_id) if isinstance(group_id, int) else None
    if group is None or group.meeting_id != meeting.id:
        raise not_found("监督组")
    return group


def list_groups(session, meeting: Meeting) -> list[SupervisionGroup]:
    return list(
        session.scalars(
            sa.select(SupervisionGroup)
            .where(SupervisionGroup.meeting_id == meeting.id)
            .order_by(SupervisionGroup.id)
        )
    )


def group_view(session, group: SupervisionGroup) -> dict:
    members = session.execute(
        sa.select(Deputy.id, Deputy.name)
        .join(GroupMember, GroupMember.deputy_id == Deputy.id)
        .where(GroupMember.group_id == group.id)
        .order_by(Deputy.id)
    ).all()
    projects = session.execute(
        sa.select(RegisterProject.id, RegisterProject.name)
        .where(RegisterProject.group_id == group.id)
        .order_by(RegisterProject.position)
    ).all()
    return {
        "id": group.id,
        "name": group.name,
        "leader": group.leader,
        "deputies": [{"id": i, "name": n} for i, n in members],
        "projects": [{"id": i, "name": n} for i, n in projects],
    }


def deputy_group(session, deputy: Deputy) -> SupervisionGroup | None:
    return session.scalar(
        sa.select(SupervisionGroup)
        .join(GroupMember, GroupMember.group_id == SupervisionGroup.id)
        .where(GroupMember.deputy_id == deputy.id)
    )


def deputy_project(session, deputy: Deputy, project_id) -> RegisterProject:
    """One of the deputy's group's projects (any other is not found)."""
    group = deputy_group(session, deputy)
    project = session.get(RegisterProject, project_id) if isinstance(project_id, int) else None
    if group is None or project is None or project.group_id != group.id:
        raise not_found("项目")
    return project
