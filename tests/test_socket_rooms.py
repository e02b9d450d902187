"""RoomIndexManager answers exactly as python-socketio's Manager, without scanning every room."""

import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from hall.base.extensions import socketio as hall_socketio
from hall.live.socket_rooms import RoomIndexManager

NAMESPACES = ("/deputy", "/screen")
ROOMS = ("deputies:1", "screen:1", "desk:1")


class FakeServer:
    """What a Manager asks of its server: fresh ids, and the packet class's JSON."""

    packet_class = socketio.packet.Packet

    def __init__(self):
        self.eio = self
        self._next = 0

    def generate_id(self):
        self._next += 1
        return f"sid{self._next}"


def state(manager) -> dict:
    return {
        "rooms": {
            namespace: {room: dict(members) for room, members in rooms.items()}
            for namespace, rooms in manager.rooms.items()
        },
        "pending_connect": {ns: sorted(sids) for ns, sids in manager.pending_connect.items()},
        "pending_disconnect": {ns: sorted(sids) for ns, sids in manager.pending_disconnect.items()},
        "callbacks": sorted(manager.callbacks),
    }


operations = st.lists(
    st.tuples(
        st.sampled_from(["connect", "enter", "leave", "close", "ack", "disconnect"]),
        st.integers(0, 7),  # which client
        st.sampled_from(NAMESPACES),
        st.sampled_from(ROOMS),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(operations)
def test_the_index_manager_keeps_the_same_rooms_as_the_manager(steps):
    plain, indexed = socketio.Manager(), RoomIndexManager()
    plain.set_server(FakeServer())
    indexed.set_server(FakeServer())
    sids: dict[tuple[int, str], str] = {}
    for action, client, namespace, room in steps:
        key = (client, namespace)
        sid = sids.get(key)
        for manager in (plain, indexed):
            if action == "connect" and sid is None:
                new = manager.connect(f"eio{client}", namespace)
            elif sid is None:
                continue
            elif action == "enter":
                manager.enter_room(sid, namespace, room)
            elif action == "leave":
                manager.leave_room(sid, namespace, room)
            elif action == "close":
                manager.close_room(room, namespace)
            elif action == "ack":
                manager._generate_ack_id(sid, print)
            elif action == "disconnect":
                manager.pre_disconnect(sid, namespace)
                manager.disconnect(sid, namespace)
        if action == "connect" and sid is None:
            sids[key] = new
        elif action == "disconnect" and sid is not None:
            del sids[key]
        assert state(indexed) == state(plain)
        for (_, ns), known in sids.items():
            assert sorted(indexed.get_rooms(known, ns), key=str) == sorted(
                plain.get_rooms(known, ns), key=str
            )


def test_a_disconnect_leaves_no_trace_in_the_index():
    manager = RoomIndexManager()
    manager.set_server(FakeServer())
    sid = manager.connect("eio1", "/deputy")
    manager.enter_room(sid, "/deputy", "deputies:1")
    assert set(manager.get_rooms(sid, "/deputy")) == {sid, "deputies:1"}
    manager.pre_disconnect(sid, "/deputy")
    manager.disconnect(sid, "/deputy")
    assert manager._rooms_of == {}
    assert manager.rooms == {}


def test_the_app_serves_with_the_index_manager(app):
    assert app.extensions["socketio"] is hall_socketio
    assert isinstance(hall_socketio.server.manager, RoomIndexManager)
