"""Meetings at the desk (会议): create one (it becomes current), make an earlier one current
again, list them all. A new meeting can take an earlier meeting's roster (same 届) and, as the
projects its rating rates, the 入选 projects of that meeting's published project vote.
"""

import re
import secrets
from datetime import date

import sqlalchemy as sa

from hall import audit
from hall.ballots import ballot_summary
from hall.errors import HallError, not_found
from hall.imports.completed_projects import ProjectRow
from hall.meeting_settings import check_dates, check_setting, settings_dict
from hall.models import Ballot, Candidate, Delegation, Deputy, Meeting, Project
from hall.projects import replace_completed_projects
from hall.results import compute_result
from hall.roll import current_meeting

DETAILS = ("name", "year", "session_label", "starts_on", "ends_on", "place")
CARRY = {"roster_from": "代表名册", "projects_from": "入选项目"}
SWITCH_LOCK = 0x4A11_3EE7  # PostgreSQL advisory lock key: "who is the current meeting"
TERM = re.compile(r"第[一二三四五六七八九十百0-9]+届")  # 第二届第三次 → 第二届


def list_meetings(session) -> list[Meeting]:
    """Every meeting, the newest first."""
    return list(
        session.scalars(sa.select(Meeting).order_by(Meeting.year.desc(), Meeting.id.desc()))
    )


def get_meeting(session, meeting_id) -> Meeting:
    meeting = session.get(Meeting, meeting_id) if isinstance(meeting_id, int) else None
    if meeting is None:
        raise not_found("会议")
    return meeting


def meeting_view(session, meeting: Meeting) -> dict:
    """The meeting as the API and the 会议 page show it, with its ballots (archived or not)."""
    settings = settings_dict(meeting)
    return {
        "id": meeting.id,
        **{field: settings[field] for field in DETAILS},
        "current": meeting.is_current,
        "demo": meeting.is_demo,
        "rehearsal": meeting.rehearsal,
        "deputies": _count(session, Deputy, meeting),
        "candidates": _count(session, Candidate, meeting),
        "projects": _count(session, Project, meeting),
        "ballots": [ballot_summary(session, ballot) for ballot in meeting.ballots],
    }


def _count(session, model, meeting: Meeting) -> int:
    return session.scalar(sa.select(sa.func.count()).where(model.meeting_id == meeting.id))


def new_meeting_year(meetings) -> int:
    """The year the 新建会议 form suggests: the year after the latest meeting's, else this one."""
    return max(meeting.year for meeting in meetings) + 1 if meetings else date.today().year


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


# Creating a meeting, and changing which one is current


def create_meeting(session, fields: dict, actor: str) -> tuple[Meeting, dict]:
    """A new meeting, made current; answers it and what it carried over from earlier ones."""
    unknown = set(fields) - set(DETAILS) - set(CARRY)
    if unknown:
        raise HallError("bad_request", f"未知的字段：{', '.join(sorted(unknown))}", 400)
    if fields.get("name") is None or fields.get("year") is None:
        raise HallError("bad_request", "请填写会议名称和年度", 400)
    details = {field: check_setting(field, fields[field]) for field in DETAILS if field in fields}
    check_dates(details.get("starts_on"), details.get("ends_on"))
    sources = {key: _source(session, fields.get(key)) for key in CARRY}
    previous = _leave_current(session)
    meeting = Meeting(**details, screen_key=secrets.token_urlsafe(12), is_current=True)
    session.add(meeting)
    session.flush()
    carried = {}
    if sources["roster_from"] is not None:
        carried["roster"] = copy_roster(session, sources["roster_from"], meeting)
    if sources["projects_from"] is not None:
        carried["projects"] = carry_chosen_projects(
            session, sources["projects_from"], meeting, actor
        )
    audit.record(
        session,
        actor,
        "meeting_create",
        meeting=meeting.id,
        year=meeting.year,
        session_label=meeting.session_label,
        before=previous.name if previous else "无",
        after=meeting.name,
        **{key: source.id for key, source in sources.items() if source is not None},
        **{f"carried_{key}": counts for key, counts in carried.items()},
    )
    return meeting, carried


def make_current(session, meeting: Meeting, actor: str) -> bool:
    """Make `meeting` the current one (the other becomes an archive); False if it already was."""
    if meeting.is_current:
        return False
    previous = _leave_current(session)
    meeting.is_current = True
    audit.record(
        session,
        actor,
        "meeting_current",
        meeting=meeting.id,
        before=previous.name if previous else "无",
        after=meeting.name,
    )
    return True


