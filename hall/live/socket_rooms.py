"""A Socket.IO client manager that knows each client's rooms, so a disconnect costs only those.

python-socketio's Manager finds a leaving client's rooms by scanning every room of the
namespace, and every client has a room of its own: N disconnects cost O(N²). After a Wi-Fi
storm, the 3,000 abandoned phone connections time out together about 45 s later; with
6,000 sockets known that scan took 1.9 s of one core, in the middle of a session.

RoomIndexManager keeps, beside the Manager's own tables, the set of rooms of each
(namespace, client), updated wherever a client enters or leaves one, and answers disconnects
and `get_rooms` from it. Everything else is the Manager's. Used when Hall runs as one
process (no message queue); tests/test_socket_rooms.py checks it against the Manager.
"""

import socketio


class RoomIndexManager(socketio.Manager):
    def __init__(self):
        super().__init__()
        self._rooms_of: dict[tuple[str, str], set] = {}

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self._rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        """As Manager.basic_disconnect, with the client's rooms taken from the index."""
        if namespace not in self.rooms:
            return
        for room in list(self._rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            waiting = pending.get(namespace)
            if waiting is not None and sid in waiting:
                waiting.remove(sid)
                if not waiting:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        return [room for room in self._rooms_of.get((namespace, sid), ()) if room is not None]
