"""The public proposal pages' blueprint and what its routes share: the current meeting, the
visitor's device cookie, the submission road (one for the page's form and the API)."""

import secrets

from flask import Blueprint, current_app, g, request

from hall.base.errors import HallError
from hall.meeting.roll import current_meeting
from hall.proposals import guard
from hall.proposals.writer import writer

bp = Blueprint("public_proposals", __name__)
DEVICE_COOKIE = "hall_visitor"
DEVICE_DAYS = 400


def the_meeting(session):
    meeting = current_meeting(session)
    if meeting is None:
        raise HallError("not_found", "目前没有进行中的征集", 404)
    return meeting


def device() -> str:
    """This browser's device id: its cookie, or a new one set on the answer (see remember)."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    if not (isinstance(value, str) and 20 <= len(value) <= 64 and value.isalnum()):
        value = g.setdefault("new_device", secrets.token_hex(16))
    return value


def known_device() -> str | None:
    value = request.cookies.get(DEVICE_COOKIE, "")
    return value if 20 <= len(value) <= 64 and value.isalnum() else None


@bp.after_request
def remember(response):
    if "new_device" in g:
        response.set_cookie(
            DEVICE_COOKIE,
            g.new_device,
            max_age=DEVICE_DAYS * 86400,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response


def submit(body: dict):
    """Abuse checks, then the proposal stored: the same road for the form and the API."""
    config = current_app.config
    secret = config["SECRET_KEY"]
    guard.check_form(body, secret, float(config["PROPOSAL_MIN_FILL_SECONDS"]))
    address = request.remote_addr or "?"
    guard.check_rates(device(), address, int(config["PROPOSAL_ADDRESS_LIMIT"]))
    return writer.submit(body)  # one transaction for all that arrive together
