"""When the live pusher wakes: at once when something changes after a quiet spell, and during a
burst of changes at most BURST pushes at once, then one per LIVE_PUSH_INTERVAL.

A fixed tick made every change wait up to one interval (200 ms) before any screen saw it, and
the desk's close-then-publish waited for two: the close → result-on-screen figure
(BENCHMARKS.md) was mostly that wait. A token bucket keeps the old ceiling on the push rate
(one per interval on average, so 3,000 sheets in a second still make about five pushes) while
a desk action is shown at once.
"""

import time

from hall.base.extensions import socketio

BURST = 2  # pushes allowed back to back (a close and its publish), then one per interval


class Pacer:
    def __init__(self, interval: float):
        self.interval = interval
        self._event = socketio.server.eio.create_event()  # green under eventlet and gevent
        self._tokens = float(BURST)
        self._filled_at = time.monotonic()

    def poke(self) -> None:
        """Something changed: wake the pusher (safe to call from any green thread)."""
        self._event.set()

    def wait(self) -> None:
        """Until a change (paced by the bucket) or the interval, whichever comes first."""
        changed = self._event.wait(timeout=self.interval)
        self._event.clear()
        if changed:
            self._refill()
            if self._tokens < 1:
                socketio.sleep((1 - self._tokens) * self.interval)
                self._refill()
            self._tokens -= 1

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(BURST, self._tokens + (now - self._filled_at) / self.interval)
        self._filled_at = now
