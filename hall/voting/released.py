"""The result as anyone may see it: in batches while a ballot is open, else in full.

The screen in `live` mode, the 满意 feed, the desk's preview, the API's provisional result and
the exports all read it here. While a ballot is open, the result shown is the last one
released, and a new one is released only once SECRET_BATCH more sheets are in
(hall/rules/secrecy.py); until then the empty box is shown. The release is kept on the
ballot's row, so every process and every surface shows the same and it never goes back; the
feed is what one release adds to the one before it, so counting the feed tells no more than
the released tallies do. Once the ballot closes, `settle` releases the rest, once.
"""

import json
from collections.abc import Callable

import sqlalchemy as sa

from hall.rules.secrecy import SECRET_BATCH
from hall.store.db import write_session
from hall.store.models import Ballot, Sheet
from hall.voting.results import compute_result

# Called after each new release with (ballot, the release before, the new one): the live
# state turns a rating's difference into the 满意 feed (hall.live.state).
Listener = Callable[[Ballot, dict, dict], None]
listeners: list[Listener] = []


def visible_result(session, ballot: Ballot) -> dict:
    """`compute_result`, held back to the last release while the ballot is open."""
    if ballot.state != "open":
        return compute_result(session, ballot)
    released, returned = _release_state(session, ballot)
    if released is None:  # opened before releases were kept: nothing to hold back to
        return compute_result(session, ballot)
    if returned - released < SECRET_BATCH:
        return _last_release(session, ballot)
    return _release(session, ballot, returned, released, SECRET_BATCH)


def settle(session, ballot: Ballot) -> None:
    """Once a ballot stops, release what the last batch held back (the feed's last items)."""
    released, returned = _release_state(session, ballot)
    if ballot.state != "open" and released is not None and returned != released:
        _release(session, ballot, returned, released, 1)


def unsettled_ballot_ids(session, meeting_ids=None, **same) -> list[int]:
    """Ballots (of the meetings given, with the columns given) whose last release is behind
    the box: open with new sheets, or stopped before the rest was released."""
    returned = (
        sa.select(sa.func.count())
        .select_from(Sheet)
        .where(Sheet.ballot_id == Ballot.id)
        .scalar_subquery()
    )
    query = sa.select(Ballot.id).filter_by(**same).where(Ballot.released_returned.is_not(None))
    if meeting_ids is not None:
        query = query.where(Ballot.meeting_id.in_(sorted(meeting_ids)))
    return list(session.scalars(query.where(Ballot.released_returned != returned)))


def _release_state(session, ballot: Ballot) -> tuple[int | None, int]:
    released = session.scalar(sa.select(Ballot.released_returned).where(Ballot.id == ballot.id))
    returned = session.scalar(
        sa.select(sa.func.count()).select_from(Sheet).where(Sheet.ballot_id == ballot.id)
    )
    return released, returned


def _last_release(session, ballot: Ballot) -> dict:
    text = session.scalar(sa.select(Ballot.released_result).where(Ballot.id == ballot.id))
    return json.loads(text) if text else compute_result(session, ballot, empty_box=True)


def _release(session, ballot: Ballot, returned: int, released: int, batch: int) -> dict:
    """Compute and keep a release of `returned` sheets, if no other process has released
    meanwhile (then its release is shown instead), and tell the listeners."""
    result = compute_result(session, ballot)
    with write_session() as writer:
        # The release before is read here, in the write (the row locked), not from `session`:
        # another process may have released since `session`'s snapshot, and the feed must
        # start from its release, or its 满意 would scroll twice.
        kept = writer.execute(
            sa.select(Ballot.released_returned, Ballot.released_result)
            .where(Ballot.id == ballot.id)
            .with_for_update()
        ).one()
        before = json.loads(kept.released_result) if kept.released_result else None
        if kept.released_returned is None or kept.released_returned > returned - batch:
            return before or _last_release(session, ballot)
        writer.execute(
            sa.update(Ballot)
            .where(Ballot.id == ballot.id)
            .values(released_returned=returned, released_result=json.dumps(result))
        )
    before = before or compute_result(session, ballot, empty_box=True)
    for listener in listeners:
        listener(ballot, before, result)
    return result
