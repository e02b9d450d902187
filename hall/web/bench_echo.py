"""A bare Socket.IO echo handler: the ceiling scripts/bench.py measures Hall's burst against.

Registered only when HALL_BENCH_ECHO=1 (run.py checks); never part of a normal run. The
`/bench` namespace has no authentication and no state: `echo` acknowledges its payload, so
a burst of echoes costs the same Engine.IO, Socket.IO and Flask-SocketIO work as a burst of
sheets, minus everything Hall itself does.
"""

from hall.base.extensions import socketio

NAMESPACE = "/bench"


def register() -> None:
    @socketio.on("echo", namespace=NAMESPACE)
    def echo(data=None):
        return data
