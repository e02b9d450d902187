"""Garbage collection paced for a hall: no sweep over 3,000 phones' objects during a burst.

Python's cyclic collector walks every tracked object of the generation it collects. With
3,000 phones connected the server holds about 600,000 of them (each phone's sockets, sessions,
queues and greenthread), and a full collection stops the whole server while it walks them:
0.4–0.7 s each on the benchmark machine. During a burst the handlers waiting for the ballot
box live long enough to be promoted to the oldest generation, which sets off such a full
collection every second or two; py-spy and `gc.callbacks` put it at a third of the burst's CPU.

The keeper takes the hall's standing objects out of the collector's way while it matters:

- when a ballot opens (the burst follows), everything alive is frozen (`gc.freeze`, which
  costs nothing): the collector then walks only what was made since; until it closes, young
  collections are rarer and full ones do not run (OPEN_THRESHOLDS);
- when the process gets busy with no ballot open (a storm of reconnects after the hall's
  Wi-Fi dropped, say), the same: freeze, and no full collection, for at most BUSY_HOLD
  seconds (a busy spell that long is the day's work, not a storm: the collector's usual
  thresholds come back until the next sweep). py-spy put a third of a storm's CPU in full
  collections right after a rating, whose traffic had not been swept yet;
- in calm it sweeps: unfreeze, one full collection, freeze again. Calm means no ballot open
  and the process nearly idle (under CALM_CPU of a core) for CALM_SECONDS, so a sweep never
  lands in a burst or in a storm of reconnects; it sweeps once a ballot has closed, and in
  any case every SWEEP_EVERY seconds between ballots. run.py's server sweeps once at start.

Nothing is kept from being freed by reference counting, which frees almost everything. Only
cycles among frozen objects, or promoted while the ballot is open, wait for the next sweep:
the memory held back is bounded by the heap at the open plus the cyclic garbage of the
ballot's own traffic (BENCHMARKS.md has the figures). hall.tasks.ballot_watch ticks it, in one task
per process started with the live pusher; in-process test clients run without it.
"""

import gc
import logging
import time

log = logging.getLogger(__name__)

CALM_SECONDS = 3.0  # no ballot open and the process nearly idle for this long before a sweep
CALM_CPU = 0.25  # "nearly idle": under a quarter of a core, measured tick to tick
SWEEP_EVERY = 300.0  # between ballots, at least this often
# While a ballot is open: a young collection every 100,000 allocations instead of 700, so the
# sheets in flight are not walked again and again and promoted; no full collection at all.
OPEN_THRESHOLDS = (100_000, 10, 1_000_000_000)
BUSY_HOLD = 30.0  # the longest a busy spell between ballots keeps the collector held


class GcKeeper:
    """The pacing rules, with the clock and the collector passed in (tests drive them)."""

    def __init__(self, collector=gc, clock=time.monotonic, cpu_clock=time.process_time):
        self._gc, self._clock, self._cpu_clock = collector, clock, cpu_clock
        self.ballot_open = False
        self._calm_since = clock()
        self._last_tick = (clock(), cpu_clock())
        self._last_sweep = None
        self._sweep_owed = False
        self._normal = collector.get_threshold()  # the thresholds to go back to at the close
        self._held_since = None  # a busy spell between ballots holds the collector since then
        self._hold_spent = False  # a hold ran out: none again before the next sweep
        self.sweeps = 0

    def sweep(self) -> None:
        """Unfreeze, collect everything, freeze what survives: the calm moment's full walk."""
        started = self._clock()
        self._release_hold()
        self._hold_spent = False
        self._gc.unfreeze()
        self._gc.collect()
        self._gc.freeze()
        self._last_sweep = self._clock()
        self._sweep_owed = False
        self.sweeps += 1
        log.debug("gc sweep: %.0f ms", 1000 * (self._last_sweep - started))

    def tick(self, ballot_open: bool) -> None:
        now, cpu = self._clock(), self._cpu_clock()
        (then, cpu_then), self._last_tick = self._last_tick, (now, cpu)
        busy = cpu - cpu_then > CALM_CPU * max(now - then, 1e-3)
        if busy:
            self._calm_since = now  # a storm of reconnects, say: no sweep now
        if ballot_open:
            if not self.ballot_open:
                self._release_hold()
                self._hold()  # a burst may follow: walk only what it makes
            self.ballot_open = True
            return
        if self.ballot_open:
            self._gc.set_threshold(*self._normal)
            self.ballot_open = False
            self._calm_since = now
            self._sweep_owed = True
        self._pace_busy_spell(busy, now)
        if now - self._calm_since < CALM_SECONDS:
            return
        overdue = self._last_sweep is None or now - self._last_sweep >= SWEEP_EVERY
        if self._sweep_owed or overdue:
            self.sweep()

    def _pace_busy_spell(self, busy: bool, now: float) -> None:
        if self._held_since is None and busy and not self._hold_spent:
            self._hold()
            self._held_since = now
            self._sweep_owed = True  # as after a close: sweep once it calms down
        elif self._held_since is not None and now - self._held_since >= BUSY_HOLD:
            self._release_hold()
            self._hold_spent = True

    def _hold(self) -> None:
        """Freeze what is alive and raise the thresholds: no full collection from now."""
        self._gc.freeze()
        self._normal = self._gc.get_threshold()
        self._gc.set_threshold(*OPEN_THRESHOLDS)

    def _release_hold(self) -> None:
        if self._held_since is not None:
            self._gc.set_threshold(*self._normal)
            self._held_since = None


keeper = GcKeeper()
