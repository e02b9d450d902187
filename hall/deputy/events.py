"""The phone's Socket.IO namespace /deputy: ballot state pushed, sheets cast with an ack.

`submit` is the hot path of a hall's burst: 3,000 sheets within a second. It is registered on
the Socket.IO server itself (`register_submit`), without Flask-SocketIO's request context for
each event (a Request object, URL matching and a session copy, which it does not need): what
it needs from the connection is kept in `claims_by_sid` from connect to disconnect.
"""

import logging

from flask import request
from flask_socketio import emit, join_room

from hall.base.errors import HallError
from hall.base.extensions import socketio
from hall.deputy.card_access import holder_from_cookie, socket_claim
from hall.deputy.casting import SUBMIT_EVENT, cast_from_phone, claims_of
from hall.deputy.identity import page_refusal
from hall.live.state import deputies_room, live
from hall.roster.cards import DEVICE_COOKIE
from hall.store.db import get_db
from hall.web.errors import internal

NAMESPACE = "/deputy"
log = logging.getLogger(__name__)

claims_by_sid: dict[str, dict] = {}  # this process's phone sockets: card, device, deputy, meeting


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    deputy = holder_from_cookie()
    if deputy is None or deputy.token_revoked:
        raise ConnectionRefusedError("unauthenticated")
    if not deputy.meeting.is_current:
        raise ConnectionRefusedError("meeting_archived")
    if page_refusal((auth or {}).get("deputy") if isinstance(auth, dict) else None, deputy):
        raise ConnectionRefusedError("deputy_changed")  # the page asks /api/v1/me, which says
    socket_claim(deputy)  # one phone per card; raises ConnectionRefusedError
    claims_by_sid[request.sid] = claims_of(deputy, request.cookies.get(DEVICE_COOKIE))
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
            try:
                return submit(claims, data)
            except Exception as error:
                # Still an answer, as the API's 500 is: a phone left without one waits forever.
                # The class only: a message or a traceback could quote what the sheet says.
                log.error("submit failed: %s", type(error).__name__)
                return {"ok": False, **internal().to_dict()}

    socketio.server.on(SUBMIT_EVENT, on_submit, namespace=NAMESPACE)


def submit(claims: dict, data) -> dict:
    """Cast a sheet; the acknowledgement carries the same answer as the HTTP API."""
    try:
        ack = cast_from_phone(claims, data)
    except HallError as error:
        return {"ok": False, **error.to_dict()}
    return {"ok": True, **ack.to_dict()}
