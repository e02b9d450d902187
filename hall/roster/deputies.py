"""The roster at the desk: replace it from an import, the roll by delegation, and sign-in or
leave entered by the secretariat (each audited).
"""

import sqlalchemy as sa

from hall.ballots.life import import_locked_by
from hall.base.clock import epoch_ms
from hall.base.errors import HallError, not_found
from hall.imports.roster import RosterRow, delegation_order
from hall.meeting.current import check_current
from hall.meeting.roll import LEAVE_CLEARED, roll_call, sign_in
from hall.store import audit
from hall.store.models import Ballot, Delegation, Deputy, Meeting, Participation, Proposal


def roster_rows(rows: list[RosterRow]) -> list[dict]:
    """Parsed rows as kept for the confirm step (JSON-ready)."""
    return [
        {
            "name": row.name,
            "delegation": row.delegation,
            "seat": row.seat,
            "note": row.note,
            "on_leave": row.on_leave,
            "row": row.row,
        }
        for row in rows
    ]


def roster_preview(session, meeting: Meeting, rows: list[dict]) -> dict:
    """What an import of `rows` would save, and what it would replace."""
    delegations = []
    for name in delegation_order(RosterRow(**row) for row in rows):
        members = [row for row in rows if row["delegation"] == name]
        on_leave = sum(row["on_leave"] for row in members)
        delegations.append({"name": name, "deputies": len(members), "on_leave": on_leave})
    on_leave = sum(row["on_leave"] for row in rows)
    return {
        "deputies": len(rows),
        "on_leave": on_leave,
        "expected": len(rows),  # 应到 is the whole roster, those on leave too
        "delegations": delegations,
        "rows": rows,
        "replaces": current_roster_counts(session, meeting),
    }


def current_roster_counts(session, meeting: Meeting) -> dict:
    deputies = sa.select(sa.func.count()).where(Deputy.meeting_id == meeting.id)
    return {
        "deputies": session.scalar(deputies),
        "delegations": session.scalar(
            sa.select(sa.func.count()).where(Delegation.meeting_id == meeting.id)
        ),
        "signed_in": session.scalar(deputies.where(Deputy.signed_in_at.is_not(None))),
        "with_cards": session.scalar(deputies.where(Deputy.token_hash.is_not(None))),
    }


def roster_lock(session, meeting: Meeting) -> str | None:
    """Why the roster can no longer be replaced (a ballot has left draft), or None."""
    ballot = session.scalar(
        sa.select(Ballot)
        .where(Ballot.meeting_id == meeting.id, Ballot.state != "draft")
        .order_by(Ballot.id)
        .limit(1)
    )
    if ballot is not None:
        return import_locked_by(ballot, "代表名册")
    voted = session.scalar(
        sa.select(sa.func.count())
        .select_from(Participation)
        .join(Deputy, Deputy.id == Participation.deputy_id)
        .where(Deputy.meeting_id == meeting.id)
    )
    if voted:
        return "已有代表投过票，代表名册已锁定，不能再导入替换"
    return None


def check_roster_unlocked(session, meeting: Meeting) -> None:
    reason = roster_lock(session, meeting)
    if reason:
        raise HallError("import_locked", reason, 409)


def replace_roster(session, meeting: Meeting, rows: list[dict], actor: str, filename="") -> dict:
    """Replace the meeting's delegations and deputies with `rows`, all at once.

    The new deputies have no card until cards are printed, and nobody is signed in.
    """
    check_roster_unlocked(session, meeting)
    before = current_roster_counts(session, meeting)
    # Proposals a deputy recorded keep the deputy's name, not the row that goes.
    deputies = sa.select(Deputy.id).where(Deputy.meeting_id == meeting.id)
    session.execute(
        sa.update(Proposal).where(Proposal.deputy_id.in_(deputies)).values(deputy_id=None)
    )
    session.execute(sa.delete(Deputy).where(Deputy.meeting_id == meeting.id))
    session.execute(sa.delete(Delegation).where(Delegation.meeting_id == meeting.id))
    session.expire_all()
    delegations = {}
    for position, name in enumerate(dict.fromkeys(row["delegation"] for row in rows), start=1):
        delegations[name] = Delegation(meeting_id=meeting.id, name=name, position=position)
    session.add_all(delegations.values())
    session.flush()
    session.add_all(
        Deputy(
            meeting_id=meeting.id,
            delegation_id=delegations[row["delegation"]].id,
            name=row["name"],
            seat=row["seat"],
            note=row["note"],
            on_leave=bool(row["on_leave"]),
        )
        for row in rows
    )
    session.flush()
    after = {
        "deputies": len(rows),
        "delegations": len(delegations),
        "on_leave": sum(bool(row["on_leave"]) for row in rows),
    }
    audit.record(session, actor, "roster_replace", file=filename, before=before, after=after)
    return after


