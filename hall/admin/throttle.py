"""Login throttling: a few failed passwords per address, a few more per account, then a pause.

Several server processes share the count through Redis (the message queue's server); while
Redis does not answer, each process still counts on its own.
"""

import contextlib
import secrets
import threading
import time
from collections import defaultdict, deque

KEPT_KEYS = 10_000  # past this many addresses and names, forget the ones with no recent failure


class LoginThrottle:
    """At most `per_address` failures from one address and `per_account` against one account
    name within `window` seconds (in this process).

    The account limit is higher, so one address alone cannot lock an account out, while
    guesses spread over many addresses still stop. A success clears only the failures of its
    own account from its own address: logging in to one's own account never buys more
    guesses at another's.
    """

    def __init__(self, per_address: int = 5, per_account: int = 15, window: float = 300):
        self.per_address, self.per_account, self.window = per_address, per_account, window
        # Each failure is kept under its address and under its account name, as (when, other).
        self._by_address: dict[str, deque] = defaultdict(deque)
        self._by_account: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()
        self.shared: SharedFailures | None = None

    def share(self, queue: str | None, channel: str) -> None:
        """Count through Redis too when the message queue is Redis (None: this process only)."""
        redis_queue = queue and queue.startswith(("redis://", "rediss://"))
        self.shared = SharedFailures(queue, channel, self.window) if redis_queue else None

    def allowed(self, address: str, account: str) -> bool:
        with self._lock:
            here = (
                len(self._recent(self._by_address, address)) < self.per_address
                and len(self._recent(self._by_account, account)) < self.per_account
            )
        if not here or self.shared is None:
            return here
        counts = self.shared.counts(address, account)
        return counts is None or (counts[0] < self.per_address and counts[1] < self.per_account)

    def failed(self, address: str, account: str) -> None:
        if self.shared is not None:
            self.shared.failed(address, account)
        with self._lock:
            now = time.monotonic()
            self._recent(self._by_address, address).append((now, account))
            self._recent(self._by_account, account).append((now, address))
            if len(self._by_address) + len(self._by_account) > KEPT_KEYS:
                self._forget_quiet()

    def succeeded(self, address: str, account: str) -> None:
        if self.shared is not None:
            self.shared.succeeded(address, account)
        with self._lock:
            self._drop(self._by_address, address, account)
            self._drop(self._by_account, account, address)

    def reset(self) -> None:
        with self._lock:
            self._by_address.clear()
            self._by_account.clear()

    def _recent(self, table: dict, key: str) -> deque:
        recent = table[key]
        while recent and time.monotonic() - recent[0][0] > self.window:
            recent.popleft()
        return recent

    def _drop(self, table: dict, key: str, other: str) -> None:
        kept = deque(entry for entry in table.get(key, ()) if entry[1] != other)
        if kept:
            table[key] = kept
        else:
            table.pop(key, None)

    def _forget_quiet(self) -> None:
        for table in (self._by_address, self._by_account):
            for key in [key for key in table if not self._recent(table, key)]:
                del table[key]


class SharedFailures:
    """The failures in Redis, under the queue's channel: a sorted set per address and per
    account name, scored by time. Every call answers None (or does nothing) while Redis does
    not answer: the process's own count stands in meanwhile."""

    def __init__(self, url: str, channel: str, window: float):
        import redis

        self._errors = redis.RedisError
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix, self.window = f"{channel}:login:", window

    def _keys(self, address: str, account: str) -> tuple[str, str]:
        return f"{self._prefix}address:{address}", f"{self._prefix}account:{account}"

    def counts(self, address: str, account: str) -> tuple[int, int] | None:
        pipe = self._redis.pipeline()
        for key in self._keys(address, account):
            pipe.zremrangebyscore(key, "-inf", time.time() - self.window)
            pipe.zcard(key)
        try:
            answers = pipe.execute()
        except self._errors:
            return None
        return answers[1], answers[3]

    def failed(self, address: str, account: str) -> None:
        now = time.time()
        pipe = self._redis.pipeline()
        for key, other in zip(self._keys(address, account), (account, address), strict=True):
            pipe.zadd(key, {f"{other}\n{secrets.token_hex(4)}": now})
            pipe.expire(key, int(self.window) + 1)
        with contextlib.suppress(self._errors):
            pipe.execute()

    def succeeded(self, address: str, account: str) -> None:
        """Forget the failures of this account from this address only."""
        try:
            for key, other in zip(self._keys(address, account), (account, address), strict=True):
                members = self._redis.zrange(key, 0, -1)
                mine = [m for m in members if m.decode().rsplit("\n", 1)[0] == other]
                if mine:
                    self._redis.zrem(key, *mine)
        except self._errors:
            pass
