"""The live monitor of a ballot: turnout by delegation, who has not voted, phones connected.

Who has voted is not secret (the desk needs it); what anyone chose never appears here.
"""

import sqlalchemy as sa

from hall.store.models import Ballot, Delegation, Deputy, Participation


def monitor(session, ballot: Ballot, phones_connected: int) -> dict:
    voted_ids = set(
        session.scalars(
            sa.select(Participation.deputy_id).where(Participation.ballot_id == ballot.id)
        )
    )
    deputies = session.scalars(
        sa.select(Deputy).where(Deputy.meeting_id == ballot.meeting_id).order_by(Deputy.id)
    ).all()
    delegations = session.scalars(
        sa.select(Delegation)
        .where(Delegation.meeting_id == ballot.meeting_id)
        .order_by(Delegation.position)
    ).all()
    rows = {
        d.id: {"delegation": d.name, "expected": 0, "present": 0, "on_leave": 0, "voted": 0}
        for d in delegations
    }
    not_voted = []
    for deputy in deputies:
        row = rows.get(deputy.delegation_id)
        voted = deputy.id in voted_ids
        if row is not None:
            row["expected"] += 1  # 应到: the whole delegation, those on leave too
            row["on_leave"] += deputy.on_leave
            row["present"] += deputy.signed_in_at is not None and not deputy.on_leave
            row["voted"] += voted
        # Nobody chases a deputy on leave for a sheet (unless they voted before it).
        if not voted and not deputy.on_leave:
            not_voted.append(_not_voted(deputy, row["delegation"] if row else ""))
    return {
        "ballot_id": ballot.id,
        "by_delegation": list(rows.values()),
        "not_voted": not_voted,
        "voted": len(voted_ids),
        "phones_connected": phones_connected,
    }


def _not_voted(deputy: Deputy, delegation: str) -> dict:
    return {
        "id": deputy.id,
        "name": deputy.name,
        "delegation": delegation,
        "seat": deputy.seat,
        "signed_in": deputy.signed_in_at is not None,
    }
