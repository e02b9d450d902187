"""The screen's Socket.IO namespace /screen: snapshots pushed, and `hello` for the latest."""

from flask import request
from flask_socketio import emit, join_room

from hall.base.extensions import socketio
from hall.live.screens import screens
from hall.live.state import live, screen_room
from hall.meeting.roll import current_meeting
from hall.screen.access import key_matches
from hall.store.db import get_db

NAMESPACE = "/screen"


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth=None):
    meeting = current_meeting(get_db())
    if not key_matches(meeting, (auth or {}).get("key")):
        raise ConnectionRefusedError("bad_screen_key")
    join_room(screen_room(meeting.id))
    screens.connected(request.sid, meeting.id, meeting.screen_key)  # for the key's rotation
    # To this socket only, which is on this process: not through the message queue.
    emit("snapshot", live.screen_snapshot(get_db(), meeting), ignore_queue=True)


@socketio.on("disconnect", namespace=NAMESPACE)
def disconnect(reason=None):
    screens.gone(request.sid)


@socketio.on("hello", namespace=NAMESPACE)
def hello(_data=None):
    """A (re)connected screen asks for the latest snapshot."""
    return live.screen_snapshot(get_db(), current_meeting(get_db()))
