"""The real server (run.py, on eventlet and on gevent) closes connections that go silent — idle,
or a request whose headers or body stop coming — within its SOCKET_TIMEOUT, while phones on
Socket.IO (WebSocket and long-polling) stay connected across the same time."""

import socket
import time

import pytest
import socketio

from tests.conftest import Factory
from tests.live_server import live_server, server_database

TIMEOUT = 2  # seconds (HALL_SOCKET_TIMEOUT); the hall's default is 30
SLACK = 1.5  # seconds allowed past the timeout for the close to arrive

SILENT_CLIENTS = {
    "idle": b"",
    "half-sent headers": b"GET /healthz HTTP/1.1\r\nHost: hall\r\n",
    "half-sent body": (
        b"POST /api/v1/card-code HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    ),
    "idle after a request": b"GET /healthz HTTP/1.1\r\nHost: hall\r\n\r\n",
}


@pytest.fixture
def two_cards(tmp_path):
    url, app = server_database(tmp_path)
    factory = Factory(app)
    meeting = factory.meeting()
    factory.ballot(meeting, candidates=2, places=1)
    return url, [token for _, token in factory.deputies(meeting, 2)]


def phone_socket(server, card: str, transport: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(
        server.url,
        namespaces=["/deputy"],
        headers={"Cookie": f"hall_deputy={card}"},
        transports=[transport],
    )
    return client


def until_closed(connection: socket.socket, started: float) -> tuple[float, bytes]:
    """Read until the server closes the connection: how long after `started` it did, and what
    it sent meanwhile."""
    connection.settimeout(TIMEOUT * 10)  # a guard: the server must close long before
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return time.monotonic() - started, received


@pytest.mark.parametrize("async_mode", ["eventlet", "gevent"])
def test_silent_connections_are_closed_and_socketio_phones_stay(tmp_path, two_cards, async_mode):
    url, cards = two_cards
    env = {"HALL_SOCKET_TIMEOUT": str(TIMEOUT)}
    with live_server(url, tmp_path, "--async-mode", async_mode, env=env) as server:
        phones = [
            phone_socket(server, card, transport)
            for card, transport in zip(cards, ["websocket", "polling"], strict=True)
        ]
        sids = [phone.get_sid("/deputy") for phone in phones]

        started = time.monotonic()
        silent = {}
        for name, sent in SILENT_CLIENTS.items():
            silent[name] = socket.create_connection(("127.0.0.1", server.port))
            silent[name].sendall(sent)
        closed = {name: until_closed(connection, started) for name, connection in silent.items()}
        assert all(seconds < TIMEOUT + SLACK for seconds, _ in closed.values()), closed
        assert closed["idle after a request"][1].startswith(b"HTTP/1.1 200 OK")
        assert closed["half-sent body"][1].startswith(b"HTTP/1.1 400")
        assert b'"code":"request_incomplete"' in closed["half-sent body"][1]

        # The phones were as silent as those connections, for as long, and are still there.
        for phone, sid in zip(phones, sids, strict=True):
            assert phone.connected and phone.get_sid("/deputy") == sid
            answer = phone.call(
                "submit", {"ballot_id": 1, "receipt": "x", "sheet": {}}, namespace="/deputy"
            )
            assert answer["ok"] is False  # answered: the ballot is a draft
            phone.disconnect()
        assert "Traceback" not in server.output()
