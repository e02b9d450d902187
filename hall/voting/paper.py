"""Paper fallback (纸质选票): who votes on paper, and the paper sheets entered at the desk.

Secrecy first. Marking a deputy as voting on paper writes only who (a `Participation` with
`via="paper"`, which also bars that deputy's phone). The sheets are entered separately, after
the ballot closes (when the paper box is opened), each under a random key that nobody ever
sees: nothing links a paper sheet to a deputy, and there are never more paper sheets than
deputies given one. With `paper_two_person`, a sheet waits in `PaperEntry` until a second,
different desk user types the same marks.
"""

import sqlalchemy as sa

from hall.base.errors import HallError, not_found
from hall.base.ids import body_id
from hall.rules import SheetError
from hall.rules.kinds import kind_of
from hall.store import audit
from hall.store.models import Ballot, Deputy, PaperEntry, Participation, Sheet
from hall.voting import receipts

MARKING_STATES = ("draft", "open")  # paper is handed out before or during the vote
ENTRY_STATE = "closed"  # sheets are entered after the close, before publishing
INVALID_MARKS = "{}"  # an unreadable 废票 is stored with no marks


def mark_voter(session, ballot: Ballot, deputy_id: object, actor: str) -> bool:
    """Record that a deputy votes on paper; False when already recorded."""
    if ballot.state not in MARKING_STATES:
        raise HallError("invalid_state", "只能在投票开始前或进行中登记纸质投票的代表", 409)
    deputy = _deputy(session, ballot, deputy_id)
    existing = session.get(Participation, (ballot.id, deputy.id))
    if existing is not None:
        if existing.via == "paper":
            return False
        raise HallError("already_voted", f"{deputy.name}已经用手机投票，不能再领取纸质选票", 409)
    if ballot.require_sign_in and deputy.signed_in_at is None:
        raise HallError("not_signed_in", f"{deputy.name}尚未签到，请先为其签到", 403)
    session.add(Participation(ballot_id=ballot.id, deputy_id=deputy.id, via="paper"))
    audit.record(session, actor, "paper_voter_add", ballot=ballot.id, deputy=deputy.id)
    return True


def unmark_voter(session, ballot: Ballot, deputy_id: object, actor: str) -> None:
    """Take back a paper sheet handed out by mistake (before any paper sheet is entered)."""
    if ballot.state not in MARKING_STATES:
        raise HallError("invalid_state", "投票结束后不能再撤销纸质投票登记", 409)
    deputy = _deputy(session, ballot, deputy_id)
    participation = session.get(Participation, (ballot.id, deputy.id))
    if participation is None or participation.via != "paper":
        raise HallError("not_found", f"{deputy.name}没有登记为纸质投票", 404)
    session.delete(participation)
    audit.record(session, actor, "paper_voter_remove", ballot=ballot.id, deputy=deputy.id)


def status(session, ballot: Ballot) -> dict:
    """Who votes on paper, how many paper sheets are in the box, and the entries waiting."""
    voters = session.execute(
        sa.select(Deputy)
        .join(Participation, Participation.deputy_id == Deputy.id)
        .where(Participation.ballot_id == ballot.id, Participation.via == "paper")
        .order_by(Deputy.delegation_id, Deputy.id)
    ).scalars()
    voters = [_deputy_dict(deputy) for deputy in voters]
    sheets = dict(
        session.execute(
            sa.select(Sheet.valid, sa.func.count())
            .where(Sheet.ballot_id == ballot.id, Sheet.source == "paper")
            .group_by(Sheet.valid)
        ).all()
    )
    entered = sum(sheets.values())
    # The confirmer types the sheet again without seeing the first entry: only who and when.
    pending = [
        {"id": entry.id, "entered_by": entry.entered_by}
        for entry in session.scalars(
            sa.select(PaperEntry).where(PaperEntry.ballot_id == ballot.id).order_by(PaperEntry.id)
        )
    ]
    return {
        "ballot_id": ballot.id,
        "state": ballot.state,
        "two_person": ballot.paper_two_person,
        "voters": voters,
        "sheets": {
            "entered": entered,
            "valid": sheets.get(True, 0),
            "invalid": sheets.get(False, 0),
        },
        "pending": pending,
        "remaining": len(voters) - entered - len(pending),
        "can_mark": ballot.state in MARKING_STATES,
        "can_enter": ballot.state == ENTRY_STATE,
    }


def find_deputies(session, ballot: Ballot, query: str, limit: int = 20) -> list[dict]:
    """Deputies whose name or seat contains `query`, with how they vote on this ballot."""
    # A NUL is in no name (and PostgreSQL refuses it in a text parameter).
    query = (query or "").replace("\x00", "").strip()
    longest = max(Deputy.name.type.length, Deputy.seat.type.length)
    if not query or len(query) > longest:  # (SQLite refuses a LIKE pattern over 50,000 bytes)
        return []
    pattern = f"%{query}%"
    deputies = session.scalars(
        sa.select(Deputy)
        .where(
            Deputy.meeting_id == ballot.meeting_id,
            sa.or_(Deputy.name.like(pattern), Deputy.seat.like(pattern)),
        )
        .order_by(Deputy.id)
        .limit(limit)
    )
    found = []
    for deputy in deputies:
        participation = session.get(Participation, (ballot.id, deputy.id))
        found.append({**_deputy_dict(deputy), "voted_via": participation and participation.via})
    return found