def _leave_current(session) -> Meeting | None:
    """Archive the current meeting, unless a ballot is open; answers it (or None)."""
    if session.get_bind().dialect.name == "postgresql":
        # Two desks switching at once take turns (SQLite's BEGIN IMMEDIATE already does).
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SWITCH_LOCK})
    voting = session.scalar(sa.select(Ballot).where(Ballot.state == "open").limit(1))
    if voting is not None:
        message = f"「{voting.title}」正在投票：结束投票后才能新建或切换会议"
        raise HallError("meeting_busy", message, 409)
    previous = current_meeting(session)
    if previous is not None:
        previous.is_current = False
        session.flush()  # before another row is marked: one current meeting at any moment
    return previous


def _source(session, meeting_id) -> Meeting | None:
    if meeting_id is None:
        return None
    if not isinstance(meeting_id, int) or isinstance(meeting_id, bool):
        raise HallError("bad_request", "沿用的会议应为会议编号（整数）", 400)
    return get_meeting(session, meeting_id)


# Carried over from an earlier meeting


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


def chosen_candidates(session, meeting: Meeting) -> list[Candidate]:
    """The 入选 candidates of the meeting's published project votes (re-votes included), in
    the order of the candidate list."""
    votes = session.scalars(
        sa.select(Ballot)
        .where(
            Ballot.meeting_id == meeting.id,
            Ballot.kind == "project_vote",
            Ballot.parent_id.is_(None),
            Ballot.state == "published",
        )
        .order_by(Ballot.id)
    ).all()
    chosen_ids = []
    for ballot in votes:
        result = compute_result(session, ballot)
        standing = result.get("final", result)  # the rounds combined, when there were re-votes
        chosen_ids += [cid for cid in standing["chosen_ids"] if cid not in chosen_ids]
    if not chosen_ids:
        return []
    return list(
        session.scalars(
            sa.select(Candidate).where(Candidate.id.in_(chosen_ids)).order_by(Candidate.position)
        )
    )


def carry_chosen_projects(session, source: Meeting, meeting: Meeting, actor: str) -> dict:
    """Last year's 入选 projects (names, lead departments) as this meeting's projects to rate;
    their sub-projects and achieved figures come later from the completed-projects import."""
    chosen = chosen_candidates(session, source)
    if not chosen:
        message = f"「{source.name}」没有已公布的票决结果（入选项目），无法沿用"
        raise HallError("nothing_to_carry", message, 409)
    rows = [
        ProjectRow(
            position=position,
            name=candidate.name,
            area="",
            lead_department=candidate.lead_department,
            summary="",
        )
        for position, candidate in enumerate(chosen, start=1)
    ]
    ballot = replace_completed_projects(session, meeting, rows, actor)
    return {"projects": len(rows), "ballot_id": ballot.id}


# The dashboard's setup list: what is done and what is next


def setup_steps(session, meeting: Meeting, scrutineers: int) -> list[dict]:
    """The steps before the session, each {"key", "label", "detail", "done"}; the first one
    not done is marked `next`."""
    deputies = _count(session, Deputy, meeting)
    with_cards = session.scalar(
        sa.select(sa.func.count()).where(
            Deputy.meeting_id == meeting.id,
            Deputy.token_hash.is_not(None),
            Deputy.token_revoked.is_(False),
        )
    )
    candidates = _count(session, Candidate, meeting)
    projects = _count(session, Project, meeting)
    bare = session.scalar(
        sa.select(sa.func.count())
        .select_from(Project)
        .where(Project.meeting_id == meeting.id, ~Project.subprojects.any())
    )
    steps = [
        _step(
            "settings", "会议设置", "名称、届次、计票规则", meeting.settings_saved_at is not None
        ),
        _step("roster", f"代表名册 {deputies} 人", "导入或沿用名册", deputies > 0),
        _step("candidates", f"候选项目 {candidates} 项", "导入本年度候选项目", candidates > 0),
        _step(
            "projects",
            f"上年度项目 {projects} 项",
            f"{bare} 项的具体项目和完成情况待导入" if bare else "测评上年度项目",
            projects > 0 and not bare,
        ),
        _step(
            "cards",
            "表决卡已打印",
            f"已制证 {with_cards} / {deputies} 人",
            deputies > 0 and with_cards == deputies,
        ),
        _step("scrutineers", "监票人", f"{scrutineers} 个监票人账号", scrutineers > 0),
        _step(
            "rehearsal",
            "演练已完成",
            "演练进行中" if meeting.rehearsal else "演练后清除演练数据",
            meeting.rehearsed_at is not None and not meeting.rehearsal,
        ),
    ]
    following = next((step for step in steps if not step["done"]), None)
    for step in steps:
        step["next"] = step is following
    return steps


def _step(key: str, label: str, detail: str, done: bool) -> dict:
    return {"key": key, "label": label, "detail": detail, "done": done}
