"""The proposal limits counted across server processes: behind nginx, several `run.py`
processes each see a share of the public's submissions, and a limit counted per process would
let a robot through N times over. The count lives in Redis (the message queue's server), one
sorted set per key scored by time, checked and added in one script so two processes cannot
both take the last place. While Redis does not answer, each process counts on its own (the
Window it wraps), as the login throttle does (hall/admin/throttle.py)."""

import secrets
import time

# Drop what has left the window, refuse at the limit, else count this one.
TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 1)
return 1
"""


class SharedWindow:
    """A Window (hall/proposals/guard.py) whose count is shared through Redis when it is set."""

    def __init__(self, name: str, local):
        self.name, self.local = name, local
        self._redis = self._script = self._errors = None
        self._prefix = ""

    @property
    def limit(self) -> int:
        return self.local.limit

    def share(self, url: str | None, channel: str) -> None:
        """Count through Redis at `url` (None or not redis://: this process alone)."""
        if not url or not url.startswith(("redis://", "rediss://")):
            self._redis = None
            return
        import redis

        self._errors = redis.RedisError
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._redis.register_script(TAKE)
        self._prefix = f"{channel}:proposals:{self.name}:"

    def take(self, key: str, limit: int | None = None) -> bool:
        if self._redis is None:
            return self.local.take(key, limit)
        arguments = [time.time(), self.local.seconds, limit or self.local.limit]
        try:
            taken = self._script(keys=[self._prefix + key], args=[*arguments, secrets.token_hex(8)])
        except self._errors:
            return self.local.take(key, limit)  # Redis away: this process's own count
        return bool(taken)

    def reset(self) -> None:
        self.local.reset()
        if self._redis is not None:
            try:
                for stored in self._redis.scan_iter(match=self._prefix + "*"):
                    self._redis.delete(stored)
            except self._errors:
                pass
