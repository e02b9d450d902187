"""The `proposals` scenario of scripts/bench.py (问需于民, issue 13), against a real Hall server
(run.py, its own process, a fresh SQLite database) on 127.0.0.1 only:

1. `--proposals` proposals (default 20,000) stored through the domain's own intake
   (hall.proposals.intake.submit_public, the function the page's POST calls);
2. the desk's queue, filtered and paged, timed request by request (target ≤ 300 ms);
3. the public page's similar-proposal search, timed (target ≤ 200 ms);
4. `--rate` submissions a second (default 200) for `--seconds` (default 60), each from a new
   device (no cookie kept), through POST /api/v1/public/proposals; then every code answered is
   looked up in the database: "lost" = answered 201 but not stored, or not answered 201.

All requests go from 127.0.0.1, so the per-address throttle is raised for the run
(HALL_PROPOSAL_ADDRESS_LIMIT); the per-device one is untouched (each request is a new device).
Bounded by --timeout; the last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import aiohttp

TARGETS = {"queue_ms": 300.0, "similar_ms": 200.0, "lost": 0}
PLACES = ("幸福", "和平", "龙港", "东城", "西湖", "南湖", "新城", "江滨", "文昌", "白沙")
THINGS = (
    "小区加装电梯", "路口增设红绿灯", "菜市场改造提升", "公园增设健身器材", "学校周边停车难",
    "老旧管网改造", "社区食堂建设", "公交线路延伸", "河道保洁", "垃圾分类设施",
    "幼儿园扩容", "卫生服务站升级", "路灯照明改造", "无障碍通道建设", "雨污分流改造",
)  # fmt: skip
AREAS = ("教育", "医疗", "养老", "交通", "住房", "环境")
QUEUE_QUERIES = (
    "",
    "area=交通",
    "area=养老&page=20",
    "state=received&channel=online&page=100",
    "q=电梯",
    "q=红绿灯&page=5",
    "station=龙港镇代表联络站",
    "area=环境&q=河道&per_page=50",
    "page=900",
)


def title_of(number: int) -> str:
    return f"{PLACES[number % 10]}{number // 150 + 1}号{THINGS[number // 10 % 15]}"


def proposal_body(number: int) -> dict:
    return {
        "area": AREAS[number % 6],
        "title": title_of(number),
        "body": f"{title_of(number)}：居民反映多年，建议今年解决（第 {number} 条）。",
        "reason": "群众呼声高",
    }


def prepare(workdir: Path, count: int) -> str:
    """A meeting with an open round and `count` proposals; answers the database URL."""
    from hall import create_app
    from hall.migrations import create_schema
    from hall.proposals.rounds import save_round
    from hall.store.db import write_session
    from hall.store.models import Meeting

    url = f"sqlite:///{workdir / 'hall.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(workdir), "SECRET_KEY": "p"})
    create_schema(app)
    with write_session(app) as db:
        meeting = Meeting(name="基准测试会议", year=2027, screen_key="k", is_current=True)
        db.add(meeting)
        db.flush()
        today = date.today()
        window = {
            "opens_on": str(today - timedelta(days=5)),
            "closes_on": str(today + timedelta(days=5)),
        }
        save_round(db, meeting, window, "bench")
    for start in range(0, count, 2000):
        with write_session(app) as db:
            _store_many(db, range(start, min(count, start + 2000)))
    return url


def _store_many(db, numbers) -> None:
    """Proposals as the intake stores them (code, fingerprint, title pairs), many at once: the
    stored 20,000 are the scene, not what is measured (the submissions below are)."""
    import sqlalchemy as sa

    from hall.base.clock import utcnow
    from hall.proposals.intake import new_code
    from hall.proposals.texts import fingerprint, grams
    from hall.store.models import Proposal, ProposalGram

    rows = []
    for number in numbers:
        body = proposal_body(number)
        channel = "online" if number % 7 else "station"
        rows.append(
            body
            | {
                "meeting_id": 1,
                "code": new_code(),
                "source": "public" if channel == "online" else "deputy",
                "channel": channel,
                "station": "" if channel == "online" else "龙港镇代表联络站",
                "fingerprint": fingerprint(body["title"], body["body"]),
                "created_at": utcnow() - timedelta(hours=number % 600),
            }
        )
    ids = db.scalars(
        sa.insert(Proposal).returning(Proposal.id, sort_by_parameter_order=True), rows
    ).all()
    pairs = [
        {"proposal_id": proposal_id, "gram": gram, "meeting_id": 1}
        for proposal_id, row in zip(ids, rows, strict=True)
        for gram in grams(row["title"])
    ]
    db.execute(sa.insert(ProposalGram), pairs)


async def timed(session, path: str) -> float:
    started = time.perf_counter()
    async with session.get(path) as answer:
        await answer.read()
        assert answer.status == 200, (path, answer.status)
    return (time.perf_counter() - started) * 1000


def spread(values: list[float]) -> dict:
    values = sorted(values)
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(values[int(len(values) * 0.95) - 1], 1),
        "max_ms": round(values[-1], 1),
    }


async def desk_and_search(url: str, password: str, rounds: int) -> dict:
    jar = aiohttp.CookieJar(unsafe=True)  # the desk's session cookie, from an IP address
    async with aiohttp.ClientSession(url, cookie_jar=jar) as desk:
        async with desk.post("/api/v1/admin/login", json={"password": password}) as login:
            assert login.status == 200
        queue = [await timed(desk, f"/api/v1/admin/proposals?{q}") for q in QUEUE_QUERIES * rounds]
    searches = [
        title_of(random.randrange(20_000))[: random.randint(3, 9)] for _ in range(20 * rounds)
    ]
    async with aiohttp.ClientSession(url) as phone:
        similar = [await timed(phone, f"/api/v1/public/proposals/similar?q={q}") for q in searches]
    return {"queue": spread(queue), "similar": spread(similar)}


async def submissions(url: str, rate: int, seconds: int, first: int) -> dict:
    """`rate` a second for `seconds`, each from a new device; answers codes and counts."""
    jar = aiohttp.DummyCookieJar()  # no cookie kept: every request is a new device
    connector = aiohttp.TCPConnector(limit=400)
    timeout = aiohttp.ClientTimeout(total=120)  # a phone waits that long at most
    async with aiohttp.ClientSession(
        url, cookie_jar=jar, connector=connector, timeout=timeout
    ) as s:
        async with s.get("/api/v1/public/round") as answer:
            token = (await answer.json())["form_token"]
        await asyncio.sleep(4.2)  # the form's minimum fill time, as a person holds it
        started = time.perf_counter()
        results = await asyncio.gather(
            *(submit(s, token, first + i, started + i / rate) for i in range(rate * seconds))
        )
        elapsed = time.perf_counter() - started
    codes = [code for code, _, _ in results if code]
    statuses: dict[str, int] = {}
    for _, status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "sent": len(results),
        "elapsed_s": round(elapsed, 1),
        "achieved_per_s": round(len(results) / elapsed, 1),
        "statuses": statuses,
        "latency": spread([ms for _, _, ms in results]),
        "codes": codes,
    }


async def submit(session, token: str, number: int, at: float):
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    started = time.perf_counter()
    body = proposal_body(number) | {"form_token": token}
    try:
        async with session.post("/api/v1/public/proposals", json=body) as answer:
            data = await answer.json(content_type=None)
            status = answer.status
    except (TimeoutError, aiohttp.ClientError) as error:
        return None, type(error).__name__, (time.perf_counter() - started) * 1000
    code = data.get("code") if status == 201 and isinstance(data, dict) else None
    return code, status, (time.perf_counter() - started) * 1000


def stored_codes(url: str, codes: list[str]) -> tuple[int, int]:
    """How many of the answered codes are stored, and how many proposals are stored in all."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = set(connection.execute(sa.text("SELECT code FROM proposals")).scalars())
    engine.dispose()
    return sum(code in found for code in codes), len(found)


