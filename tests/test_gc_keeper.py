"""The garbage collection pacer: frozen while a ballot is open, swept in calm between ballots."""

import gc

import pytest

from hall.tasks.gc_keeper import (
    BUSY_HOLD,
    CALM_SECONDS,
    OPEN_THRESHOLDS,
    SWEEP_EVERY,
    GcKeeper,
)


class FakeCollector:
    """Records what the keeper asks of the collector, without touching the real one."""

    def __init__(self):
        self.calls = []
        self.threshold = (700, 10, 10)

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")

    def collect(self):
        self.calls.append("collect")

    def get_threshold(self):
        return self.threshold

    def set_threshold(self, *threshold):
        self.calls.append(("threshold", threshold))
        self.threshold = threshold


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def keeper():
    """A keeper on a fake collector and clock; the process uses no CPU unless a test says."""
    collector, clock = FakeCollector(), Clock()
    clock.cpu = 0.0
    return GcKeeper(collector, clock, cpu_clock=lambda: clock.cpu), collector, clock


def test_an_open_ballot_freezes_once_and_raises_the_thresholds(keeper):
    keeper, collector, _ = keeper
    keeper.tick(ballot_open=True)
    keeper.tick(ballot_open=True)
    assert collector.calls == ["freeze", ("threshold", OPEN_THRESHOLDS)]
    assert OPEN_THRESHOLDS[2] > 1000  # no full collection while the ballot is open


def test_no_sweep_while_open_however_long(keeper):
    keeper, collector, clock = keeper
    keeper.tick(ballot_open=True)
    clock.now += 10 * SWEEP_EVERY
    keeper.tick(ballot_open=True)
    assert "collect" not in collector.calls


def test_closing_restores_the_thresholds_and_sweeps_after_calm(keeper):
    keeper, collector, clock = keeper
    keeper.tick(ballot_open=True)
    collector.calls.clear()
    clock.now += 5
    keeper.tick(ballot_open=False)  # closed: thresholds back, but not calm yet
    assert collector.calls == [("threshold", (700, 10, 10))]
    clock.now += CALM_SECONDS - 1
    keeper.tick(ballot_open=False)
    assert "collect" not in collector.calls
    clock.now += 1
    keeper.tick(ballot_open=False)
    assert collector.calls[1:] == ["unfreeze", "collect", "freeze"]
    assert keeper.sweeps == 1
    clock.now += 1
    keeper.tick(ballot_open=False)  # swept since the close: nothing more until overdue
    assert keeper.sweeps == 1


def test_a_ballot_reopening_within_the_calm_period_prevents_the_sweep(keeper):
    keeper, collector, clock = keeper
    keeper.tick(ballot_open=True)
    clock.now += 1
    keeper.tick(ballot_open=False)
    clock.now += CALM_SECONDS / 2
    keeper.tick(ballot_open=True)
    clock.now += CALM_SECONDS
    keeper.tick(ballot_open=True)
    assert "collect" not in collector.calls
    assert collector.calls.count("freeze") == 2


def test_a_busy_process_is_not_swept_until_it_calms_down(keeper):
    """A storm of reconnects after the close keeps the process busy: the sweep waits."""
    keeper, _, clock = keeper
    keeper.tick(ballot_open=True)
    clock.now += 1
    keeper.tick(ballot_open=False)
    for _ in range(20):  # 20 s of a storm: most of a core, tick after tick
        clock.now += 1
        clock.cpu += 0.8
        keeper.tick(ballot_open=False)
    assert keeper.sweeps == 0
    clock.now += CALM_SECONDS - 1
    clock.cpu += 0.1  # quiet again
    keeper.tick(ballot_open=False)
    assert keeper.sweeps == 0
    clock.now += 1
    keeper.tick(ballot_open=False)
    assert keeper.sweeps == 1


def test_a_storm_between_ballots_holds_the_collector_until_the_calm_sweep(keeper):
    """Every phone reconnecting after the Wi-Fi dropped, no ballot open: no full collection
    over 3,000 phones' objects in the middle of it; the sweep in calm puts things back."""
    keeper, collector, clock = keeper
    keeper.sweep()
    collector.calls.clear()
    for _ in range(8):  # 2 s of a storm, ticking every 0.25 s
        clock.now += 0.25
        clock.cpu += 0.2
        keeper.tick(ballot_open=False)
    assert collector.calls == ["freeze", ("threshold", OPEN_THRESHOLDS)]
    clock.now += CALM_SECONDS
    keeper.tick(ballot_open=False)  # quiet again
    assert collector.calls[2:] == [("threshold", (700, 10, 10)), "unfreeze", "collect", "freeze"]
    assert collector.threshold == (700, 10, 10)


def test_a_busy_spell_longer_than_a_storm_gets_the_usual_collector_back(keeper):
    """A whole day's steady work (proposals pouring in, say) must not go uncollected."""
    keeper, collector, clock = keeper
    for _ in range(int(BUSY_HOLD) + 30):
        clock.now += 1
        clock.cpu += 0.5
        keeper.tick(ballot_open=False)
    assert collector.threshold == (700, 10, 10)
    assert collector.calls.count(("threshold", OPEN_THRESHOLDS)) == 1, "held once, then not"
    assert keeper.sweeps == 0


def test_between_ballots_it_sweeps_every_so_often(keeper):
    keeper, _, clock = keeper
    keeper.sweep()  # as run() does at start
    clock.now += SWEEP_EVERY - 1
    keeper.tick(ballot_open=False)
    assert keeper.sweeps == 1
    clock.now += 1
    keeper.tick(ballot_open=False)
    assert keeper.sweeps == 2


def test_the_real_collector_is_frozen_and_thawed():
    """With Python's own collector: open freezes the heap, the sweep frees a cycle."""
    clock = Clock()
    keeper = GcKeeper(clock=clock, cpu_clock=lambda: 0.0)
    normal = gc.get_threshold()
    gc.collect()
    try:
        keeper.tick(ballot_open=True)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == OPEN_THRESHOLDS
        clock.now += 1
        keeper.tick(ballot_open=False)
        assert gc.get_threshold() == normal
        cycle = []
        cycle.append(cycle)
        del cycle
        clock.now += CALM_SECONDS
        keeper.tick(ballot_open=False)
        assert keeper.sweeps == 1
        assert gc.get_freeze_count() > 0  # what survived is frozen again
    finally:
        gc.unfreeze()
        gc.set_threshold(*normal)
