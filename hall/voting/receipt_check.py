"""Receipt check: a deputy types their receipt code and learns whether their sheet is counted.

Inclusion only: the answer names the ballot and never what the sheet says. Look-ups are
limited per address, though a 128-bit code cannot be guessed anyway.
"""

import threading
import time
from collections import defaultdict, deque

from hall.store.models import Ballot, Sheet
from hall.voting import receipts


def check(session, code: object) -> dict:
    """`{"included": true, "ballot": title}` for a sheet in the box, else `{"included": false}`.

    Raises ValueError when `code` is not a receipt code at all.
    """
    sheet = session.get(Sheet, receipts.fingerprint(receipts.normalize(code)))
    if sheet is None:
        return {"included": False}
    ballot = session.get(Ballot, sheet.ballot_id)
    answer = {"included": True, "ballot": ballot.title}
    if ballot.state == "void":
        answer["void"] = True  # in the box, but the ballot yields no result
    return answer


class RateLimit:
    """At most `limit` look-ups per address within `window` seconds (in this process)."""

    def __init__(self, limit: int = 10, window: float = 60):
        self.limit, self.window = limit, window
        self._seen: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        """Count one look-up; False when the address has used up its allowance."""
        now = time.monotonic()
        with self._lock:
            recent = self._seen[address]
            while recent and now - recent[0] > self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


limit = RateLimit()
