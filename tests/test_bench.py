"""scripts/bench.py in small: 30 phones through every scenario against the real server.

Correctness only, never timing: nothing acknowledged is lost, nothing is counted twice, the
screen's final turnout, feed and result are right, every phone comes back after the storm.
(The figures themselves are for BENCHMARKS.md, measured on a quiet machine.)
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hall.deputy.casting import SHEET_FIELDS, SUBMIT_EVENT
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
    """The hall's mix (the default road): most phones cast on their WebSocket, a tenth long-poll
    and POST; the phones come in through their whole first load (arrive)."""
    figures = bench(
        *("--hold-seconds", "1", "--reconnect-within", "2", "--storm-deadline", "40"),
        *("--arrive-within", "2"),
    )
    assert not figures.get("failures")
    assert figures["connect"]["connected"] == DEPUTIES
    assert figures["road"] == "mix"

    arrive = figures["arrive"]
    assert arrive["loaded"] == arrive["connected"] == DEPUTIES and arrive["errors"] == 0
    assert arrive["static_files"] >= 2 and arrive["page_load_p99_ms"] > 0

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

    roads = figures["burst"]["by_road"]
    assert roads["http"]["phones"] == roads["http"]["answered"] == DEPUTIES // 10
    assert roads["socket"]["answered"] == DEPUTIES - DEPUTIES // 10
    assert figures["burst"]["server_cpu_ms_per_message"] > 0
    assert echo["server_cpu_ms_per_message"] > 0

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


def test_through_nginx_with_a_process_killed_mid_burst(redis_channel):
    """--processes 2 --nginx --kill-mid-burst: the phones of the killed process reconnect
    through nginx and send again; every acknowledged sheet is in the box once."""
    figures = bench(
        *("--processes", "2", "--redis", REDIS_URL, "--nginx", "--kill-mid-burst", "0.3"),
        *("--scenario", "burst,close", "--spread", "1"),
    )
    assert figures["nginx"] and figures["kill_mid_burst"] == 0.3
    assert "killed_process_at_s" in figures
    run = figures["burst"]
    assert run["retries"] > 0, "phones of the killed process sent again"
    assert (run["acknowledged"], run["lost"], run["duplicated"]) == (DEPUTIES, 0, 0)
    assert figures["close"]["screen_result_ok"]


@pytest.mark.parametrize("road", ["socket", "http"])
def test_the_burst_on_one_road(road):
    """--road socket: every sheet as `submit` on /deputy; --road http: every sheet POSTed."""
    figures = bench("--road", road, "--scenario", "echo,burst,close")
    burst = figures["burst"]
    assert (burst["acknowledged"], burst["lost"], burst["duplicated"]) == (DEPUTIES, 0, 0)
    assert set(burst["by_road"]) == {road}
    assert burst["by_road"][road]["answered"] == DEPUTIES
    assert figures["close"]["screen_result_ok"]
    assert ("cpu_per_sheet_vs_echo" in figures["targets"]) == (road == "socket")


def test_the_page_and_the_bench_cast_the_same_way():
    """The phone page (live.js, api.js) sends what the server's `submit` and HTTP route read,
    and the bench sends it through the same names (hall.deputy.casting)."""
    live = (ROOT / "static/js/deputy/live.js").read_text()
    assert f"export const SUBMIT_EVENT = '{SUBMIT_EVENT}';" in live
    emitted = re.search(r"emit\(SUBMIT_EVENT, \{ ([^}]*) \}", live)
    assert emitted, "live.js no longer emits SUBMIT_EVENT with a sheet"
    keys = [part.split(":")[0].strip() for part in emitted.group(1).split(",")]
    assert tuple(keys) == SHEET_FIELDS
    api = (ROOT / "static/js/deputy/api.js").read_text()
    posted = re.search(r"'/sheets', \{\s*([^}]*)\}", api)
    assert posted, "api.js no longer POSTs a sheet"
    assert [k.strip() for k in posted.group(1).split(",") if k.strip()] == list(SHEET_FIELDS[1:])
    source = (ROOT / "scripts/bench.py").read_text()
    assert "from hall.deputy.casting import SHEET_FIELDS, SUBMIT_EVENT" in source
    assert '"/deputy", "submit"' not in source  # no name of its own for the event


def test_the_desk_bench_prints_every_card_and_imports_the_whole_roster():
    """scripts/bench_desk.py: the card sheet and the roster import, correct at any size."""
    command = [sys.executable, "scripts/bench_desk.py", "--deputies", "30", "--runs", "1"]
    done = subprocess.run(
        [*command, "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["correct"]
    assert figures["print"][0]["cards"] == DEPUTIES
    assert figures["roster"][0]["saved"]["deputies"] == DEPUTIES
