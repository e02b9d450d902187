"""Carried over to a new meeting from an earlier one: the roster (same 届), and the 入选
projects of its published project vote as the projects the new meeting's rating rates."""

import re
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from hall.base.errors import HallError
from hall.imports.completed_projects import ProjectRow
from hall.imports.subprojects import SubProjectRow
from hall.projects.completed import replace_completed_projects
from hall.rules.progress import FINISHED
from hall.store.models import Delegation, Deputy, Meeting
from hall.supervision.progress import project_view
from hall.supervision.register import chosen_candidates, register_projects

TERM = re.compile(r"第[一二三四五六七八九十百0-9]+届")  # 第二届第三次 → 第二届


def carry_sources(session, meetings, views) -> dict:
    """What a new meeting may carry over: earlier meetings' rosters and 入选 projects."""
    return {
        "rosters": [view for view in views if view["deputies"]],
        "projects": [
            {**view, "chosen": len(chosen)}
            for meeting, view in zip(meetings, views, strict=True)
            if (chosen := chosen_candidates(session, meeting))
        ],
    }


def copy_roster(session, source: Meeting, meeting: Meeting) -> dict:
    """The source's delegations and deputies, as a fresh roster: nobody on leave or signed in,
    and no cards (the old cards stay with the archived deputies; new ones must be printed)."""
    check_same_term(source, meeting)
    old_delegations = session.scalars(
        sa.select(Delegation)
        .where(Delegation.meeting_id == source.id)
        .order_by(Delegation.position, Delegation.id)
    ).all()
    deputies = session.scalars(
        sa.select(Deputy).where(Deputy.meeting_id == source.id).order_by(Deputy.id)
    ).all()
    if not deputies:
        raise HallError("nothing_to_carry", f"「{source.name}」没有代表名册，无法沿用", 409)
    copies = {
        old.id: Delegation(meeting_id=meeting.id, name=old.name, position=old.position)
        for old in old_delegations
    }
    session.add_all(copies.values())
    session.flush()
    session.add_all(
        Deputy(
            meeting_id=meeting.id,
            delegation_id=copies[deputy.delegation_id].id if deputy.delegation_id else None,
            name=deputy.name,
            seat=deputy.seat,
            note=deputy.note,
        )
        for deputy in deputies
    )
    session.flush()
    return {"deputies": len(deputies), "delegations": len(copies)}


def check_same_term(source: Meeting, meeting: Meeting) -> None:
    """A roster serves one 届: refused when both session labels name a 届 and they differ."""
    terms = [TERM.search(m.session_label or "") for m in (source, meeting)]
    if all(terms) and terms[0].group() != terms[1].group():
        message = (
            f"代表名册只能在同一届内沿用：「{source.name}」是{terms[0].group()}，"
            f"新会议是{terms[1].group()}；新一届请导入新的代表名册"
        )
        raise HallError("roster_other_term", message, 409)


def carry_chosen_projects(session, source: Meeting, meeting: Meeting, actor: str) -> dict:
    """Last year's 入选 projects as this meeting's projects to rate: from its register, with the
    具体项目, achieved figures and completion dates tracked through the year (大会一评议); a
    project the register left without 具体项目 comes with its name and lead department only,
    its figures then coming from the completed-projects import."""
    chosen = chosen_candidates(session, source)
    if not chosen:
        message = f"「{source.name}」没有已公布的票决结果（入选项目），无法沿用"
        raise HallError("nothing_to_carry", message, 409)
    tracked = {project.candidate_id: project for project in register_projects(session, source)}
    rows = [
        ProjectRow(
            position=position,
            name=candidate.name,
            area="",
            lead_department=candidate.lead_department,
            summary="",
            subprojects=_tracked_subprojects(tracked.get(candidate.id)),
        )
        for position, candidate in enumerate(chosen, start=1)
    ]
    ballot = replace_completed_projects(session, meeting, rows, actor)
    return {
        "projects": len(rows),
        "subprojects": sum(len(row.subprojects) for row in rows),
        "ballot_id": ballot.id,
    }


def _tracked_subprojects(project) -> list[SubProjectRow]:
    if project is None:
        return []
    return [
        SubProjectRow(
            name=item["name"],
            target=Decimal(str(item["target"])),
            achieved=None if item["achieved"] is None else Decimal(str(item["achieved"])),
            unit=item["unit"],
            status=item["state"] if item["state"] in FINISHED else "未完成",
            completed_on=date.fromisoformat(item["completed_on"]) if item["completed_on"] else None,
            progress=min(100, int(Decimal(item["percent"]))),
        )
        for item in project_view(project)["items"]
    ]
