"""Meetings at the desk (会议): create one (it becomes current, carrying over what it is asked
to from earlier ones: hall.new_meeting.carry_over), make an earlier one current again, list
them all."""

import secrets
from datetime import date

import sqlalchemy as sa

from hall.ballots.views import ballot_summary
from hall.base.errors import HallError, not_found
from hall.meeting.roll import current_meeting
from hall.meeting.settings import check_dates, check_setting, settings_dict
from hall.new_meeting.carry_over import carry_chosen_projects, copy_roster
from hall.store import audit
from hall.store.models import Ballot, Candidate, Deputy, Meeting, Project

DETAILS = ("name", "year", "session_label", "starts_on", "ends_on", "place")
CARRY = ("roster_from", "projects_from")  # what a new meeting may take from an earlier one
SWITCH_LOCK = 0x4A11_3EE7  # PostgreSQL advisory lock key: "who is the current meeting"


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
