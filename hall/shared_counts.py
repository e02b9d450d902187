"""Counts every server process must agree on: the 满意 feed's totals and the phones connected.

With one process (no message queue) they live in its memory. With several processes behind
nginx and a Redis message queue (DESIGN.md's scale-out), each process casts sheets, releases
its own pool of feed items and holds its own phones: the screen's running totals and the
desk's phone count must add up across them, so they live in Redis, under the queue's
channel name.

The feed's totals are kept per ballot *life*: a ballot opened again after a rehearsal's wipe
(same id, new `opened_at`) starts from zero.
"""

import time
import uuid

ZERO = {"satisfied": 0, "fairly_satisfied": 0}
PHONES_TTL_MS = 5000  # a process that stops reporting drops out of the phone count


def life_of(ballot) -> str:
    """One opening of a ballot: its id and when it opened."""
    opened = ballot.opened_at.isoformat() if ballot.opened_at else "-"
    return f"{ballot.id}@{opened}"


class LocalCounts:
    """One process: everything in memory."""

    def __init__(self):
        self._shown: dict[str, dict[str, int]] = {}
        self._phones: dict[int, set[str]] = {}

    def add_shown(self, life: str, batch: list[tuple[int, str]]) -> dict:
        shown = self._shown.setdefault(life, dict(ZERO))
        for _, rating in batch:
            shown[rating] += 1
        return dict(shown)

    def shown(self, life: str) -> dict:
        return dict(self._shown.get(life, ZERO))

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


class RedisCounts(LocalCounts):
    """Several processes: totals in Redis hashes; each process reports its phone count."""

    def __init__(self, url: str, channel: str):
        import redis

        super().__init__()
        self._redis = redis.Redis.from_url(url)
        self._prefix = f"{channel}:"
        self._process = uuid.uuid4().hex
        self._reported = 0.0

    def add_shown(self, life: str, batch: list[tuple[int, str]]) -> dict:
        key = f"{self._prefix}feed_shown:{life}"
        pipe = self._redis.pipeline()
        for rating in ZERO:
            pipe.hincrby(key, rating, sum(1 for _, r in batch if r == rating))
        satisfied, fairly = pipe.execute()
        return {"satisfied": int(satisfied), "fairly_satisfied": int(fairly)}

    def shown(self, life: str) -> dict:
        stored = self._redis.hgetall(f"{self._prefix}feed_shown:{life}")
        return {rating: int(stored.get(rating.encode(), 0)) for rating in ZERO}

    def phones(self, meeting_id: int) -> int:
        self.report()
        keys = list(self._redis.scan_iter(match=f"{self._prefix}phones:{meeting_id}:*"))
        return sum(int(value) for value in self._redis.mget(keys) if value is not None)

    def report(self) -> None:
        """This process's phone counts, refreshed at most every second (the pusher calls it)."""
        now = time.monotonic()
        if now - self._reported < 1.0:
            return
        self._reported = now
        pipe = self._redis.pipeline()
        for meeting, count in self.local_phones().items():
            key = f"{self._prefix}phones:{meeting}:{self._process}"
            pipe.set(key, count, px=PHONES_TTL_MS)
        pipe.execute()
