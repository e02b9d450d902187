"""The few facts a connecting phone's socket needs about the deputy behind its card, read with
one plain query instead of an ORM object with its meeting.

A reconnect storm opens 3,000 sockets within seconds; building a Deputy and its Meeting for
each was a quarter of the server's CPU in it (py-spy, BENCHMARKS.md). The socket's connect
handler reads only these fields, under the same names as on Deputy and Meeting.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from hall.base.bounded import Bounded
from hall.roster.credentials import token_hash
from hall.store.models import Deputy, Meeting


@dataclass(frozen=True)
class HolderMeeting:
    id: int
    is_current: bool
    one_phone_per_card: bool


@dataclass(frozen=True)
class CardHolder:
    id: int
    meeting_id: int
    name: str  # for the refusal that names whose page this now is (deputy_changed)
    token_hash: str
    token_revoked: bool
    device_hash: str | None
    meeting: HolderMeeting


# The tables' columns, not the mapped classes' attributes: a plain Core query, without the
# ORM's result machinery for each execution (less than half the time per connect, measured).
_DEPUTY, _MEETING = Deputy.__table__, Meeting.__table__
_BY_TOKEN_HASH = (
    sa.select(
        _DEPUTY.c.id,
        _DEPUTY.c.meeting_id,
        _DEPUTY.c.name,
        _DEPUTY.c.token_hash,
        _DEPUTY.c.token_revoked,
        _DEPUTY.c.device_hash,
        _MEETING.c.is_current,
        _MEETING.c.one_phone_per_card,
    )
    .join_from(_DEPUTY, _MEETING, _MEETING.c.id == _DEPUTY.c.meeting_id)
    .where(_DEPUTY.c.token_hash == sa.bindparam("token_hash"))
)


def holder_for_token(session, token: str | None) -> CardHolder | None:
    """As credentials.deputy_for_token, for the socket: None for an unknown card."""
    if not token or len(token) > 64:
        return None
    row = session.execute(_BY_TOKEN_HASH, {"token_hash": token_hash(token)}).first()
    if row is None:
        return None
    meeting = HolderMeeting(row.meeting_id, row.is_current, row.one_phone_per_card)
    return CardHolder(
        row.id,
        row.meeting_id,
        row.name,
        row.token_hash,
        row.token_revoked,
        row.device_hash,
        meeting,
    )


class HolderCache:
    """This process's card holders by token hash, for the phone's sheet POST.

    Only the card's binding to its deputy (id, meeting, name) never changes; what may change
    (a card revoked or replaced, a phone bound or unbound, the meeting archived) the ballot
    box checks again on the deputy's row as it casts (hall/deputy/card_access.py,
    card_refusal_for). A stale entry can therefore only make a sheet be refused, never
    accepted wrongly: the caller then asks the database again (`fresh`, which remembers anew).
    Bounded: the oldest entries go first.
    """

    def __init__(self, size: int = 20_000):
        self._holders: Bounded = Bounded(size)  # token hash -> CardHolder

    def holder(self, session_of, token: str | None) -> CardHolder | None:
        """The remembered holder, else read (`session_of()` gives a session) and remembered."""
        if not token or len(token) > 64:
            return None
        cached = self._holders.get(token_hash(token))
        return cached if cached is not None else self.fresh(session_of(), token)

    def fresh(self, session, token: str) -> CardHolder | None:
        """The holder read from the database now, remembered."""
        holder = holder_for_token(session, token)
        if holder is not None:
            self.remember(holder)
        return holder

    def remember(self, holder: CardHolder) -> None:
        self._holders.put(holder.token_hash, holder)

    def forget(self, token: str | None) -> None:
        if token:
            self._holders.pop(token_hash(token), None)

    def clear(self) -> None:
        self._holders.clear()


holders = HolderCache()
