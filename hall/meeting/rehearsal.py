"""Rehearsal (演练): a meeting marked as a dry run, whose votes and sign-ins can be wiped."""

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError
from hall.store import audit
from hall.store.models import (
    Ballot,
    BallotItem,
    Deputy,
    Meeting,
    NamedVote,
    PaperEntry,
    Participation,
    Sheet,
)

# What every export and printout of a rehearsal starts with, so its figures never pass as real.
REHEARSAL_MARK = "【演练】"


def set_rehearsal(session, meeting: Meeting, on: bool, actor: str) -> None:
    """Enter or leave rehearsal. Both ways need a meeting with no votes in it: a wipe must
    never touch a real vote, and rehearsal votes must never become real ones."""
    if meeting.rehearsal == on:
        return
    if _has_votes(session, meeting):
        if on:
            raise HallError("real_votes_exist", "已有正式投票，不能再进入演练模式", 409)
        raise HallError("rehearsal_votes_exist", "请先清除演练数据，再退出演练模式", 409)
    audit.record(session, actor, "rehearsal", before=meeting.rehearsal, after=on)
    meeting.rehearsal = on


def _has_votes(session, meeting: Meeting) -> bool:
    """Any ballot past draft, or any participation or sheet, in the meeting."""
    ballots = sa.select(Ballot.id).where(Ballot.meeting_id == meeting.id)
    past_draft = ballots.where(Ballot.state != "draft")
    return any(
        session.scalar(sa.select(sa.exists(query)))
        for query in (
            past_draft,
            sa.select(Participation.ballot_id).where(Participation.ballot_id.in_(ballots)),
            sa.select(Sheet.ballot_id).where(Sheet.ballot_id.in_(ballots)),
        )
    )


def wipe_rehearsal(session, meeting: Meeting, actor: str) -> dict:
    """Remove every vote, participation and sign-in; keep the loaded data; ballots to draft."""
    if not meeting.rehearsal:
        raise HallError("not_rehearsal", "只有演练模式下才能清除投票数据", 409)
    ballot_ids = sa.select(Ballot.id).where(Ballot.meeting_id == meeting.id)
    removed = {}
    for model in (NamedVote, Sheet, Participation, PaperEntry):
        result = session.execute(sa.delete(model).where(model.ballot_id.in_(ballot_ids)))
        removed[model.__tablename__] = result.rowcount
    removed["revotes"] = _delete_revotes(session, meeting)
    _ballots_back_to_draft(session, meeting)
    signed = session.execute(
        sa.update(Deputy)
        .where(Deputy.meeting_id == meeting.id, Deputy.signed_in_at.is_not(None))
        .values(signed_in_at=None, signed_in_by=None)
    )
    removed["sign_ins"] = signed.rowcount
    session.expire_all()  # the bulk statements above bypassed the loaded objects
    meeting.sign_in_open = False
    meeting.sign_in_opened_at = None  # the real session's sign-in has not started
    meeting.rehearsed_at = utcnow()  # the dashboard's setup list: 演练已完成
    audit.record(session, actor, "rehearsal_wipe", removed=removed)
    return removed


def _delete_revotes(session, meeting: Meeting) -> int:
    """Delete the re-votes and their items; how many re-votes went."""
    revote_ids = sa.select(Ballot.id).where(
        Ballot.meeting_id == meeting.id, Ballot.parent_id.is_not(None)
    )
    session.execute(sa.delete(BallotItem).where(BallotItem.ballot_id.in_(revote_ids)))
    revotes = session.execute(
        sa.delete(Ballot).where(Ballot.meeting_id == meeting.id, Ballot.parent_id.is_not(None))
    )
    return revotes.rowcount


def _ballots_back_to_draft(session, meeting: Meeting) -> None:
    """Every ballot of the meeting back to a draft, its times and frozen figures cleared."""
    session.execute(
        sa.update(Ballot)
        .where(Ballot.meeting_id == meeting.id)
        .values(
            state="draft",
            opened_at=None,
            closes_at=None,
            closed_at=None,
            published_at=None,
            void_reason=None,
            roll_expected=None,
            roll_present=None,
            released_returned=None,
            released_result=None,
            roll_on_leave=None,
        )
    )
