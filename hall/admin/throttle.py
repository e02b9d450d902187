"""Login throttling: a few failed passwords per address, a few more per account, then a pause."""

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

    def allowed(self, address: str, account: str) -> bool:
        with self._lock:
            return (
                len(self._recent(self._by_address, address)) < self.per_address
                and len(self._recent(self._by_account, account)) < self.per_account
            )

    def failed(self, address: str, account: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(self._by_address, address).append((now, account))
            self._recent(self._by_account, account).append((now, address))
            if len(self._by_address) + len(self._by_account) > KEPT_KEYS:
                self._forget_quiet()

    def succeeded(self, address: str, account: str) -> None:
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
