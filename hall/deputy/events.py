"""The phone's Socket.IO namespace /deputy: ballot state pushed, sheets cast with an ack."""

from flask import request, session
from flask_socketio import emit, join_room

from hall.db import get_db
from hall.deputy.card_access import card_refusal_for, deputy_from_cookie, socket_claim
from hall.errors import HallError
from hall.extensions import socketio
from hall.live import deputies_room, live
from hall.voting import cast_and_announce

NAMESPACE = "/deputy"


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    deputy = deputy_from_cookie()
    if deputy is None or deputy.token_revoked:
        raise ConnectionRefusedError("unauthenticated")
    device = socket_claim(deputy)  # one phone per card; raises ConnectionRefusedError
    session["card"], session["device"] = deputy.token_hash, device
    session["deputy_id"] = deputy.id
    session["meeting_id"] = deputy.meeting_id
    join_room(deputies_room(deputy.meeting_id))
    live.phone_connected(deputy.meeting_id, request.sid)
    emit("state", live.phone_state_for(get_db(), deputy.meeting_id))


@socketio.on("disconnect", namespace=NAMESPACE)
def disconnect(reason=None):
    if "meeting_id" in session:
        live.phone_disconnected(session["meeting_id"], request.sid)


@socketio.on("submit", namespace=NAMESPACE)
def submit(data):
    """Cast a sheet; the acknowledgement carries the same answer as the HTTP API."""
    if not isinstance(data, dict) or not isinstance(data.get("ballot_id"), int):
        return {"ok": False, **HallError("bad_request", "请求格式不正确").to_dict()}
    # The card may have been replaced, or taken by another phone, since this socket connected:
    # checked first, on the deputy's row as the ballot box reads it with the sheet.
    card, device = session.get("card"), session.get("device")
    try:
        ack = cast_and_announce(
            ballot_id=data["ballot_id"],
            deputy_id=session["deputy_id"],
            receipt=data.get("receipt"),
            sheet=data.get("sheet"),
            check=lambda row: card_refusal_for(row, card, device),
        )
    except HallError as error:
        return {"ok": False, **error.to_dict()}
    return {"ok": True, **ack.to_dict()}
