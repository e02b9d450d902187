"""This process's results of stopped ballots, computed once instead of at every reading.

Once a ballot is closed its phones' box no longer changes: publishing it, the screen's push, the
desk's preview, the supervision register, the report and 3,000 phones showing what was chosen
all read the same result, and counting 3,000 sheets takes tens of milliseconds each time.

What could still change it is in the key: whether it was voided and why, the roll frozen at
the close (and its meeting's quorum), and the number of sheets in its box (paper sheets are
typed in after the close; the box only ever gains sheets, hall/voting/box.py and paper.py).
Each reading pays one count on an indexed column. An open ballot is never kept. A copy is
answered, so no caller changes another's.
"""

import copy

import sqlalchemy as sa

from hall.base.bounded import Bounded
from hall.store.models import Ballot, Sheet

STOPPED = ("closed", "published", "void")
SIZE = 64  # ballots kept; a meeting has a few dozen


class ResultCache:
    def __init__(self, size: int = SIZE):
        self._results: Bounded = Bounded(size)  # ballot id -> (key, result)

    def get(self, session, ballot: Ballot, compute) -> dict:
        """`compute()` for an open ballot; for a stopped one, the result kept for its key."""
        if ballot.state not in STOPPED:
            return compute()
        key = self._key(session, ballot)
        kept = self._results.get(ballot.id)
        if kept is not None and kept[0] == key:
            return copy.deepcopy(kept[1])
        result = compute()
        self._results.put(ballot.id, (key, copy.deepcopy(result)))
        return result

    def clear(self) -> None:
        self._results.clear()

    @staticmethod
    def _key(session, ballot: Ballot) -> tuple:
        count = sa.select(sa.func.count()).select_from(Sheet).where(Sheet.ballot_id == ballot.id)
        meeting = ballot.meeting  # the roll's quorum and sign-in flag are the meeting's
        return (
            ballot.state == "void",  # closed or published count the same
            ballot.void_reason,
            ballot.roll_expected,
            ballot.roll_present,
            ballot.roll_on_leave,
            meeting.quorum_fraction,
            meeting.sign_in_open,
            session.scalar(count),
        )


results = ResultCache()
