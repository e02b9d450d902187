"""The phones connected, counted across every server process.

With one process (no message queue) the count lives in its memory. With several processes
behind nginx and a Redis message queue (DESIGN.md's scale-out), each process holds its own
phones and the desk's count must add up across them, so each reports to Redis, under the
queue's channel name. (The 满意 feed's totals need nothing here: they are the released
tallies, kept in the database, hall/voting/released.py.)
"""

import contextlib
import json
import os
import socket
import time
import uuid

from hall.live.screens import screens

PHONES_TTL_MS = 5000  # a process that stops reporting drops out of the phone count


class LocalCounts:
    """One process: everything in memory."""

    def __init__(self):
        self._phones: dict[int, set[str]] = {}
        self._started = time.time()
        self.port = None  # set by the pusher (run.py's --port)

    def take_phones(self, other: "LocalCounts") -> None:
        """Carry the phones another counter knew over to this one (switching to Redis)."""
        self._phones = other._phones

    def phone_connected(self, meeting_id: int, sid: str) -> None:
        self._phones.setdefault(meeting_id, set()).add(sid)

    def phone_disconnected(self, meeting_id: int, sid: str) -> None:
        self._phones.get(meeting_id, set()).discard(sid)

    def local_phones(self) -> dict[int, int]:
        return {meeting: len(sids) for meeting, sids in self._phones.items()}

    def phones(self, meeting_id: int) -> int:
        return len(self._phones.get(meeting_id, ()))

    def report(self) -> None:
        """Nothing to tell other processes."""

    def this_process(self) -> dict:
        """What the desk's health view shows of this process."""
        return {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "port": self.port,
            "started": self._started,
            "phones": sum(self.local_phones().values()),
            "screens": screens.count(),
            "seen": time.time(),
        }

    def processes(self) -> list[dict]:
        """Every process serving (one here); `shared` False: only this one is known."""
        return [{**self.this_process(), "shared": False}]


class RedisCounts(LocalCounts):
    """Several processes: each process reports its phone count to Redis."""

    def __init__(self, url: str, channel: str):
        import redis

        super().__init__()
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = f"{channel}:"
        self._process = uuid.uuid4().hex
        self._reported = 0.0

    def phones(self, meeting_id: int) -> int:
        """Every process's phones; this process's own while Redis does not answer."""
        import redis

        try:
            self.report()
            keys = list(self._redis.scan_iter(match=f"{self._prefix}phones:{meeting_id}:*"))
            return sum(int(value) for value in self._redis.mget(keys) if value is not None)
        except redis.RedisError:
            return super().phones(meeting_id)

    def report(self) -> None:
        """This process's phone counts, refreshed at most every second (the pusher calls it);
        nothing while Redis does not answer (the desk then shows this process's own)."""
        import redis

        now = time.monotonic()
        if now - self._reported < 1.0:
            return
        self._reported = now
        pipe = self._redis.pipeline()
        for meeting, count in self.local_phones().items():
            key = f"{self._prefix}phones:{meeting}:{self._process}"
            pipe.set(key, count, px=PHONES_TTL_MS)
        about = json.dumps(self.this_process())
        pipe.set(f"{self._prefix}process:{self._process}", about, px=PHONES_TTL_MS)
        with contextlib.suppress(redis.RedisError):
            pipe.execute()

    def processes(self) -> list[dict]:
        """Every process that reported within PHONES_TTL_MS; this one only while Redis does
        not answer."""
        import redis

        try:
            keys = sorted(self._redis.scan_iter(match=f"{self._prefix}process:*"))
            found = [json.loads(value) for value in self._redis.mget(keys) if value]
        except redis.RedisError:
            return super().processes()
        return [{**process, "shared": True} for process in found]
