"""The few facts a connecting phone's socket needs about the deputy behind its card, read with
one plain query instead of an ORM object with its meeting.

A reconnect storm opens 3,000 sockets within seconds; building a Deputy and its Meeting for
each was a quarter of the server's CPU in it (py-spy, BENCHMARKS.md). The socket's connect
handler reads only these fields, under the same names as on Deputy and Meeting.
"""

from dataclasses import dataclass

import sqlalchemy as sa

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


_BY_TOKEN_HASH = (
    sa.select(
        Deputy.id,
        Deputy.meeting_id,
        Deputy.name,
        Deputy.token_hash,
        Deputy.token_revoked,
        Deputy.device_hash,
        Meeting.is_current,
        Meeting.one_phone_per_card,
    )
    .join(Meeting, Meeting.id == Deputy.meeting_id)
    .where(Deputy.token_hash == sa.bindparam("token_hash"))
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
