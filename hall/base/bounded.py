"""A dict that keeps at most `size` entries, forgetting the oldest put first: the per-process
caches' shape (card holders, stopped ballots' counts, provenance lines)."""


class Bounded(dict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value) -> None:
        """Set `key` (as the newest entry), then forget the oldest past `size`."""
        self.pop(key, None)
        self[key] = value
        while len(self) > self.size:
            del self[next(iter(self))]
