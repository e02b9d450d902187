"""A thread-safe list of received events that a test can wait on (no sleeps)."""

import threading


class Recorder:
    """Collects one event's payloads and lets the test wait for a condition on them."""

    def __init__(self):
        self.items, self._changed = [], threading.Condition()

    def add(self, item):
        with self._changed:
            self.items.append(item)
            self._changed.notify_all()

    def wait_for(self, condition, timeout=20):
        with self._changed:
            assert self._changed.wait_for(lambda: any(condition(i) for i in self.items), timeout)
            return next(i for i in reversed(self.items) if condition(i))
