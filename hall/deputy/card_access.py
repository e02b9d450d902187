"""Opening a card on a phone (QR link or typed short code), and the one-phone-per-card rule
as the phone's pages, API and socket apply it.
"""

from flask import after_this_request, current_app, g, redirect, render_template, request, url_for

from hall.base.errors import HallError
from hall.roster import cards
from hall.roster.card_holder import holders
from hall.roster.credentials import COOKIE_NAME
from hall.store.db import get_db, write_session
from hall.store.models import Deputy

HELD_HEADING = "这张表决卡已在另一部手机上使用"
HELD_MESSAGE = "本次会议每张表决卡只能在一部手机上使用，这部手机不能再打开它。"
HELD_HINT = (
    "如果这是您本人的手机（例如换了手机或清除了浏览器数据），"
    "请到秘书处（报到处）解除绑定后重新扫码。"
)
DESK_HINT = "请到秘书处（报到处）领取新的表决卡。"
REPLACED_HEADING = "这张表决卡已更换"
REPLACED_MESSAGE = "秘书处已为您制作了新的表决卡，旧证上的二维码和代码不能再使用。"
REPLACED_HINT = "请扫描新表决卡上的二维码；如果还没有领到新证，请到秘书处（报到处）领取。"


# The refusals for a card that is not (or no longer) what the phone came in with: the ballot
# box's, and the checks before it. One from a remembered card holder is asked again, fresh.
CARD_REFUSALS = frozenset({"credential_revoked", "card_held_elsewhere", "meeting_archived"})


def held_elsewhere() -> HallError:
    return HallError("card_held_elsewhere", f"{HELD_HEADING}：请到秘书处（报到处）处理", 403)


ARCHIVED_HEADING = "这是往届会议的表决卡"
ARCHIVED_MESSAGE = "这张表决卡属于已归档的往届会议，本次会议请使用新的表决卡"


def card_of_archived_meeting() -> HallError:
    """A card from an earlier meeting: its deputy row is archived (hall.meeting.current)."""
    return HallError("meeting_archived", ARCHIVED_MESSAGE, 409)


def deputy_from_cookie() -> Deputy | None:
    secret_key = current_app.config["SECRET_KEY"]
    return cards.deputy_for_cookie(get_db(), secret_key, request.cookies.get(COOKIE_NAME))


def holder_from_cookie():
    """For the socket's connect: the card holder's few facts (hall/roster/card_holder.py) for
    a QR token, else the deputy of a typed code (rare), which has the same fields."""
    value = request.cookies.get(COOKIE_NAME)
    if isinstance(value, str) and value and "." not in value:  # a token, not a typed code
        return holders.fresh(get_db(), value)  # remembered for the sheet's POST
    return deputy_from_cookie()


def no_card() -> HallError:
    """Why a phone without a usable card is refused: a replaced card says so and whom to ask."""
    secret_key = current_app.config["SECRET_KEY"]
    if cards.was_replaced(get_db(), secret_key, request.cookies.get(COOKIE_NAME)):
        return HallError("credential_revoked", f"{REPLACED_HEADING}：{REPLACED_HINT}", 403)
    return HallError("unauthenticated", "请扫描表决卡上的二维码进入", 401)


def replaced_page():
    """The page a replaced card's old QR link opens."""
    return refused(REPLACED_HEADING, REPLACED_MESSAGE, 403, REPLACED_HINT)


def claim_device(deputy: Deputy) -> str | None:
    """Apply the one-phone rule to this request; answers a new device token to set as cookie.

    Raises card_held_elsewhere when another phone holds the card.
    """
    device = request.cookies.get(cards.DEVICE_COOKIE)
    rule = cards.device_rule(deputy, device)
    if rule == "ok":
        return None
    if rule == "unbound":
        token = device or cards.new_device_token()
        with write_session() as session:
            held = cards.hold_card(session, deputy.id, token)
        if held:
            return None if device else token
    raise held_elsewhere()


def set_device_cookie(response, token: str):
    response.set_cookie(
        cards.DEVICE_COOKIE,
        token,
        max_age=cards.DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
    )
    return response


def claim_device_for_api(deputy: Deputy) -> None:
    """claim_device, setting the new device cookie on whatever this request answers."""
    token = claim_device(deputy)
    if token:
        g.new_device = token  # this request's device until the phone sends the cookie back
        after_this_request(lambda response: set_device_cookie(response, token))


def enter(deputy: Deputy, cookie_value: str):
    """What opening the QR link does: remember the card, hold it, go to the phone page."""
    if deputy.token_revoked:
        return refused("表决卡已作废", "这张表决卡已停止使用。", 403)
    if not deputy.meeting.is_current:
        return refused(ARCHIVED_HEADING, f"{ARCHIVED_MESSAGE}。", 409)
    try:
        new_device = claim_device(deputy)
    except HallError:
        return refused(HELD_HEADING, HELD_MESSAGE, 403, HELD_HINT)
    return remember_card(redirect(url_for("deputy.phone")), cookie_value, new_device)


def remember_card(response, cookie_value: str, new_device: str | None):
    response.set_cookie(
        COOKIE_NAME,
        cookie_value,
        max_age=current_app.config["DEPUTY_COOKIE_MAX_AGE"],
        httponly=True,
        samesite="Lax",
    )
    if new_device:
        set_device_cookie(response, new_device)
    return response


def refused(heading: str, message: str, status: int, hint: str = DESK_HINT):
    page = render_template("deputy/message.html", heading=heading, message=message, hint=hint)
    return page, status


# The /deputy socket: checked at connect, and again before each sheet it carries


def socket_claim(deputy: Deputy) -> str | None:
    """The device hash this socket holds the card with (None when the rule is off).

    A socket cannot set cookies: a phone without a device cookie is refused, asks
    /api/v1/me (which holds the card and sets the cookie), then connects again.
    """
    device = request.cookies.get(cards.DEVICE_COOKIE)
    rule = cards.device_rule(deputy, device)
    if rule == "unbound" and device:
        with write_session() as session:
            rule = "ok" if cards.hold_card(session, deputy.id, device) else "elsewhere"
    if rule != "ok":
        raise ConnectionRefusedError("card_held_elsewhere")
    return cards.device_hash(device) if deputy.meeting.one_phone_per_card else None


def card_refusal_for(row, card: str | None, device: str | None) -> HallError | None:
    """Why a socket that connected with this card and device may no longer cast, or None, on
    the deputy's row (token_revoked, token_hash, device_hash and the meeting's
    one_phone_per_card and is_current): the ballot box applies it to the rows it reads
    for a batch of sheets (ballot_box.Check), so a burst does not read each deputy twice."""
    if row is None or row.token_revoked or row.token_hash != card:
        return HallError("credential_revoked", "您的表决卡已作废，请到秘书处领取新证", 403)
    if not row.is_current:
        return card_of_archived_meeting()
    if row.one_phone_per_card and row.device_hash != device:
        return held_elsewhere()
    return None
