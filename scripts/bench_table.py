"""Turn scripts/bench.py runs into the Markdown table of BENCHMARKS.md.

    python scripts/bench.py --deputies 300 > runs/300-eventlet.out      # ... one file per run
    python scripts/bench_table.py runs/*.out

Each file's last line is a run's JSON; runs are grouped by deputies, eventlet and gevent side
by side. Several runs of the same size and mode give the median of each figure (the worst for
counts that must be 0), and the number of runs behind it.
"""

import json
import statistics
import sys
from pathlib import Path

ROWS = [
    ("connect: all phones connected (s)", "connect", "wall_s"),
    ("echo: p99 ack (ms)", "echo", "ack_p99_ms"),
    ("echo: throughput (/s)", "echo", "throughput_per_s"),
    ("echo: server CPU (s)", "echo", "server_cpu_s"),
    ("burst: acknowledged", "burst", "acknowledged"),
    ("burst: lost / duplicated", "burst", ("lost", "duplicated")),
    ("burst: ack p50 (ms)", "burst", "ack_p50_ms"),
    ("burst: ack p99 (ms)", "burst", "ack_p99_ms"),
    ("burst: ack max (ms)", "burst", "ack_max_ms"),
    ("burst: wall (s)", "burst", "wall_s"),
    ("burst: throughput (/s)", "burst", "throughput_per_s"),
    ("burst: server CPU (s)", "burst", "server_cpu_s"),
    ("burst: throughput / echo", "burst", "echo_ratio"),
    ("burst: screen lag (ms)", "burst", "screen_lag_ms"),
    ("close: to result on screen (ms)", "close", "close_to_result_ms"),
    ("rating: lost / duplicated", "rating", ("lost", "duplicated")),
    ("rating: ack p99 (ms)", "rating", "ack_p99_ms"),
    ("rating: 满意 on feed / submitted", "rating", ("satisfied_on_feed", "satisfied_submitted")),
    ("rating: screen lag (ms)", "rating", "screen_lag_ms"),
    ("storm: all back (s)", "storm", "all_back_s"),
    ("storm: errors", "storm", "errors"),
    ("storm: server CPU (s)", "storm", "server_cpu_s"),
    ("hold: alive after 30 s", "hold", "alive"),
    ("server RSS: peak (MB)", "memory", "peak_rss_mb"),
    ("server memory per phone (KB)", "memory", "kb_per_phone"),
    ("load average at start", "machine", "load_average"),
]


WORST = {"lost", "duplicated", "errors"}  # must be 0: show the worst run, not the median


def value(run: dict, section: str, key: str):
    part = run.get(section) or {}
    found = part.get(key)
    return found[0] if isinstance(found, list) else found  # the 1-minute load average


def combined(runs: list[dict], section: str, key: str) -> str:
    values = [v for v in (value(run, section, key) for run in runs) if v is not None]
    if not values:
        return "–"
    if key in WORST:
        return str(max(values))
    middle = statistics.median(values)
    return str(round(middle, 3) if isinstance(middle, float) else middle)


def cell(runs: list[dict], section: str, key) -> str:
    if isinstance(key, tuple):
        return " / ".join(combined(runs, section, k) for k in key)
    return combined(runs, section, key)


def main(paths: list[str]) -> None:
    runs: dict[tuple, list[dict]] = {}
    for path in paths:
        lines = Path(path).read_text().strip().splitlines()
        run = json.loads(lines[-1])
        runs.setdefault((run["deputies"], run["async_mode"]), []).append(run)
    sizes = sorted({n for n, _ in runs})
    modes = ["eventlet", "gevent"]
    header = ["figure"] + [f"{n:,} {m}" for n in sizes for m in modes]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    counts = [str(len(runs.get((n, m), []))) for n in sizes for m in modes]
    print("| runs (median of) | " + " | ".join(counts) + " |")
    for label, section, key in ROWS:
        cells = [cell(runs.get((n, m), []), section, key) for n in sizes for m in modes]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
