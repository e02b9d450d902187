"""The ballot box: the one place that writes votes.

A sheet is cast in one transaction that records participation (UNIQUE per ballot and deputy)
and stores the anonymous sheet under its receipt's hash; the caller is answered only after
the commit. The same sheet sent again answers "already counted" with the same receipt.
"""

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from hall import receipts
from hall.clock import utcnow
from hall.db import session_factory, write_session
from hall.errors import HallError, not_found
from hall.models import Ballot, Deputy, NamedVote, Participation, Sheet
from hall.results import canonical_phone_sheet
from hall.rules import SheetError


@dataclass(frozen=True)
class Ack:
    status: str  # "counted" or "already_counted"
    receipt: str
    meeting_id: int
    ballot_kind: str
    # What was counted, for the anonymous 满意 feed; kept out of to_dict() and never logged.
    counted_marks: str | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {"status": self.status, "receipt": self.receipt}


def cast(*, ballot_id: int, deputy_id: int, receipt: object, sheet: object, app=None) -> Ack:
    """Put one deputy's sheet in the box, or refuse with a HallError. Never counts twice."""
    try:
        code = receipts.normalize(receipt)
    except ValueError:
        raise HallError("receipt_invalid", "回执码格式不正确，请刷新页面后重试") from None
    key = receipts.fingerprint(code)
    try:
        with write_session(app) as session:
            ballot, deputy = _load(session, ballot_id, deputy_id)
            marks = _checked_marks(ballot, sheet)
            earlier = _answer_if_already_cast(session, ballot, deputy, key, marks, code)
            if earlier:
                return earlier
            _check_entitled(ballot, deputy)
            session.add(Participation(ballot_id=ballot.id, deputy_id=deputy.id))
            session.add(Sheet(receipt_hash=key, ballot_id=ballot.id, marks=marks))
            if not ballot.secret:
                session.flush()  # the sheet first: the link refers to it
                session.add(NamedVote(ballot_id=ballot.id, deputy_id=deputy.id, receipt_hash=key))
            counted = Ack("counted", receipts.display(code), ballot.meeting_id, ballot.kind, marks)
    except IntegrityError:
        # A concurrent twin committed first, or the receipt is already in use.
        return _answer_after_conflict(app, ballot_id, deputy_id, key, sheet, code)
    return counted


def _load(session, ballot_id: int, deputy_id: int) -> tuple[Ballot, Deputy]:
    ballot = session.get(Ballot, ballot_id)
    deputy = session.get(Deputy, deputy_id)
    if ballot is None or deputy is None or deputy.meeting_id != ballot.meeting_id:
        raise not_found("投票")
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的代表证已作废，请到秘书处领取新证", 403)
    return ballot, deputy


def _checked_marks(ballot: Ballot, sheet: object) -> str:
    """The sheet in canonical form, or a refusal saying what is wrong with it."""
    try:
        return canonical_phone_sheet(ballot, sheet)
    except SheetError as error:
        raise HallError(error.code, error.message, 400) from None


def _answer_if_already_cast(session, ballot, deputy, key, marks, code) -> Ack | None:
    """For a deputy who already voted: the same sheet again is acknowledged, any other refused."""
    if session.get(Participation, (ballot.id, deputy.id)) is None:
        return None
    stored = session.get(Sheet, key)
    if stored is not None and stored.ballot_id == ballot.id and stored.marks == marks:
        return Ack("already_counted", receipts.display(code), ballot.meeting_id, ballot.kind)
    raise HallError("already_voted", "您已经投过票，每位代表只能投一次", 409)


def _check_entitled(ballot: Ballot, deputy: Deputy) -> None:
    expired = ballot.closes_at is not None and ballot.closes_at <= utcnow()
    if ballot.state != "open" or expired:
        raise HallError("ballot_not_open", "投票尚未开始或已经结束", 409)
    if ballot.require_sign_in and deputy.signed_in_at is None:
        raise HallError("not_signed_in", "请先签到，再参加投票", 403)


def _answer_after_conflict(app, ballot_id, deputy_id, key, sheet, code) -> Ack:
    with session_factory(app)() as session:
        ballot, deputy = _load(session, ballot_id, deputy_id)
        marks = _checked_marks(ballot, sheet)
        earlier = _answer_if_already_cast(session, ballot, deputy, key, marks, code)
    if earlier:
        return earlier
    raise HallError("receipt_taken", "回执码已被使用，请刷新页面后重新提交", 409)
