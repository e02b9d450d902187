"""One road for a phone's sheet: the socket's `submit` and the HTTP POST share these checks."""

from hall.base.errors import HallError
from hall.base.ids import body_id
from hall.deputy.card_access import card_refusal_for
from hall.live.cast import cast_and_announce
from hall.roster import cards
from hall.store.models import Deputy
from hall.web.errors import within_depth

# What the phone page (static/js/deputy/live.js) emits on /deputy and scripts/bench.py sends:
# tests/test_bench.py checks that the three say the same.
SUBMIT_EVENT = "submit"
SHEET_FIELDS = ("ballot_id", "receipt", "sheet")


def claims_of(deputy: Deputy, device_token: str | None) -> dict:
    """What a phone proved when it came in (socket connect, or the HTTP request's cookies):
    its card, the device holding it (when the meeting binds cards to phones), who and where."""
    one_phone = deputy.meeting.one_phone_per_card
    return {
        "card": deputy.token_hash,
        "device": cards.device_hash(device_token) if one_phone else None,
        "deputy_id": deputy.id,
        "meeting_id": deputy.meeting_id,
    }


def cast_from_phone(claims: dict, data: object):
    """Cast `data` ({ballot_id, receipt, sheet}) for the phone with these claims: an Ack, or a
    HallError. The card is checked again on the deputy's row as the ballot box reads it with
    the sheet (it may have been replaced, or taken by another phone, since the phone came in)."""
    if not isinstance(data, dict) or not within_depth(data):
        raise HallError("bad_request", "请求格式不正确", 400)
    ballot_id = body_id(data.get("ballot_id"), "ballot_id", "投票")  # not_found out of range
    if "deputy_id" not in claims:  # a socket that did not come in through `connect`
        raise HallError("unauthenticated", "请扫描表决卡上的二维码进入", 401)
    card, device = claims.get("card"), claims.get("device")
    return cast_and_announce(
        ballot_id=ballot_id,
        deputy_id=claims["deputy_id"],
        receipt=data.get("receipt"),
        sheet=data.get("sheet"),
        check=lambda row: card_refusal_for(row, card, device),
    )
