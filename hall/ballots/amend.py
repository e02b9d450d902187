"""A ballot's life after drafting: extend its countdown while open, or void it with a reason."""

from datetime import timedelta

from hall.ballots.life import freeze_roll
from hall.base.clock import epoch_ms, utcnow
from hall.base.errors import HallError
from hall.store import audit
from hall.store.models import Ballot

MAX_LEFT_SECONDS = 24 * 3600


def extend_countdown(session, ballot: Ballot, actor: str, seconds: object) -> None:
    """Give an open ballot `seconds` more; one without a countdown gets one ending then."""
    if ballot.state != "open":
        raise HallError("invalid_state", "只能为正在进行的投票延长时间", 409)
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not seconds >= 10:
        raise HallError("bad_request", "延长时间须为不少于 10 秒的整数秒", 400)
    if seconds > MAX_LEFT_SECONDS:  # also before any date arithmetic, which would overflow
        raise HallError("bad_request", "延长后剩余时间不能超过 24 小时", 400)
    now = utcnow()
    before = ballot.closes_at
    if before is not None and before <= now:
        raise HallError("invalid_state", "倒计时已到，投票正在自动结束，不能再延长", 409)
    after = (before or now) + timedelta(seconds=seconds)
    if after - now > timedelta(seconds=MAX_LEFT_SECONDS):
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
    if ballot.state == "void":
        raise HallError("invalid_state", "该投票已经作废", 409)
    if not isinstance(reason, str) or not reason.strip():
        raise HallError("bad_request", "请填写作废原因", 400)
    reason = reason.strip()
    if len(reason) > 500:
        raise HallError("bad_request", "作废原因不能超过 500 字", 400)
    before = ballot.state
    if before == "open":
        # Stop the vote where it stands, as closing it would, so the record shows when.
        freeze_roll(session, ballot)
        ballot.closed_at = utcnow()
        if ballot.closes_at is not None:
            ballot.closed_at = min(ballot.closed_at, ballot.closes_at)
    ballot.state = "void"
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
