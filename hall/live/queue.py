"""The Redis message queue between server processes, and whether it works just now.

python-socketio's RedisManager drops what it cannot publish (it logs and gives up) and, once
Redis is back, waits up to a minute between attempts to listen again. Hall's manager listens
again within a second and says whether it listens; QueueHealth adds a PING. While either
fails, the process is *degraded*: the live state then serves its own phones and screens from
the database (hall/live/state.py), and once Redis answers again it pushes everything afresh
through the queue, so no change made meanwhile is lost.
"""

import logging
import time

import socketio

log = logging.getLogger(__name__)

RELISTEN_SECONDS = 1.0  # between attempts to listen to Redis again
CHECK_SECONDS = 1.0  # between PINGs
STARTING_SECONDS = 3.0  # how long the listener may take to subscribe at the start


class QueueManager(socketio.RedisManager):
    """RedisManager that listens again within RELISTEN_SECONDS and tells whether it listens."""

    def __init__(self, url: str, channel: str):
        super().__init__(url, channel=channel)
        self.listening = False
        self._publisher = None

    def _publish(self, data):
        """Publish on a client of its own with a timeout: a Redis that hangs (paused, or its
        machine gone) must not hold the pusher; what is lost meanwhile is pushed again when
        the queue is back (LiveState.keep_up)."""
        import redis

        try:
            if self._publisher is None:
                self._publisher = redis.Redis.from_url(
                    self.redis_url, socket_timeout=1, socket_connect_timeout=1
                )
            return self._publisher.publish(self.channel, self.json.dumps(data))
        except redis.RedisError as error:
            log.warning("not published to the message queue: %s", type(error).__name__)
            return None

    def _redis_listen_with_retries(self):
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                self.listening = True
                yield from self.pubsub.listen()
            except Exception as error:  # redis' errors, and whatever a dead socket raises
                if self.listening:
                    log.warning("message queue lost (%s); listening again", type(error).__name__)
                self.listening = False
                time.sleep(RELISTEN_SECONDS)


class QueueHealth:
    """Whether this process reaches the other processes through Redis, checked about once a
    second by the live-state pusher."""

    def __init__(self):
        self.url: str | None = None
        self.manager: QueueManager | None = None
        self.up = True
        self.down_since: float | None = None  # epoch seconds
        self._client = None
        self._checked = 0.0
        self._rebuilt = 0.0
        self._watched = 0.0

    def watch(self, url: str | None, manager) -> None:
        """Watch the queue at `url` (None: one process, nothing to watch)."""
        self.url = url if url and url.startswith(("redis://", "rediss://")) else None
        self.manager = manager if isinstance(manager, QueueManager) else None
        self.up, self.down_since, self._client = True, None, None
        self._watched = time.monotonic()

    @property
    def degraded(self) -> bool:
        return self.url is not None and not self.up

    def check(self, force: bool = False) -> str | None:
        """PING (at most every CHECK_SECONDS): answers "down" or "up" when that changed."""
        now = time.monotonic()
        if self.url is None or (not force and now - self._checked < CHECK_SECONDS):
            return None
        self._checked = now
        # The listener needs a moment to subscribe after the start: not an outage.
        starting = now - self._watched < STARTING_SECONDS
        listening = self.manager is None or self.manager.listening or starting
        works = self._pings() and listening
        if works == self.up:
            return None
        self.up = works
        if works:
            log.warning("message queue back after %.0f s", time.time() - self.down_since)
            self.down_since = None
            return "up"
        self.down_since = time.time()
        log.error("message queue (Redis) unreachable: each process serves its own clients")
        return "down"

    def check_due(self) -> bool:
        """True at most once every CHECK_SECONDS: time to rebuild what this process shows."""
        now = time.monotonic()
        if now - self._rebuilt < CHECK_SECONDS:
            return False
        self._rebuilt = now
        return True

    def _pings(self) -> bool:
        import redis

        try:
            if self._client is None:
                self._client = redis.Redis.from_url(
                    self.url, socket_timeout=0.5, socket_connect_timeout=0.5
                )
            return bool(self._client.ping())
        except redis.RedisError:
            return False

    def status(self) -> dict:
        """For the desk: whether the queue works, and since when it does not."""
        return {
            "configured": self.url is not None,
            "up": not self.degraded,
            "down_since": self.down_since,
        }


def listen_now(server) -> None:
    """Start listening to the queue now, not at the first client's connection, so that the
    queue's health is known from the start."""
    if not server.manager_initialized:
        server.manager_initialized = True
        server.manager.initialize()
