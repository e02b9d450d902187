"""The phone's pages and API: open a card, see the ballot, sign in, cast a sheet."""

from flask import current_app, g, jsonify, render_template, request

from hall.ballots.life import voted_via
from hall.base.errors import HallError
from hall.deputy.blueprint import bp
from hall.deputy.card_access import CARD_REFUSALS, enter, refused, replaced_page
from hall.deputy.casting import cast_from_phone, claims_of
from hall.deputy.identity import current_card_holder, current_deputy
from hall.live.state import live
from hall.meeting.roll import sign_in
from hall.roster.cards import DEVICE_COOKIE, was_replaced
from hall.roster.credentials import deputy_for_token
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.store.models import Deputy
from hall.web.errors import json_body


@bp.get("/d/<token>")
def open_card(token):
    """Remember the card in an HttpOnly cookie, then show the phone page."""
    deputy = deputy_for_token(get_db(), token)
    if deputy is None and was_replaced(get_db(), current_app.config["SECRET_KEY"], token):
        return replaced_page()
    if deputy is None:
        return refused("二维码无效", "这张表决卡的二维码无法识别或已被替换。", 404)
    return enter(deputy, token)


@bp.get("/phone")
def phone():
    """The phone page: a shell that the scripts in static/js/deputy fill in."""
    return render_template("deputy/phone.html")


@bp.get("/api/v1/me")
def me():
    """The deputy, the meeting and the ballot the phone should show."""
    deputy = current_deputy()
    session = get_db()
    state = live.phone_state_for(session, deputy.meeting_id)  # as a connecting phone
    ballot = state["ballot"]
    state["deputy"] = {
        "id": deputy.id,
        "name": deputy.name,
        "delegation": deputy.delegation.name if deputy.delegation else "",
        "seat": deputy.seat,
        # As the roll counts: a deputy on leave is not present, whatever an old sign-in says.
        "signed_in": deputy.signed_in_at is not None and not deputy.on_leave,
    }
    via = voted_via(session, ballot["id"], deputy.id) if ballot else None
    state["voted"] = via is not None
    state["voted_via"] = via  # "phone", "paper" (the desk registered a paper sheet) or None
    return jsonify(state)


@bp.post("/api/v1/me/sign-in")
def sign_in_self():
    """签到 from the deputy's own phone."""
    json_body()
    deputy_id = current_deputy().id
    with write_session() as session:
        deputy = session.get(Deputy, deputy_id)
        sign_in(session, deputy, deputy.meeting)
        meeting_changed(session, deputy.meeting_id)
    return jsonify({"signed_in": True})


@bp.post("/api/v1/ballots/<int:ballot_id>/sheets")
def cast_sheet(ballot_id):
    """Put the deputy's sheet in the ballot box (idempotent for the same receipt)."""
    body = json_body()
    data = {"ballot_id": ballot_id, "receipt": body.get("receipt"), "sheet": body.get("sheet")}
    try:
        ack = _cast(data, fresh=False)
    except HallError as refusal:
        if refusal.code not in CARD_REFUSALS:
            raise
        # The card may have changed since this process remembered it: ask the database, as new.
        ack = _cast(data, fresh=True)
    return jsonify(ack.to_dict()), 201 if ack.status == "counted" else 200


def _cast(data: dict, fresh: bool):
    """As the socket's `submit`, for the card holder as remembered (or, `fresh`, as stored)."""
    return cast_from_phone(_claims(current_card_holder(fresh)), data)


def _claims(holder) -> dict:
    return claims_of(holder, request.cookies.get(DEVICE_COOKIE) or g.get("new_device"))
