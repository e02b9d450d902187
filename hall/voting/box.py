"""The ballot box: the one place that writes votes.

A sheet is cast in one transaction that records participation (UNIQUE per ballot and deputy)
and stores the anonymous sheet under its receipt's hash; the caller is answered only after
the commit. A deputy who has voted and sends a receipt that is in this ballot's box is answered
"already counted"; any other receipt "already voted". No answer ever reads what a stored
sheet says (docs/security.md: comparing would be an oracle on other deputies' sheets).

`cast_many` is the same for many sheets at once (group commit): one transaction, one commit,
then every answer. A hall's burst of 3,000 sheets then costs a few transactions, not 3,000.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from hall.base.errors import HallError
from hall.store.changes import meeting_changed
from hall.store.db import session_factory, write_session
from hall.store.models import Ballot, Deputy, Meeting, NamedVote, Participation, Sheet
from hall.voting import receipts
from hall.voting.box_checks import (
    Ack,
    check_entitled,
    check_pair,
    checked_marks,
    is_row_id,
    on_paper,
    receipt_or_error,
    refused_unreadable,
    retry_answer,
    row_by_id,
)

log = logging.getLogger(__name__)


# A check on the deputy's row before anything else (the phone socket's card check, see
# hall.deputy.card_access.card_refusal_for): answers the refusal, or None.
Check = Callable[[object], HallError | None]


def cast(
    *,
    ballot_id: int,
    deputy_id: int,
    receipt: object,
    sheet: object,
    app=None,
    check: Check | None = None,
) -> Ack:
    """Put one deputy's sheet in the box, or refuse with a HallError. Never counts twice."""
    if check is not None:
        with session_factory(app)() as session:
            refusal = check(deputy_rows(session, [deputy_id]).get(deputy_id))
        if refusal is not None:
            raise refusal
    try:
        code = receipts.normalize(receipt)
    except ValueError:
        raise HallError("receipt_invalid", "回执码格式不正确，请刷新页面后重试") from None
    key = receipts.fingerprint(code)
    try:
        with write_session(app) as session:
            ballot, deputy = _load(session, ballot_id, deputy_id)
            marks = checked_marks(ballot, sheet)
            earlier = _answer_if_already_cast(session, ballot, deputy, key, code)
            if earlier:
                return earlier
            check_entitled(ballot, deputy)
            session.add(Participation(ballot_id=ballot.id, deputy_id=deputy.id))
            session.add(Sheet(receipt_hash=key, ballot_id=ballot.id, marks=marks))
            if not ballot.secret:
                session.flush()  # the sheet first: the link refers to it
                session.add(NamedVote(ballot_id=ballot.id, deputy_id=deputy.id, receipt_hash=key))
            counted = Ack("counted", receipts.display(code), ballot.meeting_id)
            meeting_changed(session, ballot.meeting_id)  # the screens hear of it after the commit
    except IntegrityError:
        # A concurrent twin committed first, or the receipt is already in use.
        return _answer_after_conflict(app, ballot_id, deputy_id, key, sheet, code)
    return counted


def _load(session, ballot_id: int, deputy_id: int) -> tuple[Ballot, Deputy]:
    ballot = session.get(Ballot, ballot_id) if is_row_id(ballot_id) else None
    deputy = session.get(Deputy, deputy_id) if is_row_id(deputy_id) else None
    check_pair(ballot, deputy)
    return ballot, deputy


def _answer_if_already_cast(session, ballot, deputy, key, code) -> Ack | None:
    """For a deputy who already voted: their receipt again is acknowledged, any other refused.

    Whether the receipt is in this ballot's box is all that is asked, never what its sheet
    says: the answer a receipt gets is the one the public receipt check gives it anyway.
    """
    participation = session.get(Participation, (ballot.id, deputy.id))
    if participation is None:
        return None
    if participation.via == "paper":
        raise on_paper()
    in_box = session.scalar(sa.select(Sheet.ballot_id).where(Sheet.receipt_hash == key))
    return retry_answer(ballot, in_box, code)


def _answer_after_conflict(app, ballot_id, deputy_id, key, sheet, code) -> Ack:
    with session_factory(app)() as session:
        ballot, deputy = _load(session, ballot_id, deputy_id)
        checked_marks(ballot, sheet)
        earlier = _answer_if_already_cast(session, ballot, deputy, key, code)
    if earlier:
        return earlier
    raise HallError("receipt_taken", "回执码已被使用，请刷新页面后重新提交", 409)


@dataclass(frozen=True)
class Request:
    """One phone's sheet, waiting to be cast with others (see `cast_many`)."""

    ballot_id: int
    deputy_id: int
    receipt: object
    sheet: object
    check: Check | None = None


def deputy_rows(session, deputy_ids) -> dict:
    """Deputies as plain rows (what the checks read), not ORM objects, by id."""
    deputy, meeting = Deputy.__table__.c, Meeting.__table__.c
    columns = (deputy.id, deputy.meeting_id, deputy.token_revoked, deputy.signed_in_at)
    card = (deputy.token_hash, deputy.device_hash, meeting.one_phone_per_card, meeting.is_current)
    query = sa.select(*columns, *card).join_from(Deputy.__table__, Meeting.__table__)
    wanted = sorted({deputy_id for deputy_id in deputy_ids if is_row_id(deputy_id)})
    return {row.id: row for row in session.execute(query.where(deputy.id.in_(wanted)))}


