"""The roll (签到): who is expected, who is present, sign-in by phone or at the desk."""

from dataclasses import dataclass

import sqlalchemy as sa

from hall.clock import utcnow
from hall.errors import HallError
from hall.meetings import check_current
from hall.models import Deputy, Meeting
from hall.rules import parse_fraction, quorum_met


@dataclass(frozen=True)
class RollCall:
    expected: int
    present: int
    quorum_fraction: str
    sign_in_open: bool

    @property
    def quorum_met(self) -> bool:
        return quorum_met(self.expected, self.present, parse_fraction(self.quorum_fraction))

    def to_dict(self) -> dict:
        return {
            "expected": self.expected,
            "present": self.present,
            "quorum_met": self.quorum_met,
            "quorum_fraction": self.quorum_fraction,
            "sign_in_open": self.sign_in_open,
        }


def current_meeting(session) -> Meeting | None:
    """Hall serves one meeting at a time: the one the desk made current (hall.meetings)."""
    return session.scalar(sa.select(Meeting).where(Meeting.is_current.is_(True)))


def meeting_or_404(session) -> Meeting:
    """The current meeting, or the desk's refusal when none has been set up yet."""
    meeting = current_meeting(session)
    if meeting is None:
        raise HallError("not_found", "尚未建立会议：请先在控制台新建会议", 404)
    return meeting


def roll_call(session, meeting: Meeting) -> RollCall:
    on_roll = sa.and_(Deputy.meeting_id == meeting.id, Deputy.on_leave.is_(False))
    expected = session.scalar(sa.select(sa.func.count()).where(on_roll))
    present = session.scalar(
        sa.select(sa.func.count()).where(on_roll, Deputy.signed_in_at.is_not(None))
    )
    return RollCall(expected, present, meeting.quorum_fraction, meeting.sign_in_open)


def sign_in(session, deputy: Deputy, meeting: Meeting, by: str = "self") -> bool:
    """Sign a deputy in; True when this call did it, False when they already were."""
    check_current(meeting)
    if deputy.signed_in_at is not None:
        return False
    if by == "self" and not meeting.sign_in_open:
        raise HallError("sign_in_closed", "签到尚未开始或已经结束", 409)
    deputy.signed_in_at = utcnow()
    deputy.signed_in_by = by
    return True
