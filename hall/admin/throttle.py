"""Login throttling: a few failed passwords per address, then a pause."""

import threading
import time
from collections import defaultdict, deque


class LoginThrottle:
    """At most `limit` failures per address within `window` seconds (in this process)."""

    def __init__(self, limit: int = 5, window: float = 300):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def allowed(self, address: str) -> bool:
        with self._lock:
            recent = self._recent(address)
            return len(recent) < self.limit

    def failed(self, address: str) -> None:
        with self._lock:
            self._recent(address).append(time.monotonic())

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()

    def _recent(self, address: str) -> deque:
        recent = self._failures[address]
        while recent and time.monotonic() - recent[0] > self.window:
            recent.popleft()
        return recent
