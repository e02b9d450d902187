"""A ballot's life (draft → open → closed → published) and its result, computed from the box."""

from datetime import timedelta

import sqlalchemy as sa

from hall.base.clock import epoch_ms, utcnow
from hall.base.errors import HallError, not_found
from hall.meeting.current import check_current
from hall.meeting.roll import RollCall, roll_call
from hall.store import audit
from hall.store.models import Ballot, BallotItem, Participation

STATE_NAMES = {
    "draft": "草稿",
    "open": "投票中",
    "closed": "已结束",
    "published": "已公布",
    "void": "作废",
}


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
    if ballot.state != "draft":
        raise HallError("invalid_state", f"该投票{STATE_NAMES[ballot.state]}，不能再开始", 409)
    already_open = session.scalar(
        sa.select(Ballot.id).where(Ballot.meeting_id == ballot.meeting_id, Ballot.state == "open")
    )
    if already_open:
        raise HallError("invalid_state", "已有一项投票正在进行，请先结束它", 409)
    if countdown_seconds is None:
        countdown_seconds = ballot.countdown_seconds  # the draft's preset, if any
    if countdown_seconds is not None and not 10 <= countdown_seconds <= 24 * 3600:
        raise HallError("bad_request", "倒计时应在 10 秒到 24 小时之间", 400)
    ballot.state = "open"
    ballot.opened_at = utcnow()
    # hall/voting/released.py: the empty box is the first release
    ballot.released_returned, ballot.released_result = 0, None
    if countdown_seconds:
        ballot.closes_at = ballot.opened_at + timedelta(seconds=countdown_seconds)
    audit.record(session, actor, "ballot_open", ballot=ballot.id, countdown=countdown_seconds)


def close_ballot(session, ballot: Ballot, actor: str) -> None:
    if ballot.state != "open":
        raise HallError("invalid_state", "只能结束正在进行的投票", 409)
    freeze_roll(session, ballot)
    ballot.state = "closed"
    ballot.closed_at = utcnow()
    if ballot.closes_at is not None:
        ballot.closed_at = min(ballot.closed_at, ballot.closes_at)
    audit.record(session, actor, "ballot_close", ballot=ballot.id)


def freeze_roll(session, ballot: Ballot) -> None:
    """Keep the roll as it stands when voting stops: the result is computed on it."""
    roll = roll_call(session, ballot.meeting)
    ballot.roll_expected, ballot.roll_present = roll.expected, roll.present
    ballot.roll_on_leave = roll.on_leave


def publish_ballot(session, ballot: Ballot, actor: str) -> None:
    if ballot.state != "closed":
        raise HallError("invalid_state", "只能公布已结束的投票", 409)
    ballot.state = "published"
    ballot.published_at = utcnow()
    audit.record(session, actor, "ballot_publish", ballot=ballot.id)


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


def ballot_summary(session, ballot: Ballot) -> dict:
    """The ballot as the desk's overview lists it."""
    return {
        "id": ballot.id,
        "title": ballot.title,
        "kind": ballot.kind,
        "state": ballot.state,
        "form": ballot.form,
        "places": ballot.places,
        "display": ballot.display,
        "secret": ballot.secret,
        "require_sign_in": ballot.require_sign_in,
        "opened_at": epoch_ms(ballot.opened_at),
        "closed_at": epoch_ms(ballot.closed_at),
        "closes_at": epoch_ms(ballot.closes_at),
        "turnout": turnout(session, ballot),
        "items": len(ballot.items),
        "countdown_seconds": ballot.countdown_seconds,
        "void_reason": ballot.void_reason,
        "parent_id": ballot.parent_id,
    }


def phone_view(ballot: Ballot) -> dict:
    """The ballot as a phone shows it: the sheet to fill, never any count."""
    return {
        "id": ballot.id,
        "kind": ballot.kind,
        "title": ballot.title,
        "state": ballot.state,
        "form": ballot.form,
        "places": ballot.places,
        "require_sign_in": ballot.require_sign_in,
        "closes_at": epoch_ms(ballot.closes_at),
        "items": [_phone_item(item) for item in ballot.items],
    }


def _phone_item(item: BallotItem) -> dict:
    if item.candidate is not None:
        candidate = item.candidate
        details = {
            "lead_department": candidate.lead_department,
            "summary": candidate.summary,
            "budget": candidate.budget,
        }
    else:
        details = project_view(item.project)
    return {**details, "id": item.item_id, "position": item.position, "name": item.name}


def project_view(project) -> dict:
    """A completed project with its sub-projects, as phones and the showcase show it."""
    return {
        "id": project.id,
        "position": project.position,
        "name": project.name,
        "area": project.area,
        "lead_department": project.lead_department,
        "summary": project.summary,
        "subprojects": [
            {
                "name": sub.name,
                "target": sub.target,
                "achieved": sub.achieved,
                "unit": sub.unit,
                "status": sub.status,
                "completed_on": sub.completed_on.isoformat() if sub.completed_on else None,
                "progress": sub.progress,
            }
            for sub in project.subprojects
        ],
    }


def ballot_for_phones(session, meeting_id: int) -> Ballot | None:
    """The open ballot, else the latest closed or published one, else None."""
    visible = sa.select(Ballot).where(
        Ballot.meeting_id == meeting_id, Ballot.state.in_(("open", "closed", "published"))
    )
    open_one = session.scalar(visible.where(Ballot.state == "open"))
    if open_one is not None:
        return open_one
    return session.scalar(visible.order_by(Ballot.closed_at.desc(), Ballot.id.desc()).limit(1))
