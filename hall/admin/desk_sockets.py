"""The /desk sockets this process holds, each with the desk session it connected under, and
their end when that session ends (logout, a new password, removal, idle time).

A session ended here disconnects its sockets at once; one ended on another server process,
or run out of idle time, is found by `watch` within SWEEP_INTERVAL seconds.
"""

import logging
import threading

from hall.accounts import sessions as desk_sessions
from hall.accounts.sessions import Lifetime
from hall.base.extensions import socketio
from hall.store.db import session_factory

NAMESPACE = "/desk"
SWEEP_INTERVAL = 5.0  # seconds
log = logging.getLogger(__name__)

_sessions: dict[str, str] = {}  # socket id -> hash of its desk session's key
_lock = threading.Lock()


def held(sid: str, key_hash: str) -> None:
    with _lock:
        _sessions[sid] = key_hash


def released(sid: str) -> None:
    with _lock:
        _sessions.pop(sid, None)


def drop_ended(app) -> list[str]:
    """Disconnect this process's /desk sockets whose session is no longer live; answers them."""
    with _lock:
        watched = dict(_sessions)
    if not watched:
        return []
    with app.app_context(), session_factory(app)() as db:
        alive = desk_sessions.alive_hashes(db, set(watched.values()), Lifetime.of(app))
    ended = [sid for sid, key_hash in watched.items() if key_hash not in alive]
    for sid in ended:
        released(sid)
        socketio.server.disconnect(sid, namespace=NAMESPACE)
    return ended


def watch(app) -> None:
    """The background task: end sockets whose session ended elsewhere or idled out."""
    while True:
        socketio.sleep(SWEEP_INTERVAL)
        try:
            drop_ended(app)
        except Exception:
            log.exception("desk socket sweep failed; retrying")