# The roll by delegation


def card_state(deputy: Deputy) -> str:
    if deputy.token_hash is None:
        return "none"
    return "revoked" if deputy.token_revoked else "active"


def deputy_dict(deputy: Deputy) -> dict:
    return {
        "id": deputy.id,
        "name": deputy.name,
        "seat": deputy.seat,
        "note": deputy.note,
        "on_leave": deputy.on_leave,
        "signed_in": deputy.signed_in_at is not None,
        "signed_in_at": epoch_ms(deputy.signed_in_at),
        "signed_in_by": deputy.signed_in_by,
        # On leave, then signed in on their own phone: the desk sees the leave was cleared.
        "leave_cleared": deputy.signed_in_by == LEAVE_CLEARED,
        "card": card_state(deputy),
        "phone_held": deputy.device_hash is not None,
    }


def roll_by_delegation(session, meeting: Meeting) -> dict:
    """应到 / 实到 / 请假 per delegation, and each deputy's state, in roster order."""
    delegations = session.scalars(
        sa.select(Delegation)
        .where(Delegation.meeting_id == meeting.id)
        .order_by(Delegation.position, Delegation.id)
    ).all()
    deputies = session.scalars(
        sa.select(Deputy).where(Deputy.meeting_id == meeting.id).order_by(Deputy.id)
    ).all()
    groups = {d.id: _group(d.id, d.name) for d in delegations}
    for deputy in deputies:
        group = groups.get(deputy.delegation_id)
        if group is None:
            group = groups.setdefault(None, _group(None, "未分团"))
        group["deputies"].append(deputy_dict(deputy))
        group["expected"] += 1
        group["on_leave"] += deputy.on_leave
        group["present"] += deputy.signed_in_at is not None and not deputy.on_leave
    return {
        "roll": roll_call(session, meeting).to_dict(),
        "delegations": list(groups.values()),
    }


def _group(delegation_id, name: str) -> dict:
    return {
        "id": delegation_id,
        "name": name,
        "expected": 0,
        "present": 0,
        "on_leave": 0,
        "deputies": [],
    }


# Entered by the desk


def meeting_deputy(session, meeting: Meeting, deputy_id: int) -> Deputy:
    """The meeting's deputy; a deputy of an archived meeting is refused as such."""
    deputy = session.get(Deputy, deputy_id)
    if deputy is None:
        raise not_found("代表")
    if deputy.meeting_id != meeting.id:
        check_current(deputy.meeting)
        raise not_found("代表")
    return deputy


def desk_sign_in(session, meeting: Meeting, deputy: Deputy, actor: str) -> bool:
    """Sign a deputy in for them (no phone); True when this call did it."""
    if deputy.on_leave:
        raise HallError("deputy_on_leave", f"{deputy.name}已请假：请先销假再签到", 409)
    done = sign_in(session, deputy, meeting, by=f"desk:{actor}")
    if done:
        audit.record(
            session,
            actor,
            "desk_sign_in",
            deputy=deputy.id,
            name=deputy.name,
            before="未签到",
            after="已签到",
        )
    return done


def set_on_leave(session, deputy: Deputy, on_leave: bool, actor: str) -> bool:
    """Mark a deputy on leave or back; True when it changed anything.

    Leave takes back a sign-in (a deputy on leave is not 实到, and may not vote where sign-in
    is required); back from leave, the deputy signs in again. Both stay 应到.
    """
    if deputy.on_leave == on_leave:
        return False
    signed_in = deputy.signed_in_at is not None
    if on_leave and signed_in:
        _check_not_voting(session, deputy)
    audit.record(
        session,
        actor,
        "deputy_leave",
        deputy=deputy.id,
        name=deputy.name,
        before="请假" if deputy.on_leave else ("已签到" if signed_in else "未签到"),
        after="请假" if on_leave else "未签到",
    )
    deputy.on_leave = on_leave
    if on_leave:
        deputy.signed_in_at = deputy.signed_in_by = None
    return True


def _check_not_voting(session, deputy: Deputy) -> None:
    """Refuse leave to a deputy who took part in the open ballot: taking their sign-in back
    would leave a sheet in the box from a deputy the roll no longer counts as present."""
    voted = session.scalar(
        sa.select(Ballot.title)
        .join(Participation, Participation.ballot_id == Ballot.id)
        .where(Ballot.state == "open", Participation.deputy_id == deputy.id)
        .limit(1)
    )
    if voted is not None:
        raise HallError(
            "deputy_voted",
            f"{deputy.name}已参加正在进行的「{voted}」，投票结束后才能登记请假",
            409,
        )
