"""/c: the deputy types the short code printed on the card when the camera cannot scan it;
from then on the phone is exactly as if it had opened the QR link.
"""

from flask import current_app, jsonify, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from hall.base.errors import HallError
from hall.base.extensions import csrf
from hall.deputy.blueprint import bp
from hall.deputy.card_access import (
    card_of_archived_meeting,
    claim_device,
    enter,
    remember_card,
    set_device_cookie,
)
from hall.roster import cards
from hall.store.db import get_db, write_session
from hall.web.errors import json_body

TOO_MANY = "输错次数过多，请 10 分钟后再试，或到秘书处（报到处）求助"
# A form posted from another site (login CSRF: the phone would open the sender's card), or
# this page kept open past its token's life.
FORM_REFUSED = "这个页面已过期或不是从本系统打开的，请在下面重新输入表决卡代码"


def check_code(text) -> tuple:
    """The deputy for the typed code and the card cookie to set; HallError when refused."""
    secret_key = current_app.config["SECRET_KEY"]
    if not isinstance(text, str) or not text.strip():
        raise HallError("code_invalid", "请输入表决卡二维码下方的 10 位代码", 400)
    db = get_db()
    guesser = cards.code_guesser(request.remote_addr, request.cookies.get(cards.DEVICE_COOKIE))
    left = guesser.tries_left(db)
    if left <= 0:
        raise HallError("too_many_attempts", TOO_MANY, 429)
    if cards.normalize_code(text) is None:  # a slip of the finger, not a guess: not counted
        message = "代码应为 10 位字母和数字（如 7KQ2M-9XD4P），请对照表决卡重新输入"
        raise HallError("code_invalid", message, 400)
    deputy = cards.deputy_for_code(db, secret_key, text)
    if deputy is None:
        with write_session() as session:
            guesser.record_wrong(session, secret_key, text)
            left = guesser.tries_left(session)
        message = "代码不正确，请对照表决卡重新输入"
        message += f"（还可以再试 {left} 次）" if left else f"。{TOO_MANY}"
        raise HallError("code_invalid", message, 400)
    return deputy, cards.code_cookie(secret_key, deputy)


@bp.route("/c", methods=["GET", "POST"])
def type_code():
    """The form for the short code; a right code opens the card as its QR link would."""
    error, typed = None, ""
    if request.method == "POST":
        typed = request.form.get("code", "")[:40]
        try:
            csrf.protect()
            deputy, cookie_value = check_code(typed)
        except CSRFError:
            error = HallError("csrf_failed", FORM_REFUSED, 400)
        except HallError as refusal:
            error = refusal
        else:
            return enter(deputy, cookie_value)
    status = error.status if error else 200
    page = current_app.make_response(
        (render_template("deputy/code.html", error=error, typed=typed), status)
    )
    if not request.cookies.get(cards.DEVICE_COOKIE):
        # Wrong codes count per phone: give this one its device cookie before it types.
        set_device_cookie(page, cards.new_device_token())
    return page


@bp.post("/api/v1/card-code")
def api_type_code():
    """The same as the /c form, for scripts: `{"code": "7KQ2M-9XD4P"}`."""
    deputy, cookie_value = check_code(json_body().get("code"))
    if deputy.token_revoked:
        raise HallError("credential_revoked", "您的表决卡已作废，请到秘书处领取新证", 403)
    if not deputy.meeting.is_current:
        raise card_of_archived_meeting()
    new_device = claim_device(deputy)
    answer = jsonify({"opened": True, "phone_url": url_for("deputy.phone")})
    return remember_card(answer, cookie_value, new_device)
