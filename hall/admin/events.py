"""The desk's Socket.IO namespace /desk: the live dashboard's snapshots."""

from flask import session
from flask_socketio import emit, join_room

from hall.db import get_db
from hall.extensions import socketio
from hall.live import desk_room, live
from hall.roll import current_meeting

NAMESPACE = "/desk"


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    meeting = current_meeting(get_db())
    if session.get("user_id") is None or meeting is None:
        raise ConnectionRefusedError("unauthenticated")
    join_room(desk_room(meeting.id))
    # To this socket only, which is on this process: not through the message queue.
    emit("snapshot", live.desk_snapshot(get_db(), meeting), ignore_queue=True)
