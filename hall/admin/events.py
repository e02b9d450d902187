"""The desk's Socket.IO namespace /desk: the live dashboard's snapshots, for a live desk
session only (hall.admin.desk_sockets ends the socket with the session)."""

from flask import request
from flask_socketio import emit, join_room

from hall.admin import desk_sockets
from hall.admin.auth import ADMIN, SCRUTINEER, current_login
from hall.base.extensions import socketio
from hall.live.state import desk_room, live
from hall.meeting.roll import current_meeting
from hall.store.db import get_db

NAMESPACE = desk_sockets.NAMESPACE
STAFF = (ADMIN, SCRUTINEER)  # the desk's two roles (a department has its own office)


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    login = current_login(touch=False)  # a socket opening is not the user at work
    meeting = current_meeting(get_db())
    if login is None or meeting is None:
        raise ConnectionRefusedError("unauthenticated")
    if login.role not in STAFF:  # a department's login reads its own projects, never the desk
        raise ConnectionRefusedError("forbidden")
    desk_sockets.held(request.sid, login.key_hash)
    join_room(desk_room(meeting.id))
    # To this socket only, which is on this process: not through the message queue.
    emit("snapshot", live.desk_snapshot(get_db(), meeting), ignore_queue=True)


@socketio.on("disconnect", namespace=NAMESPACE)
def disconnect(reason=None):
    desk_sockets.released(request.sid)
