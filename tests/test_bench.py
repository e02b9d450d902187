"""scripts/bench.py in small: 30 phones through every scenario against the real server.

Correctness only, never timing: nothing acknowledged is lost, nothing is counted twice, the
screen's final turnout, feed and result are right, every phone comes back after the storm.
(The figures themselves are for BENCHMARKS.md, measured on a quiet machine.)
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL

ROOT = Path(__file__).resolve().parent.parent
DEPUTIES = 30


def bench(*args: str, timeout: float = 120) -> dict:
    """Run the benchmark script as a user would; answers its last line, the JSON figures."""
    command = [sys.executable, "scripts/bench.py", "--deputies", str(DEPUTIES), "--json", *args]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    lines = done.stdout.strip().splitlines()
    assert lines, f"no output (exit {done.returncode}):\n{done.stderr[-3000:]}"
    figures = json.loads(lines[-1])
    assert figures["correct"]["all"], json.dumps(
        {k: v for k, v in figures.items() if k != "machine"}, ensure_ascii=False, indent=1
    )[:6000]
    assert done.returncode == 0
    return figures


def test_every_scenario_with_thirty_phones_on_eventlet():
    figures = bench("--hold-seconds", "1", "--reconnect-within", "2", "--storm-deadline", "40")
    assert not figures.get("failures")
    assert figures["connect"]["connected"] == DEPUTIES

    echo = figures["echo"]
    assert echo["echoed"] == echo["answered"] == DEPUTIES

    for name in ("burst", "rating"):
        run = figures[name]
        assert run["acknowledged"] == run["in_box"] == run["participations"] == DEPUTIES
        assert (run["lost"], run["duplicated"], run["unknown_in_box"]) == (0, 0, 0)
        assert run["refused"] == 0 and not run["errors"]
        assert run["screen_turnout"] == DEPUTIES

    close = figures["close"]
    assert close["screen_result_ok"] and close["screen_returned"] == DEPUTIES
    assert close["phones_saw_published"] == DEPUTIES

    rating = figures["rating"]
    assert rating["satisfied_on_feed"] == rating["satisfied_submitted"] > 0
    assert rating["fairly_on_feed"] == rating["fairly_submitted"]
    assert rating["screen_result_ok"]

    storm = figures["storm"]
    assert storm["back"] == DEPUTIES and storm["errors"] == 0
    assert storm["abandoned_released"] == DEPUTIES

    hold = figures["hold"]
    assert hold["alive"] == hold["echo_answered"] == DEPUTIES

    assert figures["server_survived"]
    assert figures["memory"]["peak_rss_mb"] > 0
    assert set(figures["targets"]) >= {"burst_lost", "rating_feed", "close_ms", "storm_errors"}


@pytest.mark.parametrize("scenarios", ["burst,close,storm"])
def test_the_burst_and_the_storm_on_gevent(scenarios):
    figures = bench("--async-mode", "gevent", "--scenario", scenarios, "--reconnect-within", "2")
    assert figures["async_mode"] == "gevent"
    burst = figures["burst"]
    assert (burst["acknowledged"], burst["lost"], burst["duplicated"]) == (DEPUTIES, 0, 0)
    assert figures["close"]["screen_result_ok"]
    assert figures["storm"]["back"] == DEPUTIES and figures["storm"]["errors"] == 0


def test_two_server_processes_lose_nothing_and_scroll_every_item(redis_channel):
    """--processes 2: the phones spread over two servers sharing the database and Redis."""
    figures = bench(
        *("--processes", "2", "--redis", REDIS_URL),
        *("--scenario", "burst,close,rating,storm", "--reconnect-within", "2"),
    )
    assert figures["processes"] == 2
    for name in ("burst", "rating"):
        run = figures[name]
        assert (run["acknowledged"], run["lost"], run["duplicated"]) == (DEPUTIES, 0, 0)
        assert run["screen_turnout"] == DEPUTIES
    rating = figures["rating"]
    assert rating["satisfied_on_feed"] == rating["satisfied_submitted"] > 0
    assert figures["close"]["screen_result_ok"]
    assert figures["storm"]["back"] == DEPUTIES and figures["storm"]["errors"] == 0
