"""A ballot's life: open, close, publish, extend, void (State), and what the box and roll say."""

from datetime import timedelta
from enum import StrEnum

import sqlalchemy as sa

from hall.base.clock import epoch_ms, utcnow
from hall.base.errors import HallError, not_found
from hall.meeting.current import check_current
from hall.meeting.roll import RollCall, roll_call
from hall.rules.words import WORDS
from hall.store import audit
from hall.store.models import Ballot, Participation


class State(StrEnum):
    """Where a ballot stands: draft → open → closed → published, or void from any of them."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"
    VOID = "void"


STATE_NAMES = WORDS["states"]  # a State is its text, so either finds the word
# A countdown, set on a draft, given at the opening, or left after an extension.
COUNTDOWN_LIMITS = (10, 24 * 3600)  # seconds
COUNTDOWN_MESSAGE = "倒计时应在 10 秒到 24 小时之间"


# A state as the reason an import is locked: 「…」正在投票，代表名册已锁定
_LOCKING_STATE_NAMES = {
    "open": "正在投票",
    "closed": "已结束",
    "published": "已公布",
    "void": "已作废",
}


def import_locked_by(ballot: Ballot, what: str) -> str:
    """Why `what` (代表名册, 候选项目) can no longer be imported: `ballot` has left draft."""
    state = _LOCKING_STATE_NAMES.get(ballot.state, ballot.state)
    return f"「{ballot.title}」{state}，{what}已锁定，不能再导入替换"


def ballots_of_kind(session, meeting, kind: str) -> list[Ballot]:
    """The meeting's ballots of one kind (project votes, or ratings), oldest first."""
    query = sa.select(Ballot).where(Ballot.meeting_id == meeting.id, Ballot.kind == kind)
    return list(session.scalars(query.order_by(Ballot.id)))


def kind_lock(session, meeting, kind: str, what: str) -> str | None:
    """Why `what` can no longer be imported (a ballot of `kind` has left draft), or None."""
    for ballot in ballots_of_kind(session, meeting, kind):
        if ballot.state != "draft":
            return import_locked_by(ballot, what)
    return None


def get_ballot(session, ballot_id: int) -> Ballot:
    ballot = session.get(Ballot, ballot_id)
    if ballot is None:
        raise not_found("投票")
    return ballot


def get_writable_ballot(session, ballot_id: int) -> Ballot:
    """The ballot, for a change: refused (meeting_archived) unless its meeting is current."""
    ballot = get_ballot(session, ballot_id)
    check_current(ballot.meeting)
    return ballot


def open_ballot(session, ballot: Ballot, actor: str, countdown_seconds: int | None = None):
    if ballot.state != State.DRAFT:
        raise HallError("invalid_state", f"该投票{STATE_NAMES[ballot.state]}，不能再开始", 409)
    already_open = session.scalar(
        sa.select(Ballot.id).where(Ballot.meeting_id == ballot.meeting_id, Ballot.state == "open")
    )
    if already_open:
        raise HallError("invalid_state", "已有一项投票正在进行，请先结束它", 409)
    if countdown_seconds is None:
        countdown_seconds = ballot.countdown_seconds  # the draft's preset, if any
    if countdown_seconds is not None and not within_countdown_limits(countdown_seconds):
        raise HallError("bad_request", COUNTDOWN_MESSAGE, 400)
    ballot.state = State.OPEN
    ballot.opened_at = utcnow()
    # hall/voting/released.py: the empty box is the first release
    ballot.released_returned, ballot.released_result = 0, None
    if countdown_seconds:
        ballot.closes_at = ballot.opened_at + timedelta(seconds=countdown_seconds)
    audit.record(session, actor, "ballot_open", ballot=ballot.id, countdown=countdown_seconds)


def close_ballot(session, ballot: Ballot, actor: str) -> None:
    if ballot.state != State.OPEN:
        raise HallError("invalid_state", "只能结束正在进行的投票", 409)
    _stop_voting(session, ballot)
    ballot.state = State.CLOSED
    audit.record(session, actor, "ballot_close", ballot=ballot.id)


def within_countdown_limits(seconds: int) -> bool:
    low, high = COUNTDOWN_LIMITS
    return low <= seconds <= high


def _stop_voting(session, ballot: Ballot) -> None:
    """Voting stops (a close, or a void while open): keep the roll as it stands, the result is
    computed on it, and the time, never later than the countdown's end."""
    roll = roll_call(session, ballot.meeting)
    ballot.roll_expected, ballot.roll_present = roll.expected, roll.present
    ballot.roll_on_leave = roll.on_leave
    ballot.closed_at = utcnow()
    if ballot.closes_at is not None:
        ballot.closed_at = min(ballot.closed_at, ballot.closes_at)


