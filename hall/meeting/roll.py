"""The roll (签到): who is expected, who is present, sign-in by phone or at the desk."""

from dataclasses import dataclass

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError
from hall.meeting.current import check_current
from hall.rules import Attendance, parse_fraction, quorum_met
from hall.store import audit
from hall.store.models import Deputy, Meeting

# signed_in_by of a deputy on leave who signed in on their own phone, which cleared the leave.
LEAVE_CLEARED = "self:leave_cleared"


@dataclass(frozen=True)
class RollCall:
    """应到 is the whole roster: leave lowers neither it nor the quorum on it.

    `on_leave` is None for a roll a ballot froze before leave was counted on its own.
    """

    expected: int
    present: int
    quorum_fraction: str
    sign_in_open: bool
    on_leave: int | None = None
    # Whether sign-in has ever opened: before it, nobody says the quorum fails.
    sign_in_started: bool = True

    @property
    def attendance(self) -> Attendance:
        return Attendance(self.expected, self.present, self.on_leave)

    @property
    def quorum_met(self) -> bool:
        return quorum_met(self.expected, self.present, parse_fraction(self.quorum_fraction))

    def to_dict(self) -> dict:
        attendance = self.attendance
        return {
            "expected": self.expected,
            "present": self.present,
            "on_leave": self.on_leave,
            "absent": attendance.absent,
            "line": attendance.line,
            "quorum_met": self.quorum_met,
            "quorum_fraction": self.quorum_fraction,
            "sign_in_open": self.sign_in_open,
            "sign_in_started": self.sign_in_started,
        }


def current_meeting(session) -> Meeting | None:
    """Hall serves one meeting at a time: the one the desk made current (hall.meeting.current)."""
    return session.scalar(sa.select(Meeting).where(Meeting.is_current.is_(True)))


def meeting_or_404(session) -> Meeting:
    """The current meeting, or the desk's refusal when none has been set up yet."""
    meeting = current_meeting(session)
    if meeting is None:
        raise HallError("not_found", "尚未建立会议：请先在控制台新建会议", 404)
    return meeting


def roll_call(session, meeting: Meeting) -> RollCall:
    """The live roll, counted as hall.rules.count_attendance counts it, in one query."""
    on_leave = Deputy.on_leave.is_(True)
    present = sa.and_(Deputy.signed_in_at.is_not(None), Deputy.on_leave.is_(False))
    expected, present, on_leave = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.case((present, 1))),
            sa.func.count(sa.case((on_leave, 1))),
        ).where(Deputy.meeting_id == meeting.id)
    ).one()
    return RollCall(
        expected,
        present,
        meeting.quorum_fraction,
        meeting.sign_in_open,
        on_leave=on_leave,
        sign_in_started=sign_in_started(meeting),
    )


def leave_cleared(session, meeting: Meeting) -> list[dict]:
    """Deputies who were on leave and signed in on their own phone, for the desk to see."""
    deputies = session.execute(
        sa.select(Deputy.id, Deputy.name)
        .where(Deputy.meeting_id == meeting.id, Deputy.signed_in_by == LEAVE_CLEARED)
        .order_by(Deputy.signed_in_at, Deputy.id)
    ).all()
    return [{"id": deputy_id, "name": name} for deputy_id, name in deputies]


def sign_in_started(meeting: Meeting) -> bool:
    return meeting.sign_in_open or meeting.sign_in_opened_at is not None


def switch_sign_in(meeting: Meeting, open_it: bool) -> None:
    """Open or close sign-in, noting when it first opened."""
    meeting.sign_in_open = open_it
    if open_it and meeting.sign_in_opened_at is None:
        meeting.sign_in_opened_at = utcnow()


def sign_in(session, deputy: Deputy, meeting: Meeting, by: str = "self") -> bool:
    """Sign a deputy in; True when this call did it, False when they already were.

    A deputy on leave who signs in on their own phone is present: the leave is cleared,
    audited (actor "phone"), and the desk's roll shows it (signed_in_by LEAVE_CLEARED).
    """
    check_current(meeting)
    if by == "self" and deputy.on_leave:
        if not meeting.sign_in_open:
            raise HallError("sign_in_closed", "签到尚未开始或已经结束", 409)
        deputy.on_leave = False
        deputy.signed_in_at = utcnow()
        deputy.signed_in_by = LEAVE_CLEARED
        audit.record(
            session,
            "phone",
            "deputy_leave",
            deputy=deputy.id,
            name=deputy.name,
            before="请假",
            after="已签到（本人手机签到，请假已取消）",
        )
        return True
    if deputy.signed_in_at is not None:
        return False
    if by == "self" and not meeting.sign_in_open:
        raise HallError("sign_in_closed", "签到尚未开始或已经结束", 409)
    deputy.signed_in_at = utcnow()
    deputy.signed_in_by = by
    return True
