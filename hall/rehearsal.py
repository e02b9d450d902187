"""Rehearsal (演练): a meeting marked as a dry run, whose votes and sign-ins can be wiped."""

import sqlalchemy as sa

from hall import audit
from hall.errors import HallError
from hall.models import (
    Ballot,
    BallotItem,
    Deputy,
    Meeting,
    NamedVote,
    PaperEntry,
    Participation,
    Sheet,
)


def set_rehearsal(session, meeting: Meeting, on: bool, actor: str) -> None:
    if meeting.rehearsal != on:
        audit.record(session, actor, "rehearsal", before=meeting.rehearsal, after=on)
        meeting.rehearsal = on


def wipe_rehearsal(session, meeting: Meeting, actor: str) -> dict:
    """Remove every vote, participation and sign-in; keep the loaded data; ballots to draft."""
    if not meeting.rehearsal:
        raise HallError("not_rehearsal", "只有演练模式下才能清除投票数据", 409)
    ballot_ids = sa.select(Ballot.id).where(Ballot.meeting_id == meeting.id)
    removed = {}
    for model in (NamedVote, Sheet, Participation, PaperEntry):
        result = session.execute(sa.delete(model).where(model.ballot_id.in_(ballot_ids)))
        removed[model.__tablename__] = result.rowcount
    revote_ids = sa.select(Ballot.id).where(
        Ballot.meeting_id == meeting.id, Ballot.parent_id.is_not(None)
    )
    session.execute(sa.delete(BallotItem).where(BallotItem.ballot_id.in_(revote_ids)))
    revotes = session.execute(
        sa.delete(Ballot).where(Ballot.meeting_id == meeting.id, Ballot.parent_id.is_not(None))
    )
    removed["revotes"] = revotes.rowcount
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
        )
    )
    signed = session.execute(
        sa.update(Deputy)
        .where(Deputy.meeting_id == meeting.id, Deputy.signed_in_at.is_not(None))
        .values(signed_in_at=None, signed_in_by=None)
    )
    removed["sign_ins"] = signed.rowcount
    session.expire_all()  # the bulk statements above bypassed the loaded objects
    meeting.sign_in_open = False
    audit.record(session, actor, "rehearsal_wipe", removed=removed)
    return removed