async def measure(url: str, args, password: str) -> dict:
    reads = await desk_and_search(url, password, args.read_rounds)
    sent = await submissions(url, args.rate, args.seconds, args.proposals)
    return reads | {"submit": sent}


def run(args) -> dict:
    """The whole scenario; answers the figures, with `correct` and the targets checked."""
    import shutil
    import tempfile

    from bench import ADMIN_PASSWORD, Server, machine  # scripts/bench.py

    workdir = Path(tempfile.mkdtemp(prefix="hall-bench-proposals-"))
    figures = {"scenario": "proposals", "machine": machine(), "args": _shown_args(args)}
    started = time.perf_counter()
    url = prepare(workdir, args.proposals)
    figures["prepare_s"] = round(time.perf_counter() - started, 1)
    limit = {"HALL_PROPOSAL_ADDRESS_LIMIT": str(10**9)}  # every request is from 127.0.0.1
    server = Server(workdir, url, args.async_mode, None, extra_env=limit)
    server.start()
    try:
        cpu = server.cpu_seconds()
        figures |= asyncio.run(
            asyncio.wait_for(measure(server.url, args, ADMIN_PASSWORD), args.timeout)
        )
        figures["server_cpu_s"] = round(server.cpu_seconds() - cpu, 1)
    finally:
        server.stop()
    codes = figures["submit"].pop("codes")
    stored, total = stored_codes(url, codes)
    # Lost: sent and never stored (a phone that gave up waiting may still have been stored).
    figures["submit"] |= {"accepted": len(codes), "stored": total - args.proposals}
    figures["submit"]["lost"] = figures["submit"]["sent"] - (total - args.proposals)
    figures["targets"] = {
        "queue_p95_ok": figures["queue"]["p95_ms"] <= TARGETS["queue_ms"],
        "similar_p95_ok": figures["similar"]["p95_ms"] <= TARGETS["similar_ms"],
        "rate_ok": figures["submit"]["achieved_per_s"] >= args.rate * 0.95,
        "none_lost": figures["submit"]["lost"] == 0,
    }
    figures["correct"] = {"all": stored == len(codes)}  # every code answered is stored
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        figures["workdir"] = str(workdir)
    return figures


def _shown_args(args) -> dict:
    keys = ("proposals", "rate", "seconds", "read_rounds", "async_mode")
    return {key: getattr(args, key) for key in keys}


def summary(figures: dict) -> str:
    queue, similar, sent = figures["queue"], figures["similar"], figures["submit"]
    return "\n".join(
        [
            f"proposals stored: {figures['args']['proposals']} "
            f"(prepared in {figures['prepare_s']} s)",
            f"desk queue, filter + page: p50 {queue['p50_ms']} ms, p95 {queue['p95_ms']} ms, "
            f"max {queue['max_ms']} ms over {queue['n']} requests (target ≤ 300 ms)",
            f"similar search: p50 {similar['p50_ms']} ms, p95 {similar['p95_ms']} ms, "
            f"max {similar['max_ms']} ms over {similar['n']} requests (target ≤ 200 ms)",
            f"submissions: {sent['sent']} sent in {sent['elapsed_s']} s "
            f"({sent['achieved_per_s']}/s), answers {sent['statuses']}, "
            f"p50 {sent['latency']['p50_ms']} ms, p95 {sent['latency']['p95_ms']} ms; "
            f"stored {sent['stored']}, lost {sent['lost']}",
            f"load average at start: {figures['machine']['load_average']}",
        ]
    )
