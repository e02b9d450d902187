"""The screens connected to this process and the key each connected with.

Rotating the screen key must disconnect every screen holding the old key, on every process;
so must a new current meeting the screens of the one it archives (their page then asks for the
new meeting's link instead of showing last meeting's hall as if it were live). The key and the
current meeting live in the database, so each process compares its own screens with them about
once a second (the live-state pusher calls kick_stale): this works with or without the message
queue, and through a Redis outage too.
"""

import time

import sqlalchemy as sa

from hall.base.extensions import socketio
from hall.store.db import session_factory
from hall.store.models import Meeting

CHECK_SECONDS = 1.0
NAMESPACE = "/screen"


class Screens:
    """sid -> (meeting id, key) for this process's /screen sockets."""

    def __init__(self):
        self.keys: dict[str, tuple[int, str]] = {}
        self._checked = 0.0

    def connected(self, sid: str, meeting_id: int, key: str) -> None:
        self.keys[sid] = (meeting_id, key)

    def gone(self, sid: str) -> None:
        self.keys.pop(sid, None)

    def count(self) -> int:
        return len(self.keys)

    def kick_stale(self, app, force: bool = False) -> list[str]:
        """Disconnect this process's screens whose key is no longer their meeting's, or whose
        meeting is no longer the current one; answers their sids."""
        now = time.monotonic()
        if not self.keys or (not force and now - self._checked < CHECK_SECONDS):
            return []
        self._checked = now
        meetings = {meeting_id for meeting_id, _ in self.keys.values()}
        with app.app_context(), session_factory(app)() as session:
            live_keys = dict(
                session.execute(
                    sa.select(Meeting.id, Meeting.screen_key).where(
                        Meeting.id.in_(meetings), Meeting.is_current
                    )
                ).all()
            )
        stale = [sid for sid, (meeting, key) in self.keys.items() if live_keys.get(meeting) != key]
        for sid in stale:
            self.gone(sid)
            socketio.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
        return stale


screens = Screens()
