"""The phone's Socket.IO namespace /deputy: ballot state pushed, sheets cast with an ack.

`submit` is the hot path of a hall's burst: 3,000 sheets within a second. It is registered on
the Socket.IO server itself (`register_submit`), without Flask-SocketIO's request context for
each event (a Request object, URL matching and a session copy, which it does not need): what
it needs from the connection is kept in `claims_by_sid` from connect to disconnect.
"""

from flask import request
from flask_socketio import emit, join_room

from hall.db import get_db
from hall.deputy.card_access import card_refusal_for, deputy_from_cookie, socket_claim
from hall.deputy.identity import page_refusal
from hall.errors import HallError
from hall.extensions import socketio
from hall.live import deputies_room, live
from hall.voting import cast_and_announce

NAMESPACE = "/deputy"

claims_by_sid: dict[str, dict] = {}  # this process's phone sockets: card, device, deputy, meeting


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    deputy = deputy_from_cookie()
    if deputy is None or deputy.token_revoked:
        raise ConnectionRefusedError("unauthenticated")
    if not deputy.meeting.is_current:
        raise ConnectionRefusedError("meeting_archived")
    if page_refusal((auth or {}).get("deputy") if isinstance(auth, dict) else None, deputy):
        raise ConnectionRefusedError("deputy_changed")  # the page asks /api/v1/me, which says
    device = socket_claim(deputy)  # one phone per card; raises ConnectionRefusedError
    claims_by_sid[request.sid] = {
        "card": deputy.token_hash,
        "device": device,
        "deputy_id": deputy.id,
        "meeting_id": deputy.meeting_id,
    }
    join_room(deputies_room(deputy.meeting_id))
    live.phone_connected(deputy.meeting_id, request.sid)
    # To this socket only, which is on this process: not through the message queue.
    emit("state", live.phone_state_for(get_db(), deputy.meeting_id), ignore_queue=True)


@socketio.on("disconnect", namespace=NAMESPACE)
def disconnect(reason=None):
    claims = claims_by_sid.pop(request.sid, None)
    if claims is not None:
        live.phone_disconnected(claims["meeting_id"], request.sid)


def register_submit(app) -> None:
    """Bind `submit` on the Socket.IO server (after socketio.init_app), in an app context."""

    def on_submit(sid, data=None):
        claims = claims_by_sid.get(sid, {})
        with app.app_context():
            return submit(claims, data)

    socketio.server.on("submit", on_submit, namespace=NAMESPACE)


def submit(claims: dict, data) -> dict:
    """Cast a sheet; the acknowledgement carries the same answer as the HTTP API."""
    if not isinstance(data, dict) or not isinstance(data.get("ballot_id"), int):
        return {"ok": False, **HallError("bad_request", "请求格式不正确").to_dict()}
    if "deputy_id" not in claims:  # not connected through `connect`
        refusal = HallError("unauthenticated", "请扫描表决卡上的二维码进入", 401)
        return {"ok": False, **refusal.to_dict()}
    # The card may have been replaced, or taken by another phone, since this socket connected:
    # checked first, on the deputy's row as the ballot box reads it with the sheet.
    card, device = claims.get("card"), claims.get("device")
    try:
        ack = cast_and_announce(
            ballot_id=data["ballot_id"],
            deputy_id=claims["deputy_id"],
            receipt=data.get("receipt"),
            sheet=data.get("sheet"),
            check=lambda row: card_refusal_for(row, card, device),
        )
    except HallError as error:
        return {"ok": False, **error.to_dict()}
    return {"ok": True, **ack.to_dict()}