def cast_many(requests: list[Request], app=None) -> list[Ack | HallError]:
    """Cast many sheets in one transaction: each answered (Ack or HallError) as `cast` would.

    The same rules in the same order as `cast`; a deputy's second sheet in the same batch
    meets the first as if it were already in the box. Nothing is answered before the commit.
    Should the batch's insert conflict anyway (another process wrote meanwhile), or fail in
    any other way, it is rolled back and every sheet is cast alone, so the answers are
    `cast`'s in every case and a sheet that cannot be cast fails alone, never its batch.
    """
    answers: list = [None] * len(requests)
    try:
        with write_session(app) as session:
            _cast_batch(session, requests, answers)
    except Exception as error:
        if not isinstance(error, IntegrityError):  # the class only: never what a sheet says
            log.warning("a batch of %d sheets is cast alone: %s", len(requests), type(error))
        answers = [_cast_alone(request, app) for request in requests]
    return answers


def _cast_alone(request: Request, app) -> Ack | HallError:
    try:
        return cast(
            ballot_id=request.ballot_id,
            deputy_id=request.deputy_id,
            receipt=request.receipt,
            sheet=request.sheet,
            app=app,
            check=request.check,
        )
    except HallError as error:
        return error
    except Exception as error:
        return refused_unreadable(error)


def _cast_batch(session, requests: list[Request], answers: list) -> None:
    """Check every request against the box as it stands plus the batch so far; insert once."""
    ballot_ids = sorted({r.ballot_id for r in requests if is_row_id(r.ballot_id)})
    deputy_ids = sorted({r.deputy_id for r in requests if is_row_id(r.deputy_id)})
    ballots = {b.id: b for b in session.scalars(sa.select(Ballot).where(Ballot.id.in_(ballot_ids)))}
    deputies = deputy_rows(session, deputy_ids)
    voted, paper = _participations_so_far(session, ballot_ids, deputy_ids)
    codes = [receipt_or_error(r.receipt) for r in requests]
    box = _box_under(session, {receipts.fingerprint(c) for c in codes if isinstance(c, str)})
    sheets, participations, named = [], [], []
    for number, (request, code) in enumerate(zip(requests, codes, strict=True)):
        try:
            checked = _checked(request, code, ballots, deputies, voted, paper, box)
        except HallError as error:
            answers[number] = error
            continue
        except Exception as error:
            answers[number] = refused_unreadable(error)
            continue
        if isinstance(checked, Ack):  # a retry of a sheet already in the box
            answers[number] = checked
            continue
        ballot, deputy, key, marks = checked
        voted.add((ballot.id, deputy.id))
        box[key] = ballot.id
        sheets.append({"receipt_hash": key, "ballot_id": ballot.id, "marks": marks})
        participations.append({"ballot_id": ballot.id, "deputy_id": deputy.id})
        if not ballot.secret:
            named.append({"ballot_id": ballot.id, "deputy_id": deputy.id, "receipt_hash": key})
        display = receipts.display(code)
        answers[number] = Ack("counted", display, ballot.meeting_id)
        meeting_changed(session, ballot.meeting_id)
    # The sheets first: a named vote refers to its sheet.
    for model, rows in ((Sheet, sheets), (Participation, participations), (NamedVote, named)):
        if rows:
            session.execute(sa.insert(model.__table__), rows)


def _participations_so_far(session, ballot_ids: list, deputy_ids: list) -> tuple[set, set]:
    """The (ballot, deputy) pairs already voted, and those of them given a paper sheet."""
    participations_so_far = session.execute(
        sa.select(Participation.ballot_id, Participation.deputy_id, Participation.via).where(
            Participation.ballot_id.in_(ballot_ids), Participation.deputy_id.in_(deputy_ids)
        )
    ).all()
    voted = {(ballot_id, deputy_id) for ballot_id, deputy_id, _ in participations_so_far}
    paper = {(b, d) for b, d, via in participations_so_far if via == "paper"}
    return voted, paper


def _box_under(session, keys: set[str]) -> dict:
    """What is in the box under these receipts: the ballot only, never the marks (see cast)."""
    return dict(
        session.execute(
            sa.select(Sheet.receipt_hash, Sheet.ballot_id).where(
                Sheet.receipt_hash.in_(sorted(keys))
            )
        ).all()
    )


def _checked(request: Request, code, ballots: dict, deputies: dict, voted, paper, box):
    """(ballot, deputy, receipt key, marks) for a sheet that may go in the box, or the retry's
    Ack when this deputy's sheet is already there; a refusal raises HallError."""
    if request.check is not None:
        refusal = request.check(row_by_id(deputies, request.deputy_id))
        if refusal is not None:
            raise refusal
    if isinstance(code, HallError):
        raise code
    key = receipts.fingerprint(code)
    ballot, deputy = row_by_id(ballots, request.ballot_id), row_by_id(deputies, request.deputy_id)
    check_pair(ballot, deputy)
    marks = checked_marks(ballot, request.sheet)
    if (ballot.id, deputy.id) in paper:
        raise on_paper()
    if (ballot.id, deputy.id) in voted:
        return retry_answer(ballot, box.get(key), code)
    check_entitled(ballot, deputy)
    if key in box:
        raise HallError("receipt_taken", "回执码已被使用，请刷新页面后重新提交", 409)
    return ballot, deputy, key, marks