def enter_sheet(session, ballot: Ballot, actor: str, body: dict) -> dict:
    """One paper sheet: into the box, or waiting for a second user when two are required."""
    _check_entry_state(ballot)
    marks, valid = read_sheet(ballot, body)
    _check_room(session, ballot)
    if ballot.paper_two_person:
        entry = PaperEntry(ballot_id=ballot.id, marks=marks, valid=valid, entered_by=actor)
        session.add(entry)
        session.flush()
        audit.record(session, actor, "paper_entry", ballot=ballot.id, entry=entry.id)
        return {"status": "pending", "entry_id": entry.id}
    _into_box(session, ballot, marks, valid)
    audit.record(session, actor, "paper_sheet", ballot=ballot.id, valid=valid)
    return {"status": "counted", "valid": valid}


def confirm_entry(session, ballot: Ballot, entry_id: int, actor: str, body: dict) -> dict:
    """The second user's entry of the same sheet: equal marks move it into the box."""
    _check_entry_state(ballot)
    entry = _entry(session, ballot, entry_id)
    if entry.entered_by == actor:
        raise HallError(
            "paper_same_user", "须由另一位工作人员复核：录入人不能确认自己录入的选票", 409
        )
    marks, valid = read_sheet(ballot, body)
    if (marks, valid) != (entry.marks, entry.valid):
        raise HallError(
            "paper_conflict",
            "两次录入不一致，未计入票箱。请对照纸质选票核对；若第一次录入有误，请删除该条录入后重新录入",
            409,
        )
    session.delete(entry)
    _into_box(session, ballot, marks, valid)
    audit.record(
        session,
        actor,
        "paper_confirm",
        ballot=ballot.id,
        entry=entry_id,
        entered_by=entry.entered_by,
        valid=valid,
    )
    return {"status": "counted", "valid": valid}


def discard_entry(session, ballot: Ballot, entry_id: int, actor: str) -> None:
    """Drop an entry waiting for confirmation (typed wrong, or in conflict)."""
    if ballot.state != ENTRY_STATE:
        raise HallError("invalid_state", "投票已公布或作废，不能再修改纸质选票录入", 409)
    entry = _entry(session, ballot, entry_id)
    session.delete(entry)
    audit.record(
        session,
        actor,
        "paper_entry_discard",
        ballot=ballot.id,
        entry=entry_id,
        entered_by=entry.entered_by,
    )


def read_sheet(ballot: Ballot, body: dict) -> tuple[str, bool]:
    """A paper sheet's canonical marks and whether it is valid; `{"invalid": true}` is 废票.

    Unlike a phone's, a paper sheet may approve more than K: it is kept as an invalid sheet.
    """
    invalid = body.get("invalid", False)
    if not isinstance(invalid, bool):
        raise HallError("bad_request", "invalid 应为 true 或 false", 400)
    if invalid:
        return INVALID_MARKS, False
    item_ids = [item.item_id for item in ballot.items]
    try:
        return kind_of(ballot).read(item_ids, ballot.places, body.get("sheet"))
    except SheetError as error:
        raise HallError(error.code, error.message, 400) from None


def _into_box(session, ballot: Ballot, marks: str, valid: bool) -> None:
    # A fresh random receipt that is never shown: the key says nothing about the sheet.
    key = receipts.fingerprint(receipts.new_receipt())
    session.add(
        Sheet(receipt_hash=key, ballot_id=ballot.id, marks=marks, valid=valid, source="paper")
    )


def _check_entry_state(ballot: Ballot) -> None:
    if ballot.state != ENTRY_STATE:
        message = "纸质选票在投票结束后、公布结果前录入"
        if ballot.state in ("published", "void"):
            message = "投票已公布或作废，不能再录入纸质选票"
        raise HallError("invalid_state", message, 409)


def _check_room(session, ballot: Ballot) -> None:
    voters = session.scalar(
        sa.select(sa.func.count()).where(
            Participation.ballot_id == ballot.id, Participation.via == "paper"
        )
    )
    entered = session.scalar(
        sa.select(sa.func.count()).where(Sheet.ballot_id == ballot.id, Sheet.source == "paper")
    )
    waiting = session.scalar(sa.select(sa.func.count()).where(PaperEntry.ballot_id == ballot.id))
    if entered + waiting >= voters:
        raise HallError(
            "paper_over_count",
            f"纸质选票已录入 {entered + waiting} 张，"
            f"等于领取纸质选票的代表人数（{voters}），不能再录入",
            409,
        )


def _deputy(session, ballot: Ballot, deputy_id: object) -> Deputy:
    deputy = session.get(Deputy, body_id(deputy_id, "deputy_id", "代表"))
    if deputy is None or deputy.meeting_id != ballot.meeting_id:
        raise not_found("代表")
    return deputy


def _entry(session, ballot: Ballot, entry_id: int) -> PaperEntry:
    entry = session.get(PaperEntry, entry_id)
    if entry is None or entry.ballot_id != ballot.id:
        raise not_found("待复核的录入")
    return entry


def _deputy_dict(deputy: Deputy) -> dict:
    return {
        "deputy_id": deputy.id,
        "name": deputy.name,
        "delegation": deputy.delegation.name if deputy.delegation else "",
        "seat": deputy.seat,
    }
