"""The scrolling 满意 feed: ratings released in small shuffled batches, never one per tap.

Each counted rating sheet adds its 满意 and 基本满意 items to a pending pool (不满意 is not
scrolled). The pool is released, shuffled, only once it holds items from at least
`min_sheets` sheets, or when the ballot closes, so nobody in the hall can tell whose phone
just produced which line.
"""

import random
import threading
from dataclasses import dataclass

from hall.rules.rating import Rating, parse_rating_canonical

SCROLLED = (Rating.SATISFIED, Rating.FAIRLY_SATISFIED)


@dataclass
class _Pool:
    items: list[tuple[int, str]]
    sheets: int = 0


class Feed:
    """Pending feed items per ballot, in one process."""

    def __init__(self, min_sheets: int = 3):
        self.min_sheets = min_sheets
        self._pools: dict[int, _Pool] = {}
        self._lock = threading.Lock()
        self._shuffle = random.SystemRandom().shuffle

    def add(self, ballot_id: int, counted_marks: str) -> None:
        marks = parse_rating_canonical(counted_marks)
        items = [
            (project_id, str(rating)) for project_id, rating in marks.items() if rating in SCROLLED
        ]
        with self._lock:
            pool = self._pools.setdefault(ballot_id, _Pool(items=[]))
            pool.items.extend(items)
            pool.sheets += 1

    def pending_ballots(self) -> list[int]:
        with self._lock:
            return list(self._pools)

    def release(self, ballot_id: int, force: bool = False) -> list[tuple[int, str]]:
        """The shuffled batch to show now, or [] when too few sheets are pooled to hide in."""
        with self._lock:
            pool = self._pools.get(ballot_id)
            if pool is None or (pool.sheets < self.min_sheets and not force):
                return []
            del self._pools[ballot_id]
        batch = list(pool.items)
        self._shuffle(batch)
        return batch