def publish_ballot(session, ballot: Ballot, actor: str) -> None:
    if ballot.state != State.CLOSED:
        raise HallError("invalid_state", "只能公布已结束的投票", 409)
    ballot.state = State.PUBLISHED
    ballot.published_at = utcnow()
    audit.record(session, actor, "ballot_publish", ballot=ballot.id)
    for listener in _publish_listeners:
        listener(session, ballot)  # in the same transaction: the register (hall.supervision)


_publish_listeners: list = []


def on_publish(listener):
    """Call `listener(session, ballot)` whenever a ballot is published, before the commit, so
    what follows from a result (the year's register) is written with it or not at all."""
    if listener not in _publish_listeners:
        _publish_listeners.append(listener)
    return listener


def extend_countdown(session, ballot: Ballot, actor: str, seconds: object) -> None:
    """Give an open ballot `seconds` more; one without a countdown gets one ending then."""
    if ballot.state != State.OPEN:
        raise HallError("invalid_state", "只能为正在进行的投票延长时间", 409)
    low, high = COUNTDOWN_LIMITS
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < low:
        raise HallError("bad_request", "延长时间须为不少于 10 秒的整数秒", 400)
    if seconds > high:  # also before any date arithmetic, which would overflow
        raise HallError("bad_request", "延长后剩余时间不能超过 24 小时", 400)
    now = utcnow()
    before = ballot.closes_at
    if before is not None and before <= now:
        raise HallError("invalid_state", "倒计时已到，投票正在自动结束，不能再延长", 409)
    after = (before or now) + timedelta(seconds=seconds)
    if after - now > timedelta(seconds=high):
        raise HallError("bad_request", "延长后剩余时间不能超过 24 小时", 400)
    ballot.closes_at = after
    audit.record(
        session,
        actor,
        "ballot_extend",
        ballot=ballot.id,
        seconds=seconds,
        before=epoch_ms(before),
        after=epoch_ms(after),
    )


def void_ballot(session, ballot: Ballot, actor: str, reason: object) -> None:
    """Declare a ballot void (作废): its sheets stay in the box, it yields no result."""
    if ballot.state == State.VOID:
        raise HallError("invalid_state", "该投票已经作废", 409)
    if not isinstance(reason, str) or not reason.strip():
        raise HallError("bad_request", "请填写作废原因", 400)
    reason = reason.strip()
    if len(reason) > 500:
        raise HallError("bad_request", "作废原因不能超过 500 字", 400)
    before = ballot.state
    if before == State.OPEN:
        _stop_voting(session, ballot)  # as closing would, so the record shows when
    ballot.state = State.VOID
    ballot.void_reason = reason
    audit.record(
        session,
        actor,
        "ballot_void",
        ballot=ballot.id,
        reason=reason,
        before=before,
        after="void",
    )


def any_ballot_open(session) -> bool:
    """Whether voting is on anywhere (the collector's pacer and the box sealer ask)."""
    return bool(session.scalar(sa.select(sa.exists().where(Ballot.state == "open"))))


def expired_ballot_ids(session) -> list[int]:
    """Open ballots whose countdown has run out (the live task closes them)."""
    return list(
        session.scalars(
            sa.select(Ballot.id).where(Ballot.state == "open", Ballot.closes_at <= utcnow())
        )
    )


def turnout(session, ballot: Ballot) -> dict:
    voted = session.scalar(sa.select(sa.func.count()).where(Participation.ballot_id == ballot.id))
    roll = roll_for(session, ballot)
    return {"voted": voted, "present": roll.present, "expected": roll.expected}


def voted_via(session, ballot_id: int, deputy_id: int) -> str | None:
    """How the deputy took part: "phone", "paper", or None when not (yet)."""
    participation = session.get(Participation, (ballot_id, deputy_id))
    return participation.via if participation else None


def roll_for(session, ballot: Ballot) -> RollCall:
    """The live roll while a ballot is open; the roll frozen at close afterwards."""
    if ballot.roll_expected is None:
        return roll_call(session, ballot.meeting)
    meeting = ballot.meeting
    return RollCall(
        ballot.roll_expected,
        ballot.roll_present,
        meeting.quorum_fraction,
        meeting.sign_in_open,
        on_leave=ballot.roll_on_leave,
    )


def ballot_for_phones(session, meeting_id: int) -> Ballot | None:
    """The open ballot, else the latest closed or published one, else None."""
    visible = sa.select(Ballot).where(
        Ballot.meeting_id == meeting_id, Ballot.state.in_(("open", "closed", "published"))
    )
    open_one = session.scalar(visible.where(Ballot.state == "open"))
    if open_one is not None:
        return open_one
    return session.scalar(visible.order_by(Ballot.closed_at.desc(), Ballot.id.desc()).limit(1))
