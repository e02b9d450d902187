"""What the ballot box checks before a sheet goes in, and how it answers: the ballot and the
deputy, the marks, the right to vote now, a retry; shared by `cast` and `cast_many`."""

import logging
from dataclasses import dataclass

from hall.base.clock import utcnow
from hall.base.errors import HallError, not_found
from hall.base.ids import MAX_ID
from hall.rules import SheetError
from hall.store.models import Ballot, Deputy
from hall.voting import receipts
from hall.voting.results import canonical_phone_sheet

log = logging.getLogger("hall.voting.box")


@dataclass(frozen=True)
class Ack:
    status: str  # "counted" or "already_counted"
    receipt: str
    meeting_id: int

    def to_dict(self) -> dict:
        return {"status": self.status, "receipt": self.receipt}


def is_row_id(value: object) -> bool:
    """An id the database can hold (hall.base.ids: a bool is not one, nor past PostgreSQL's
    INTEGER); anything else matches no row, and never reaches a query of a batch."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def check_pair(ballot, deputy) -> None:
    """The ballot and deputy exist, belong together, and the deputy's card is valid."""
    if ballot is None or deputy is None or deputy.meeting_id != ballot.meeting_id:
        raise not_found("投票")
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的表决卡已作废，请到秘书处领取新证", 403)


def checked_marks(ballot: Ballot, sheet: object) -> str:
    """The sheet in canonical form, or a refusal saying what is wrong with it."""
    try:
        return canonical_phone_sheet(ballot, sheet)
    except SheetError as error:
        raise HallError(error.code, error.message, 400) from None


def retry_answer(ballot: Ballot, box_ballot_id: int | None, code: str) -> Ack:
    """ "Already counted" for a receipt in this ballot's box, else "already voted"."""
    if box_ballot_id == ballot.id:
        return Ack("already_counted", receipts.display(code), ballot.meeting_id)
    raise HallError("already_voted", "您已经投过票，每位代表只能投一次", 409)


def on_paper() -> HallError:
    """The refusal for a deputy the desk gave a paper sheet (hall/voting/paper.py)."""
    return HallError("voting_on_paper", "您已领取纸质选票，请在纸质选票上投票", 409)


def check_entitled(ballot: Ballot, deputy: Deputy) -> None:
    expired = ballot.closes_at is not None and ballot.closes_at <= utcnow()
    if ballot.state != "open" or expired:
        raise HallError("ballot_not_open", "投票尚未开始或已经结束", 409)
    if ballot.require_sign_in and deputy.signed_in_at is None:
        raise HallError("not_signed_in", "请先签到，再参加投票", 403)


def refused_unreadable(error: Exception) -> HallError:
    """A sheet whose checks failed unexpectedly (an id past any column, say): refused alone."""
    log.warning("a sheet could not be read: %s", type(error))
    return HallError("sheet_malformed", "选票格式不正确，请刷新页面后重试", 400)


def row_by_id(rows: dict, row_id: object):
    """rows[row_id] for a real id only (True would find row 1)."""
    return rows.get(row_id) if is_row_id(row_id) else None


def receipt_or_error(receipt: object) -> str | HallError:
    try:
        return receipts.normalize(receipt)
    except ValueError:
        return HallError("receipt_invalid", "回执码格式不正确，请刷新页面后重试")
