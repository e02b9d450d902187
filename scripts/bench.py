"""The burst benchmark: a hall of N phones against one real Hall server on this machine.

    python scripts/bench.py --deputies 3000                 # every scenario, eventlet
    python scripts/bench.py --deputies 3000 --async-mode gevent
    python scripts/bench.py --deputies 5000 --scenario hold
    python scripts/bench.py --deputies 30 --json             # only the JSON line
    python scripts/bench.py --deputies 3000 --road socket --scenario echo,burst,close

It prepares a fresh SQLite database with N signed-in deputies (known card tokens), a project
vote on 15 candidates and a rating of the demo's 10 completed projects, starts `run.py` as its
own process on 127.0.0.1 (with HALL_BENCH_ECHO=1, which adds the bare `/bench` echo
namespace), and drives N deputy connections plus one hall screen over Socket.IO.

The phones do what the phone page does (static/js/deputy/submit.js): `--road socket` casts
every sheet as `submit` on /deputy with its acknowledgement, `--road http` POSTs every sheet to
/api/v1/ballots/<id>/sheets (the socket still on a WebSocket), and `--road mix` (the default)
is the hall: `--polling-share` of the phones (0.1) have their WebSocket blocked, long-poll
and POST, the rest cast on their WebSocket. Every call carries the card cookie and the deputy
the page shows (`X-Hall-Deputy`, the socket's auth `deputy`).

The load generator is lean on purpose: a raw Engine.IO 4 / Socket.IO 5 client over aiohttp
(WebSocket, or long-polling for the blocked ones; no per-client thread), the phones spread
over `--workers` processes
(2 by default), each one asyncio loop. Every time is taken on the client side with
time.monotonic(), which is the system-wide CLOCK_MONOTONIC on Linux, so times taken in the
workers and in the coordinator compare directly.

`--scenario proposals` runs alone (scripts/bench_proposals.py, issue 13): 20,000 proposals
stored, the desk's queue and the similar search timed, then 200 submissions a second for a
minute from distinct devices, none lost (`--proposals`, `--rate`, `--seconds`).

Scenarios (`--scenario`, comma-separated; default all, in this order):

- arrive: the phones come in as deputies walk in: each one's whole first load at a random
          moment within --arrive-within s (60): the card link and its redirect to /phone, the
          page's static files (6 keep-alive connections, no cache), /api/v1/me, the socket.
          Without it the phones just connect their sockets.
- echo:   every phone connects the /bench namespace and sends one sheet-sized payload to the
          bare echo handler within the same second: the ceiling this machine allows. It runs
          with the project vote open, under the burst's collector regime (hall.tasks.gc_keeper).
- burst:  the project vote opens; every phone casts a sheet on its road within the same
          second. Lost = acknowledged but not in the box.
- close:  the desk closes that ballot (3,000 sheets in the box) and publishes it at once: time
          from the close command until the screen's snapshot shows the result scene.
- rating: the same burst on the 10-project rating, counting the 满意 items the screen's feed
          shows against those submitted (after the close releases the last batch).
- storm:  every deputy connection drops at once (silently, as when the hall Wi-Fi goes: the
          server is not told) and each phone reconnects within 5 s: time until all are
          connected again and have their state, and every error any phone saw.
- hold:   all connections stay open for --hold-seconds (past a ping interval) and must all
          still answer an echo afterwards.

`--processes 2 --nginx` puts nginx in front, on the shipped site (docs/deploy/nginx/hall.conf,
as tests/nginx.py runs it: https, sticky on the card cookie), and every phone goes through it;
`--kill-mid-burst S` then kills the last process S seconds into the project vote's burst: its
phones reconnect through nginx to the others and send their sheet again under the same
receipt, and the box must hold every acknowledged sheet once (lost 0, duplicated 0).

`--desk` also connects the secretariat's dashboard; `--py-spy FILE` profiles the server during
the scenarios named by `--py-spy-scenarios`. BENCHMARKS.md has the figures and what limits them.

The human summary goes to stdout, and the last line is one JSON object with every figure.
Everything is bounded (--timeout, default 900 s) and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib.metadata
import json
import multiprocessing
import os
import platform
import random
import resource
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCENARIOS = ("arrive", "echo", "burst", "close", "rating", "storm", "hold")
ADMIN_PASSWORD = "bench-admin-password"
SCREEN_KEY = "bench-screen-key"
CANDIDATES = 15
PLACES = 10
RATINGS = ("satisfied", "fairly_satisfied", "dissatisfied", None)
RATING_WEIGHTS = (70, 20, 5, 5)
ACK_TIMEOUT = 60.0  # a phone waits this long for an acknowledgement, then retries once
BALLOT_WATCH_TICK = (
    0.25  # hall.tasks.ballot_watch.TICK_SECONDS: the collector pacing looks this often
)

TARGETS = {
    "burst_lost": "0 lost",
    "burst_duplicated": "0 duplicated",
    "burst_p99_ack_ms": "p99 acknowledgement <= 2000 ms (every road together)",
    "socket_p99_ack_ms": "socket road: p99 acknowledgement <= 1000 ms",
    "http_p99_ack_ms": "HTTP road: p99 answer <= 2000 ms",
    "cpu_per_sheet_vs_echo": "server CPU per sheet <= 2 x CPU per echo message",
    "burst_screen_lag_ms": "screen lag <= 500 ms",
    "rating_lost": "rating: 0 lost",
    "rating_feed": "every 满意 reaches the screen's feed",
    "close_ms": "close to result on screen <= 300 ms",
    "storm_s": "storm: all back and resynced within 6 s",
    "arrive_loaded": "arrive: every phone loaded and connected",
    "arrive_p99_ms": "arrive: page-load p99 <= 1000 ms",
    "storm_errors": "storm: no error on any phone",
    "memory_kb_per_phone": "<= 100 KB server memory per connected phone",
    "echo_ratio": "burst throughput >= 50 % of the echo ceiling",
    "hold_5000": "5,000 connections held by one process",
}


# --------------------------------------------------------------------------------------------
# Small helpers


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def rounded(value, digits=1):
    return None if value is None else round(value, digits)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM of a process, in kB."""
    figures = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                figures[key] = int(value.split()[0])
    return figures


def proc_cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as info:
        memory = int(info.readline().split()[1]) // 1024
    versions = {}
    for package in (
        "eventlet",
        "gevent",
        "gevent-websocket",
        "flask-socketio",
        "python-socketio",
        "python-engineio",
        "sqlalchemy",
        "aiohttp",
    ):
        with contextlib.suppress(Exception):
            versions[package] = importlib.metadata.version(package)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
    }


# --------------------------------------------------------------------------------------------
# The database: N deputies with known card tokens, a project vote and a rating


def prepare_database(workdir: Path, deputies: int) -> dict:
    """A fresh SQLite database in workdir; answers what the phones and the desk need."""
    import sqlalchemy as sa

    from hall import create_app
    from hall.base.clock import utcnow
    from hall.demo.load import demo_rows
    from hall.migrations import create_schema
    from hall.projects.completed import replace_completed_projects
    from hall.roster.credentials import token_hash
    from hall.store.db import write_session
    from hall.store.models import Ballot, BallotItem, Candidate, Delegation, Deputy, Meeting

    url = f"sqlite:///{workdir / 'hall.sqlite3'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(workdir),
            "SECRET_KEY": "bench",
            "ASYNC_MODE": "threading",
        }
    )
    create_schema(app)
    tokens = [secrets.token_urlsafe(16) for _ in range(deputies)]
    with write_session(app) as db:
        meeting = Meeting(
            name="基准测试市人民代表大会", year=2026, screen_key=SCREEN_KEY, is_current=True
        )
        db.add(meeting)
        db.flush()
        delegations = []
        for number in range(1, 21):
            delegation = Delegation(
                meeting_id=meeting.id, name=f"第{number}代表团", position=number
            )
            db.add(delegation)
            delegations.append(delegation)
        db.flush()
        now = utcnow()
        db.execute(
            sa.insert(Deputy),
            [
                {
                    "meeting_id": meeting.id,
                    "delegation_id": delegations[i % len(delegations)].id,
                    "name": f"代表{i + 1}",
                    "seat": f"{i // 40 + 1}排{i % 40 + 1}座",
                    "token_hash": token_hash(token),
                    "token_revoked": False,
                    "on_leave": False,
                    "signed_in_at": now,
                    "signed_in_by": "self",
                }
                for i, token in enumerate(tokens)
            ],
        )
        vote = Ballot(meeting_id=meeting.id, title="2026年民生实事项目票决", places=PLACES)
        db.add(vote)
        db.flush()
        vote_items = []
        for position in range(1, CANDIDATES + 1):
            candidate = Candidate(
                meeting_id=meeting.id,
                position=position,
                name=f"候选项目{position}",
                lead_department="市住建局",
                summary="新建、改造城市社区公共服务设施，方便群众就近办事。",
                budget=1000 + position,
            )
            db.add(candidate)
            db.flush()
            db.add(BallotItem(ballot_id=vote.id, candidate_id=candidate.id, position=position))
            vote_items.append(candidate.id)
        deputy_ids = list(db.scalars(sa.select(Deputy.id).order_by(Deputy.id)))
        rating = replace_completed_projects(db, meeting, demo_rows(), "bench")
        db.flush()
        rating_items = [item.item_id for item in rating.items]
        ids = {"meeting": meeting.id, "vote": vote.id, "rating": rating.id}
    return {
        "url": url,
        "app": app,
        "tokens": tokens,
        "deputy_ids": deputy_ids,  # in the order of tokens
        "meeting": ids["meeting"],
        "vote": ids["vote"],
        "vote_items": vote_items,
        "rating": ids["rating"],
        "rating_items": rating_items,
    }


def box_contents(app, ballot_id: int) -> tuple[set[str], int]:
    """The receipt hashes in the box for a ballot, and the number of participation rows."""
    import sqlalchemy as sa

    from hall.store.db import session_factory
    from hall.store.models import Participation, Sheet

    with session_factory(app)() as db:
        hashes = set(db.scalars(sa.select(Sheet.receipt_hash).where(Sheet.ballot_id == ballot_id)))
        voted = db.scalar(sa.select(sa.func.count()).where(Participation.ballot_id == ballot_id))
    return hashes, voted


# --------------------------------------------------------------------------------------------
# The server


class Server:
    """`python run.py` on 127.0.0.1 as its own process, with the /bench echo namespace."""

    def __init__(
        self,
        workdir: Path,
        database_url: str,
        async_mode: str,
        py_spy: str | None,
        name: str = "server",
        extra_env: dict | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}.log"
        self.async_mode = async_mode
        self.environment = {
            **os.environ,
            "HALL_DATABASE_URL": database_url,
            "HALL_PUBLIC_URL": self.url,
            "HALL_SECRET_KEY": "bench-secret-key",
            "HALL_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "HALL_BENCH_ECHO": "1",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.py_spy_output = py_spy
        self.process: subprocess.Popen | None = None
        self.profiler: subprocess.Popen | None = None
        self.killed = False
        self.cpu_at_death = 0.0

    def start(self) -> None:
        command = [
            sys.executable,
            "run.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--async-mode",
            self.async_mode,
        ]
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.environment, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe,
            ):
                probe.sendall(b"GET /healthz HTTP/1.0\r\nHost: bench\r\n\r\n")
                if b'"ok"' in probe.recv(4096):
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"server not healthy in 60 s:\n{self.log.read_text()}")

    def start_profiler(self, label: str) -> None:
        """py-spy on the server while one scenario runs (FILE gets the scenario's name)."""
        py_spy = shutil.which("py-spy")
        if py_spy is None:
            raise RuntimeError("--py-spy needs py-spy (pip install py-spy)")
        base, dot, ext = self.py_spy_output.rpartition(".")
        output = f"{base}-{label}.{ext}" if dot else f"{self.py_spy_output}-{label}"
        fmt = "raw" if ext == "txt" else "flamegraph"
        command = [py_spy, "record", "--pid", str(self.process.pid), "--rate", "250"]
        command += ["--format", fmt, "--output", output, "--nonblocking"]
        self.profiler = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(1.0)  # py-spy attaches

    def stop_profiler(self) -> None:
        if self.profiler is not None:
            self.profiler.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.profiler.wait(timeout=60)
            if self.profiler.poll() is None:
                self.profiler.kill()
            self.profiler = None

    def kill(self) -> None:
        """SIGKILL: the process dies mid-work, as on a crash (--kill-mid-burst)."""
        if self.process is not None:
            self.cpu_at_death = self.cpu_seconds()
            self.process.kill()
            self.process.wait()
            self.process, self.killed = None, True

    def memory(self) -> dict[str, int]:
        return proc_status(self.process.pid) if self.process else {}

    def cpu_seconds(self) -> float:
        return proc_cpu_seconds(self.process.pid) if self.process else self.cpu_at_death

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        self.stop_profiler()
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Servers:
    """One server, or N sharing the database and a Redis message queue (DESIGN.md's scale-out,
    with the phones spread over them as nginx would): seen by the bench as one server. The
    screen, the desk and py-spy use the first; CPU and memory are the sum over all."""

    def __init__(self, workdir: Path, database_url: str, args):
        extra, self.redis, self.channel = {}, args.redis, None
        if args.processes > 1:
            self.channel = f"bench-{secrets.token_hex(4)}"
            extra = {"HALL_MESSAGE_QUEUE": args.redis, "HALL_MESSAGE_QUEUE_CHANNEL": self.channel}
        self.servers = [
            Server(
                workdir,
                database_url,
                args.async_mode,
                args.py_spy,
                name="server" if number == 0 else f"server-{number + 1}",
                extra_env=extra,
            )
            for number in range(args.processes)
        ]
        self.first = self.servers[0]
        self.url, self.log = self.first.url, self.first.log
        self.urls = [server.url for server in self.servers]

    def start(self) -> None:
        for server in self.servers:
            server.start()

    def start_profiler(self, label: str) -> None:
        self.first.start_profiler(label)

    def stop_profiler(self) -> None:
        self.first.stop_profiler()

    def memory(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for server in self.servers:
            for key, value in server.memory().items():
                total[key] = total.get(key, 0) + value
        return total

    def cpu_seconds(self) -> float:
        return sum(server.cpu_seconds() for server in self.servers)

    def alive(self) -> bool:
        """Every process still runs, but the one killed on purpose."""
        return all(server.alive() for server in self.servers if not server.killed)

    def put_nginx_in_front(self, stack: contextlib.ExitStack) -> None:
        """The phones go through nginx (the screen and the desk stay on the first process,
        which is never killed)."""
        from tests.nginx import nginx_in_front

        nginx = stack.enter_context(nginx_in_front([server.port for server in self.servers]))
        self.urls = [nginx.url]

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self.channel:  # the run's keys in Redis (feed totals, phone counts) go with it
            import redis

            client = redis.Redis.from_url(self.redis)
            for key in client.scan_iter(match=f"{self.channel}:*"):
                client.delete(key)


# --------------------------------------------------------------------------------------------
# A lean Socket.IO client: Engine.IO 4 over one WebSocket, no polling, no thread


class Refused(Exception):
    """The server refused a namespace (CONNECT_ERROR)."""


class SioClient:
    """One Engine.IO connection with any number of Socket.IO namespaces on it."""

    def __init__(self, session, url: str, headers: dict | None = None):
        self.session, self.url, self.headers = session, url, headers or {}
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.handlers: dict[tuple[str, str], object] = {}
        self.namespaces: dict[str, asyncio.Future] = {}
        self.acks: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.closed = asyncio.Event()
        self.close_reason = ""

    def on(self, namespace: str, event: str, handler) -> None:
        self.handlers[(namespace, event)] = handler

    async def open(self, timeout: float = 30) -> None:
        loop = asyncio.get_running_loop()
        self.closed = asyncio.Event()
        self.close_reason = ""
        self.ws = await self.session.ws_connect(
            f"{self.url}/socket.io/?EIO=4&transport=websocket",
            headers=self.headers,
            autoping=True,
            max_msg_size=0,
            timeout=aiohttp_ws_timeout(timeout),
        )
        first = await asyncio.wait_for(self.ws.receive(), timeout)
        if not (isinstance(first.data, str) and first.data.startswith("0")):
            raise ConnectionError(f"no Engine.IO handshake: {first!r}")
        self.namespaces = {}
        self.acks = {}
        self.reader = loop.create_task(self._read(self.ws))

    async def join(self, namespace: str, auth: dict | None = None, timeout: float = 30) -> None:
        joined = self.namespaces.get(namespace)
        if joined is not None and joined.done() and not joined.exception():
            return
        future = asyncio.get_running_loop().create_future()
        self.namespaces[namespace] = future
        payload = json.dumps(auth, separators=(",", ":")) if auth else ""
        await self.ws.send_str(f"40{namespace},{payload}")
        await asyncio.wait_for(asyncio.shield(future), timeout)

    async def call(self, namespace: str, event: str, data, timeout: float = ACK_TIMEOUT):
        self.next_id += 1
        ack_id = self.next_id
        future = asyncio.get_running_loop().create_future()
        self.acks[ack_id] = future
        body = json.dumps([event, data], separators=(",", ":"), ensure_ascii=False)
        try:
            await self.ws.send_str(f"42{namespace},{ack_id}{body}")
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        finally:
            self.acks.pop(ack_id, None)

    async def _read(self, ws) -> None:
        try:
            async for message in ws:
                if isinstance(message.data, str):
                    await self._packet(ws, message.data)
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception as error:  # a reset connection ends here
            self.close_reason = f"{type(error).__name__}: {error}"
        finally:
            if ws is self.ws:
                self._lost(self.close_reason or "closed")

    def _lost(self, reason: str) -> None:
        self.close_reason = self.close_reason or reason
        self.closed.set()
        for future in [*self.acks.values(), *self.namespaces.values()]:
            if not future.done():
                future.set_exception(ConnectionError(reason))

    async def _packet(self, ws, text: str) -> None:
        kind = text[0]
        if kind == "2":  # ping
            await ws.send_str("3")
            return
        if kind == "1":
            self._lost("engine.io close")
            return
        if kind != "4":
            return
        sio_type, namespace, ack_id, data = parse_socketio(text[1:])
        if sio_type == "2":
            name, *args = data
            handler = self.handlers.get((namespace, name))
            if handler is not None:
                handler(*args)
        elif sio_type == "3":
            future = self.acks.pop(ack_id, None)
            if future is not None and not future.done():
                future.set_result(data[0] if data else None)
        elif sio_type == "0":
            future = self.namespaces.get(namespace)
            if future is not None and not future.done():
                future.set_result(data)
        elif sio_type == "4":
            future = self.namespaces.get(namespace)
            if future is not None and not future.done():
                future.set_exception(Refused(json.dumps(data, ensure_ascii=False)))
        elif sio_type == "1":
            self._lost(f"server disconnected {namespace}")

    def abandon(self) -> None:
        """The Wi-Fi went: stop reading and answering, tell the server nothing."""
        if self.reader is not None:
            self.reader.cancel()
        self.closed.set()

    def reset(self) -> None:
        """Drop the TCP connection at once (RST), without a WebSocket close."""
        ws, self.ws = self.ws, None
        if self.reader is not None:
            self.reader.cancel()
        if ws is None:
            return
        sock = ws.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport = getattr(getattr(ws, "_writer", None), "transport", None)
        if transport is None and ws._conn is not None:
            transport = ws._conn.transport
        if transport is not None:
            transport.abort()

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 2)
            self.reset()


class PollingClient(SioClient):
    """The same over Engine.IO long-polling, as a phone whose WebSocket a router blocks: one
    GET always waiting for the server's packets, each packet of its own as a POST."""

    def _endpoint(self) -> str:
        sid = f"&sid={self.sid}" if self.sid else ""
        return f"{self.url}/socket.io/?EIO=4&transport=polling{sid}"

    async def open(self, timeout: float = 30) -> None:
        import aiohttp

        self.closed = asyncio.Event()
        self.close_reason = ""
        self.sid = None
        self.sending = asyncio.Lock()
        limit = aiohttp.ClientTimeout(total=timeout)
        async with self.session.get(self._endpoint(), headers=self.headers, timeout=limit) as got:
            text = await got.text()
        if got.status != 200 or not text.startswith("0"):
            raise ConnectionError(f"no Engine.IO handshake: {got.status} {text[:200]!r}")
        self.sid = json.loads(text[1:])["sid"]
        self.namespaces = {}
        self.acks = {}
        self.ws = self  # SioClient sends through self.ws.send_str
        self.reader = asyncio.get_running_loop().create_task(self._poll())

    async def send_str(self, text: str) -> None:
        # One POST at a time per connection, as a browser sends them.
        post = self.session.post(self._endpoint(), data=text.encode(), headers=self.headers)
        async with self.sending, post as sent:
            await sent.read()
            if sent.status != 200:
                raise ConnectionError(f"polling POST answered {sent.status}")

    async def _poll(self) -> None:
        try:
            while True:
                async with self.session.get(self._endpoint(), headers=self.headers) as got:
                    text = await got.text()
                if got.status != 200:
                    raise ConnectionError(f"poll answered {got.status}")
                for packet in text.split("\x1e"):
                    if packet:
                        await self._packet(self, packet)
        except (asyncio.CancelledError, GeneratorExit):
            raise
        except Exception as error:
            self.close_reason = f"{type(error).__name__}: {error}"
        finally:
            if self.ws is self:
                self._lost(self.close_reason or "closed")

    def reset(self) -> None:
        self.ws = None
        if self.reader is not None:
            self.reader.cancel()

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_str("1"), 2)
        self.ws = None


def aiohttp_ws_timeout(seconds: float):
    import aiohttp

    return aiohttp.ClientWSTimeout(ws_receive=None, ws_close=seconds)


def parse_socketio(text: str):
    """A Socket.IO 5 packet: (type, namespace, ack id, data)."""
    sio_type, position = text[0], 1
    namespace = "/"
    if position < len(text) and text[position] == "/":
        comma = text.find(",", position)
        if comma < 0:
            namespace, position = text[position:], len(text)
        else:
            namespace, position = text[position:comma], comma + 1
    start = position
    while position < len(text) and text[position].isdigit():
        position += 1
    ack_id = int(text[start:position]) if position > start else None
    data = json.loads(text[position:]) if position < len(text) else None
    return sio_type, namespace, ack_id, data


# --------------------------------------------------------------------------------------------
# A worker process: a share of the phones on one asyncio loop


def ballot_matches(state, ballot_id: int | None, ballot_state: str | None) -> bool:
    if ballot_id is None:
        return state is not None
    ballot = (state or {}).get("ballot") or {}
    return ballot.get("id") == ballot_id and ballot.get("state") == ballot_state


class Phone:
    """A deputy's phone: its card cookie, its connection, the road its sheets take and the last
    state it received. A phone on the `http` road whose socket long-polls is one whose
    WebSocket is blocked; the page then POSTs its sheets (static/js/deputy/submit.js)."""

    def __init__(self, session, url: str, index: int, card: tuple[str, int], road: str, polls):
        self.index, (self.token, self.deputy_id) = index, card
        self.road, self.url = road, url
        # What the page sends with every call: the card cookie and the deputy it shows.
        self.cookies = {"hall_deputy": self.token}
        self.client = (PollingClient if polls else SioClient)(session, url, self.headers())
        self.client.on("/deputy", "state", self._state)
        self.state = None
        self.state_at = 0.0
        self.state_changed = asyncio.Event()
        self.old: list[SioClient] = []

    def headers(self) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "X-Hall-Deputy": str(self.deputy_id)}

    def fresh_client(self) -> SioClient:
        client = type(self.client)(self.client.session, self.url, self.headers())
        client.on("/deputy", "state", self._state)
        return client

    def _state(self, data) -> None:
        self.state, self.state_at = data, time.monotonic()
        self.state_changed.set()

    async def connect(self, timeout: float = 30) -> None:
        self.state = None
        self.state_changed = asyncio.Event()
        await self.client.open(timeout)
        await self.client.join("/deputy", auth={"deputy": self.deputy_id}, timeout=timeout)
        await self.wait_state(None, None, timeout)

    async def cast(self, ballot_id: int, receipt: str, sheet: dict) -> dict:
        """One sheet on this phone's road, as the page sends it; answers the socket's ack shape."""
        from hall.deputy.casting import SHEET_FIELDS, SUBMIT_EVENT

        payload = dict(zip(SHEET_FIELDS, (ballot_id, receipt, sheet), strict=True))
        if self.road == "socket":
            return await self.client.call("/deputy", SUBMIT_EVENT, payload, ACK_TIMEOUT)
        import aiohttp

        body = {field: payload[field] for field in SHEET_FIELDS if field != "ballot_id"}
        async with self.client.session.post(
            f"{self.url}/api/v1/ballots/{ballot_id}/sheets",
            json=body,
            headers=self.headers(),
            timeout=aiohttp.ClientTimeout(total=ACK_TIMEOUT),
        ) as answer:
            data = await answer.json(content_type=None)
            if answer.status >= 500:
                raise ConnectionError(f"HTTP {answer.status}")
            return {"ok": answer.status < 300, **data}

    async def wait_state(self, ballot_id, ballot_state, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while not ballot_matches(self.state, ballot_id, ballot_state):
            self.state_changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"phone {self.index}: state {ballot_state!r} not seen")
            await asyncio.wait_for(self.state_changed.wait(), remaining)
        return self.state_at


class Worker:
    """Runs commands from the coordinator (over a pipe) against its phones."""

    def __init__(self, pipe, urls: list[str], cards: list[tuple[int, tuple]], seed: int, roads):
        self.pipe, self.urls, self.cards, self.seed = pipe, urls, cards, seed
        self.roads = roads  # (road, long-polls) for phone i
        self.phones: list[Phone] = []
        self.lag_max = 0.0

    async def serve(self) -> None:
        import aiohttp

        loop = asyncio.get_running_loop()
        # ssl=False: nginx's certificate in --nginx runs is the bench's own, self-signed.
        connector = aiohttp.TCPConnector(limit=0, force_close=True, ssl=False)
        self.session = aiohttp.ClientSession(connector=connector)
        # Phone i talks to server i mod N, as nginx would spread them.
        urls = self.urls
        self.phones = [
            Phone(self.session, urls[i % len(urls)], i, card, *road_of(i, *self.roads))
            for i, card in self.cards
        ]
        monitor = loop.create_task(self._monitor())
        try:
            while True:
                command, arguments = await loop.run_in_executor(None, self.pipe.recv)
                if command == "stop":
                    break
                # The phones are separate devices in a real hall: this process's collector
                # must not walk its 1,500 standing connections in the middle of a measurement.
                gc.collect()
                gc.freeze()
                self.lag_max = 0.0
                cpu = time.process_time()
                try:
                    answer = await getattr(self, f"do_{command}")(**arguments)
                except Exception as error:
                    answer = {"error": f"{type(error).__name__}: {error}"}
                answer["worker_cpu_s"] = round(time.process_time() - cpu, 2)
                answer["worker_loop_lag_max_ms"] = round(self.lag_max * 1000, 1)
                self.pipe.send(answer)
        finally:
            monitor.cancel()
            await asyncio.gather(*(p.client.close() for p in self.phones), return_exceptions=True)
            for phone in self.phones:
                for old in phone.old:
                    old.reset()
            await self.session.close()

    async def _monitor(self) -> None:
        """How late this loop wakes up: a busy load generator would show here."""
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.05)
            self.lag_max = max(self.lag_max, time.monotonic() - before - 0.05)

    async def do_connect(self, concurrency: int = 100, within: float = 60) -> dict:
        gate = asyncio.Semaphore(concurrency)
        errors: list[str] = []
        times: list[float] = []

        async def one(phone: Phone):
            async with gate:
                start = time.monotonic()
                try:
                    await phone.connect(within)
                    times.append(time.monotonic() - start)
                except Exception as error:
                    errors.append(f"{type(error).__name__}: {error}")

        await asyncio.gather(*(one(p) for p in self.phones))
        return {
            "connected": len(times),
            "errors": errors[:20],
            "error_count": len(errors),
            "connect_s": times,
        }

    async def do_arrive(self, start_at: float, within: float, statics: list[str]) -> dict:
        """Each phone's whole first load at a random moment within `within` s, as a browser
        that opens the card link: the link and its redirect to /phone, the page's static files
        (its own keep-alive pool of 6 connections, no cache), /api/v1/me, then the socket."""
        import aiohttp

        chooser = random.Random(self.seed * 13 + 5)
        plans = [(phone, start_at + chooser.random() * within) for phone in self.phones]

        async def one(phone: Phone, when: float) -> dict:
            await asyncio.sleep(max(0.0, when - time.monotonic()))
            began = time.monotonic()
            record = {"loaded": None, "connected": None, "error": None}
            jar = aiohttp.CookieJar(unsafe=True)
            browser = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=6),
                cookie_jar=jar,
                timeout=aiohttp.ClientTimeout(total=60),
            )

            async def fetch(path: str, **options):
                async with browser.get(f"{phone.url}{path}", **options) as got:
                    body = await got.read()
                    if got.status != 200:
                        raise ConnectionError(f"GET {path} answered {got.status}")
                    return got, body

            try:
                async with browser:
                    page, _ = await fetch(f"/d/{phone.token}")  # follows the redirect
                    if not page.history or page.url.path != "/phone":
                        raise ConnectionError(f"the card link led to {page.url}")
                    await asyncio.gather(*(fetch(path) for path in statics))
                    await fetch("/api/v1/me", headers={"Accept": "application/json"})
                    record["loaded"] = time.monotonic() - began
                    for cookie in jar:
                        phone.cookies[cookie.key] = cookie.value
                phone.client = phone.fresh_client()
                await phone.connect(30)
                record["connected"] = time.monotonic() - began
            except Exception as error:
                record["error"] = f"{type(error).__name__}: {error}"[:200]
            return record

        records = await asyncio.gather(*(one(*plan) for plan in plans))
        errors = [r["error"] for r in records if r["error"]]
        return {
            "records": records,
            "connected": sum(1 for r in records if r["connected"] is not None),
            "errors": errors[:20],
            "error_count": len(errors),
            "connect_s": [r["connected"] for r in records if r["connected"] is not None],
        }

    async def do_wait_state(self, ballot_id: int, ballot_state: str, within: float) -> dict:
        results = await asyncio.gather(
            *(p.wait_state(ballot_id, ballot_state, within) for p in self.phones),
            return_exceptions=True,
        )
        seen = [r for r in results if isinstance(r, float)]
        return {"seen": len(seen), "last_at": max(seen, default=None)}

    async def do_join(self, namespace: str, within: float = 60) -> dict:
        results = await asyncio.gather(
            *(p.client.join(namespace, timeout=within) for p in self.phones),
            return_exceptions=True,
        )
        errors = [repr(r) for r in results if isinstance(r, BaseException)]
        return {"joined": len(results) - len(errors), "errors": errors[:20]}

    async def do_burst(
        self,
        start_at: float,
        spread: float,
        kind: str,
        ballot_id: int,
        items: list[int],
        reconnect: bool = False,
    ) -> dict:
        """Each phone sends one sheet at start_at + a random moment within `spread` seconds."""
        from hall.voting.receipts import new_receipt

        chooser = random.Random(self.seed * 7919 + ballot_id)

        def sheet_for() -> dict:
            if kind == "rating":
                ratings = {}
                for item in items:
                    choice = chooser.choices(RATINGS, weights=RATING_WEIGHTS)[0]
                    if choice:
                        ratings[str(item)] = choice
                return {"ratings": ratings}
            return {"approve": sorted(chooser.sample(items, chooser.randint(0, PLACES)))}

        plans = [
            (phone, start_at + chooser.random() * spread, new_receipt(), sheet_for())
            for phone in self.phones
        ]

        async def one(phone: Phone, when: float, receipt: str, sheet: dict):
            await asyncio.sleep(max(0.0, when - time.monotonic()))
            payload = {"ballot_id": ballot_id, "receipt": receipt, "sheet": sheet}
            record = {
                "index": phone.index,
                "road": "echo" if kind == "echo" else phone.road,
                "receipt": receipt,
                "sheet": sheet,
                "sent": None,
                "acked": None,
                "answer": None,
                "tries": 0,
                "error": None,
            }
            # A phone retries once with the same receipt; with `reconnect` (a process killed
            # mid-burst) it reconnects first, as the page does, and tries a few more times.
            for _try in range(6 if reconnect else 2):
                if record["error"] and reconnect:
                    with contextlib.suppress(Exception):
                        await self.reconnect(phone)
                record["tries"] += 1
                sent = time.monotonic()
                record["sent"] = record["sent"] or sent
                try:
                    if kind == "echo":
                        answer = await phone.client.call("/bench", "echo", payload, ACK_TIMEOUT)
                    else:
                        answer = await phone.cast(ballot_id, receipt, sheet)
                except Exception as error:
                    record["error"] = f"{type(error).__name__}: {error}"
                    continue
                record["acked"], record["answer"], record["error"] = time.monotonic(), answer, None
                break
            return record

        records = await asyncio.gather(*(one(*plan) for plan in plans))
        return {"records": records}

    async def do_rejoin(self) -> dict:
        """Phones whose connection went with a killed process connect again, as the page
        does by itself."""
        dropped = [phone for phone in self.phones if phone.client.closed.is_set()]
        results = await asyncio.gather(
            *(self.reconnect(phone) for phone in dropped), return_exceptions=True
        )
        return {"rejoined": sum(1 for result in results if result is None)}

    async def reconnect(self, phone: Phone) -> None:
        phone.client.abandon()
        phone.old.append(phone.client)
        phone.client = phone.fresh_client()
        await phone.connect(timeout=20)

    async def do_storm(
        self,
        drop_at: float,
        reconnect_within: float,
        mode: str,
        ballot_id: int,
        ballot_state: str,
        deadline: float,
    ) -> dict:
        """Drop every connection at drop_at; each phone comes back within reconnect_within s."""
        chooser = random.Random(self.seed * 31 + 7)
        delays = [0.5 + chooser.random() * (reconnect_within - 0.5) for _ in self.phones]
        await asyncio.sleep(max(0.0, drop_at - time.monotonic()))
        for phone in self.phones:
            if mode == "reset":
                phone.client.reset()
            else:  # silent: the old connection stays open on the server, unread
                phone.client.abandon()
                phone.old.append(phone.client)
                phone.client = phone.fresh_client()
        dropped = time.monotonic()

        async def one(phone: Phone, delay: float):
            await asyncio.sleep(max(0.0, dropped + delay - time.monotonic()))
            errors, backoff = [], 1.0
            while time.monotonic() < deadline:
                try:
                    remaining = max(1.0, deadline - time.monotonic())
                    await phone.connect(min(30.0, remaining))
                    await phone.wait_state(ballot_id, ballot_state, min(30.0, remaining))
                    return {"back": phone.state_at - dropped, "errors": errors}
                except Exception as error:
                    errors.append(f"{type(error).__name__}: {error}"[:200])
                    with contextlib.suppress(Exception):
                        await phone.client.close()
                    await asyncio.sleep(backoff * (0.5 + chooser.random()))
                    backoff = min(backoff * 2, 5.0)
            return {"back": None, "errors": errors}

        results = await asyncio.gather(
            *(one(p, d) for p, d in zip(self.phones, delays, strict=True))
        )
        return {"dropped_at": dropped, "results": results}

    async def do_release_old(self) -> dict:
        """Close the connections the storm abandoned."""
        count = 0
        for phone in self.phones:
            for old in phone.old:
                old.reset()
                count += 1
            phone.old = []
        return {"released": count}

    async def do_alive(self) -> dict:
        alive = sum(1 for p in self.phones if not p.client.closed.is_set())
        reasons = [p.client.close_reason for p in self.phones if p.client.closed.is_set()]
        return {"alive": alive, "reasons": reasons[:10]}

    async def do_sleep(self, seconds: float) -> dict:
        await asyncio.sleep(seconds)
        return {}


def road_of(index: int, road: str, polling_share: float) -> tuple[str, bool]:
    """Phone `index`'s road for its sheets and whether its socket long-polls: with `mix`, a
    `polling_share` of the phones (spread evenly) have their WebSocket blocked, long-poll and
    POST; the rest cast on their WebSocket. `http`: every phone POSTs, socket on a WebSocket."""
    if road != "mix":
        return road, False
    blocked = int((index + 1) * polling_share) > int(index * polling_share)
    return ("http", True) if blocked else ("socket", False)


def worker_main(pipe, urls: list[str], cards: list, seed: int, roads: tuple) -> None:
    raise_file_limit()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    asyncio.run(Worker(pipe, urls, cards, seed, roads).serve())


class Workers:
    """The worker processes, commanded together; each answers for its share of the phones."""

    def __init__(self, urls: list[str], cards: list[tuple], count: int, seed: int, roads: tuple):
        context = multiprocessing.get_context("fork")
        self.pipes, self.processes = [], []
        indexed = list(enumerate(cards))
        for number in range(count):
            mine, theirs = context.Pipe()
            share = indexed[number::count]
            process = context.Process(
                target=worker_main, args=(theirs, urls, share, seed + number, roads), daemon=True
            )
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)

    async def command(self, name: str, timeout: float = 300, **arguments) -> list[dict]:
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            pipe.send((name, arguments))

        def receive(pipe):
            if not pipe.poll(timeout):
                raise TimeoutError(f"worker did not answer {name} in {timeout} s")
            return pipe.recv()

        answers = await asyncio.gather(
            *(loop.run_in_executor(None, receive, p) for p in self.pipes)
        )
        for answer in answers:
            if "error" in answer and isinstance(answer["error"], str):
                raise RuntimeError(f"worker failed in {name}: {answer['error']}")
        return list(answers)

    def stop(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("stop", {}))
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def client_load(answers: list[dict]) -> dict:
    return {
        "worker_cpu_s": max(a.get("worker_cpu_s", 0) for a in answers),
        "worker_loop_lag_max_ms": max(a.get("worker_loop_lag_max_ms", 0) for a in answers),
    }


# --------------------------------------------------------------------------------------------
# The coordinator: the desk over HTTP, the screen over Socket.IO, the scenarios


class Screen:
    """The hall screen: records every snapshot and feed batch with its arrival time."""

    def __init__(self, session, url: str):
        self.client = SioClient(session, url)
        self.snapshots: list[tuple[float, dict]] = []
        self.feed: list[tuple[float, dict]] = []
        self.changed = asyncio.Event()
        self.client.on("/screen", "snapshot", self._snapshot)
        self.client.on("/screen", "feed", self._feed)

    def _snapshot(self, data) -> None:
        self.snapshots.append((time.monotonic(), data))
        self.changed.set()

    def _feed(self, data) -> None:
        self.feed.append((time.monotonic(), data))
        self.changed.set()

    async def connect(self) -> None:
        await self.client.open()
        await self.client.join("/screen", auth={"key": SCREEN_KEY})

    async def wait_for(self, test, timeout: float, since: int = 0):
        """The arrival time and snapshot of the first snapshot (from index `since`) passing test."""
        deadline = time.monotonic() + timeout
        checked = since
        while True:
            while checked < len(self.snapshots):
                at, snapshot = self.snapshots[checked]
                checked += 1
                if test(snapshot):
                    return at, snapshot
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None, self.snapshots[-1][1] if self.snapshots else None
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)

    async def wait_feed(self, test, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not test():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)
        return True


def turnout_of(snapshot: dict, ballot_id: int) -> int | None:
    ballot = snapshot.get("ballot") or {}
    if ballot.get("id") != ballot_id:
        return None
    return (ballot.get("turnout") or {}).get("voted")


class Bench:
    def __init__(self, args):
        self.args = args
        self.figures: dict = {}
        self.memory_samples: list[int] = []
        self.opened: dict[int, float] = {}  # ballot id → seconds until every phone had it open

    def say(self, text: str) -> None:
        if not self.args.json:
            print(text, flush=True)

    async def desk(self, action: str, ballot_id: int) -> dict:
        async with self.http.post(
            f"{self.server.url}/api/v1/admin/ballots/{ballot_id}/{action}",
            json={},
            headers={"X-CSRFToken": self.csrf},
        ) as answer:
            body = await answer.json()
            if answer.status != 200:
                raise RuntimeError(f"desk {action} answered {answer.status}: {body}")
            return body

    async def sample_memory(self) -> None:
        while True:
            rss = self.server.memory().get("VmRSS")
            if rss:
                self.memory_samples.append(rss)
            await asyncio.sleep(0.25)

    async def run(self) -> dict:
        import aiohttp

        args = self.args
        workdir = Path(tempfile.mkdtemp(prefix="hall-bench-"))
        self.figures = {
            "deputies": args.deputies,
            "async_mode": args.async_mode,
            "desk_connected": args.desk,
            "workers": args.workers,
            "processes": args.processes,
            "nginx": args.nginx,
            "kill_mid_burst": args.kill_mid_burst,
            "road": args.road,
            "polling_share": args.polling_share if args.road == "mix" else None,
            "scenarios": args.scenarios,
            "machine": machine(),
            "fd_limit": raise_file_limit(),
        }
        self.say(
            f"Hall bench: {args.deputies} deputies, {args.async_mode} x{args.processes}, "
            f"scenarios {','.join(args.scenarios)} (work dir {workdir})"
        )
        started = time.monotonic()
        prepared = prepare_database(workdir, args.deputies)
        self.prepared = prepared
        self.say(f"  database prepared in {time.monotonic() - started:.1f} s")
        self.server = Servers(workdir, prepared["url"], args)
        workers = None
        sampler = None
        front = contextlib.ExitStack()
        try:
            self.server.start()
            if args.nginx:
                self.server.put_nginx_in_front(front)
            await asyncio.sleep(1.0)
            baseline = self.server.memory().get("VmRSS", 0)
            jar = aiohttp.CookieJar(unsafe=True)
            self.http = aiohttp.ClientSession(cookie_jar=jar)
            async with self.http.post(
                f"{self.server.url}/api/v1/admin/login", json={"password": ADMIN_PASSWORD}
            ) as answer:
                self.csrf = (await answer.json())["csrf_token"]
            self.screen = Screen(self.http, self.server.url)
            await self.screen.connect()
            if args.desk:  # the secretariat's dashboard, logged in, as during a real session
                cookies = jar.filter_cookies(self.server.url)
                header = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
                self.desk_client = SioClient(self.http, self.server.url, {"Cookie": header})
                self.desk_snapshots = 0

                def counted(_snapshot):
                    self.desk_snapshots += 1

                self.desk_client.on("/desk", "snapshot", counted)
                await self.desk_client.open()
                await self.desk_client.join("/desk")
            sampler = asyncio.get_running_loop().create_task(self.sample_memory())
            cards = list(zip(prepared["tokens"], prepared["deputy_ids"], strict=True))
            roads = (args.road, args.polling_share)
            workers = Workers(self.server.urls, cards, args.workers, args.seed, roads)
            self.workers = workers

            begin = time.monotonic()
            if "arrive" in args.scenarios:  # the phones come in through their first load
                profiled = args.py_spy and "arrive" in args.py_spy_scenarios
                if profiled:
                    self.server.start_profiler("arrive")
                try:
                    answers = await self.arrive()
                finally:
                    if profiled:
                        self.server.stop_profiler()
            else:
                answers = await workers.command("connect", timeout=600)
            connect_wall = time.monotonic() - begin
            connected = sum(a["connected"] for a in answers)
            times = [t for a in answers for t in a["connect_s"]]
            await asyncio.sleep(1.0)
            held = self.server.memory().get("VmRSS", 0)
            self.figures["connect"] = {
                "connected": connected,
                "errors": sum(a["error_count"] for a in answers),
                "error_sample": [e for a in answers for e in a["errors"]][:5],
                "wall_s": round(connect_wall, 2),
                "p99_ms": rounded(1000 * (percentile(times, 0.99) or 0)),
                **client_load(answers),
            }
            self.figures["memory"] = {
                "baseline_rss_mb": round(baseline / 1024, 1),
                "connected_rss_mb": round(held / 1024, 1),
                "kb_per_phone": round((held - baseline) / max(1, connected), 1),
            }
            self.say(
                f"  connect: {connected}/{args.deputies} phones in {connect_wall:.1f} s; "
                f"server RSS {baseline / 1024:.0f} → {held / 1024:.0f} MB "
                f"({self.figures['memory']['kb_per_phone']} KB per phone)"
            )
            if connected != args.deputies:  # recorded; the scenarios need every phone
                self.figures.setdefault("failures", {})["connect"] = (
                    f"only {connected} phones connected: {self.figures['connect']['error_sample']}"
                )

            for scenario in SCENARIOS if connected == args.deputies else ():
                if scenario in args.scenarios and scenario != "arrive":
                    profiled = args.py_spy and scenario in args.py_spy_scenarios
                    try:
                        if profiled:
                            self.server.start_profiler(scenario)
                        await getattr(self, f"scenario_{scenario}")()
                    except Exception as error:  # recorded; the run goes on to the next one
                        self.figures.setdefault("failures", {})[scenario] = repr(error)
                        self.say(f"  {scenario}: FAILED {error!r}")
                    finally:
                        if profiled:
                            self.server.stop_profiler()
        finally:
            if sampler is not None:
                sampler.cancel()
            peak = self.server.memory().get("VmHWM", 0)
            if workers is not None:
                workers.stop()
            with contextlib.suppress(Exception):
                await self.screen.client.close()
            if args.desk:
                with contextlib.suppress(Exception):
                    self.figures["desk_snapshots"] = self.desk_snapshots
                    await self.desk_client.close()
            with contextlib.suppress(Exception):
                await self.http.close()
            alive = self.server.alive()
            front.close()
            self.server.stop()
            memory = self.figures.setdefault("memory", {})
            memory["peak_rss_mb"] = round(peak / 1024, 1)
            memory["sampled_max_rss_mb"] = round(max(self.memory_samples, default=0) / 1024, 1)
            self.figures["server_survived"] = alive
            self.figures["server_log_tail"] = self.server.log.read_text(errors="replace")[-2000:]
            if args.keep:
                self.figures["workdir"] = str(workdir)
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        self.figures["wall_s"] = round(time.monotonic() - started, 1)
        self.figures["targets"] = evaluate_targets(self.figures)
        self.figures["correct"] = correctness(self.figures)
        return self.figures

    # ---------------------------------------------------------------- scenarios

    async def burst(self, kind: str, ballot_id: int, items: list[int], spread: float) -> dict:
        """All phones submit within `spread` seconds; answers the records and timings."""
        cpu = self.server.cpu_seconds()
        start_at = time.monotonic() + 0.5
        kill_at = self.args.kill_mid_burst if kind == "vote" else None
        killer = None
        if kill_at is not None:
            killer = asyncio.get_running_loop().create_task(self.kill_last(start_at + kill_at))
        answers = await self.workers.command(
            "burst",
            timeout=600,
            start_at=start_at,
            spread=spread,
            kind=kind,
            ballot_id=ballot_id,
            items=items,
            reconnect=kill_at is not None,
        )
        if killer is not None:
            await killer
            await asyncio.sleep(1.0)  # every phone of the dead process has seen it go
            await self.workers.command("rejoin", timeout=120)
        server_cpu = self.server.cpu_seconds() - cpu
        records = [r for a in answers for r in a["records"]]
        acked = [r for r in records if r["acked"] is not None]
        latencies = [1000 * (r["acked"] - r["sent"]) for r in acked]
        by_road = {}
        for road in sorted({r["road"] for r in records}):
            mine = [1000 * (r["acked"] - r["sent"]) for r in acked if r["road"] == road]
            by_road[road] = {
                "phones": sum(1 for r in records if r["road"] == road),
                "answered": len(mine),
                "ack_p50_ms": rounded(percentile(mine, 0.50)),
                "ack_p99_ms": rounded(percentile(mine, 0.99)),
            }
        first_sent = min(r["sent"] for r in records)
        last_ack = max((r["acked"] for r in acked), default=None)
        wall = (last_ack - first_sent) if last_ack else None
        return {
            "records": records,
            "last_ack": last_ack,
            "figures": {
                "sent": len(records),
                "answered": len(acked),
                "retries": sum(r["tries"] - 1 for r in records),
                "errors": [r["error"] for r in records if r["error"]][:5],
                "ack_p50_ms": rounded(percentile(latencies, 0.50)),
                "ack_p99_ms": rounded(percentile(latencies, 0.99)),
                "ack_max_ms": rounded(max(latencies, default=None)),
                "wall_s": rounded(wall, 3),
                "throughput_per_s": rounded(len(acked) / wall if wall else None),
                "server_cpu_s": round(server_cpu, 2),
                "server_cpu_ms_per_message": rounded(1000 * server_cpu / max(1, len(acked)), 3),
                "by_road": by_road,
                **client_load(answers),
            },
        }

    async def kill_last(self, when: float) -> None:
        await asyncio.sleep(max(0.0, when - time.monotonic()))
        self.server.servers[-1].kill()
        self.figures["killed_process_at_s"] = round(when - time.monotonic(), 3)
        self.say("  killed the last server process mid-burst")

    async def open_for_phones(self, ballot_id: int) -> float:
        """Open a ballot (once); answers the time until every phone had the open ballot.

        Then a moment for the server's collector pacing to see it (hall.tasks.gc_keeper freezes
        the heap at an open): the echo and the bursts all run under that same regime."""
        if ballot_id in self.opened:
            return self.opened[ballot_id]
        sent = time.monotonic()
        await self.desk("open", ballot_id)
        answers = await self.workers.command(
            "wait_state", timeout=120, ballot_id=ballot_id, ballot_state="open", within=90
        )
        seen = sum(a["seen"] for a in answers)
        if seen != self.args.deputies:
            raise RuntimeError(f"only {seen} phones saw ballot {ballot_id} open")
        self.opened[ballot_id] = max(a["last_at"] for a in answers) - sent
        await asyncio.sleep(4 * BALLOT_WATCH_TICK)
        return self.opened[ballot_id]

    async def check_box(self, ballot_id: int, records: list[dict]) -> dict:
        """Lost (acknowledged but not in the box) and duplicated (more in the box than sent)."""
        from hall.voting.receipts import fingerprint

        hashes, participations = box_contents(self.prepared["app"], ballot_id)
        counted = [
            r
            for r in records
            if r["answer"]
            and r["answer"].get("ok")
            and r["answer"].get("status") in ("counted", "already_counted")
        ]
        receipts = {fingerprint(r["receipt"]) for r in counted}
        lost = len(receipts - hashes)
        submitted = {fingerprint(r["receipt"]) for r in records}
        return {
            "acknowledged": len(counted),
            "refused": sum(1 for r in records if r["answer"] and not r["answer"].get("ok")),
            "refusal_sample": [
                r["answer"] for r in records if r["answer"] and not r["answer"].get("ok")
            ][:3],
            "lost": lost,
            "in_box": len(hashes),
            "participations": participations,
            "duplicated": max(0, len(hashes) - len(submitted & hashes))
            + max(0, participations - len(hashes)),
            "unknown_in_box": len(hashes - submitted),
        }

    async def phone_statics(self) -> list[str]:
        """The static files a browser fetches for /phone: scripts, module preloads, styles."""
        import re

        async with self.http.get(f"{self.server.url}/phone") as answer:
            html = await answer.text()
        paths: list[str] = []
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
            found = re.search(r'(?:src|href)="(/static/[^"]+)"', tag)
            if found and "nomodule" not in tag and found.group(1) not in paths:
                paths.append(found.group(1))
        return paths

    async def arrive(self) -> list[dict]:
        """The arrive scenario: every phone's first load within --arrive-within s."""
        statics = await self.phone_statics()
        cpu = self.server.cpu_seconds()
        within = self.args.arrive_within
        answers = await self.workers.command(
            "arrive",
            timeout=within + 300,
            start_at=time.monotonic() + 0.5,
            within=within,
            statics=statics,
        )
        records = [r for a in answers for r in a["records"]]
        loads = [1000 * r["loaded"] for r in records if r["loaded"] is not None]
        connects = [1000 * r["connected"] for r in records if r["connected"] is not None]
        self.figures["arrive"] = {
            "within_s": within,
            "static_files": len(statics),
            "requests_per_phone": len(statics) + 3,  # the link, its redirect, /api/v1/me
            "loaded": len(loads),
            "connected": len(connects),
            "errors": sum(1 for r in records if r["error"]),
            "error_sample": [r["error"] for r in records if r["error"]][:5],
            "page_load_p50_ms": rounded(percentile(loads, 0.50)),
            "page_load_p99_ms": rounded(percentile(loads, 0.99)),
            "page_load_max_ms": rounded(max(loads, default=None)),
            "connected_p99_ms": rounded(percentile(connects, 0.99)),
            "server_cpu_s": round(self.server.cpu_seconds() - cpu, 2),
            **client_load(answers),
        }
        f = self.figures["arrive"]
        self.say(
            f"  arrive: {f['loaded']} loaded, {f['connected']}/{self.args.deputies} connected "
            f"within {within} s ({f['requests_per_phone']} requests each); page load p50 "
            f"{f['page_load_p50_ms']} / p99 {f['page_load_p99_ms']} / max "
            f"{f['page_load_max_ms']} ms; connected p99 {f['connected_p99_ms']} ms; "
            f"server CPU {f['server_cpu_s']} s"
        )
        return answers

    async def scenario_echo(self) -> None:
        # Under the burst's collector regime (a ballot open): the vote the burst then casts on.
        await self.open_for_phones(self.prepared["vote"])
        answers = await self.workers.command("join", timeout=120, namespace="/bench")
        joined = sum(a["joined"] for a in answers)
        run = await self.burst("echo", 0, self.prepared["vote_items"], self.args.spread)
        correct = sum(
            1
            for r in run["records"]
            if r["answer"] == {"ballot_id": 0, "receipt": r["receipt"], "sheet": r["sheet"]}
        )
        self.figures["echo"] = {"joined": joined, "echoed": correct, **run["figures"]}
        f = self.figures["echo"]
        self.say(
            f"  echo: {correct}/{joined} echoed, p50 {f['ack_p50_ms']} ms, p99 "
            f"{f['ack_p99_ms']} ms, {f['throughput_per_s']}/s over {f['wall_s']} s; server CPU "
            f"{f['server_cpu_ms_per_message']} ms per message"
        )

    async def scenario_burst(self) -> None:
        prepared = self.prepared
        ballot, items = prepared["vote"], prepared["vote_items"]
        open_s = await self.open_for_phones(ballot)
        since = len(self.screen.snapshots)
        run = await self.burst("vote", ballot, items, self.args.spread)
        box = await self.check_box(ballot, run["records"])
        full = box["in_box"]
        at, last = await self.screen.wait_for(lambda s: turnout_of(s, ballot) == full, 30, since)
        lag = None if at is None or run["last_ack"] is None else 1000 * (at - run["last_ack"])
        yes = dict.fromkeys(items, 0)
        for record in run["records"]:
            if record["answer"] and record["answer"].get("ok"):
                for candidate in record["sheet"]["approve"]:
                    yes[candidate] += 1
        self.vote_yes = yes
        self.figures["burst"] = {
            "deputies": self.args.deputies,
            **box,
            **run["figures"],
            "open_to_all_phones_ms": round(1000 * open_s, 1),
            "screen_lag_ms": rounded(max(0.0, lag) if lag is not None else None),
            "screen_turnout": turnout_of(last, ballot) if last else None,
            "screen_snapshots": len(self.screen.snapshots) - since,
        }
        f = self.figures["burst"]
        self.say(
            f"  burst: {f['acknowledged']}/{f['deputies']} acknowledged, lost {f['lost']}, "
            f"duplicated {f['duplicated']}; ack p50 {f['ack_p50_ms']} / p99 "
            f"{f['ack_p99_ms']} / max {f['ack_max_ms']} ms; wall {f['wall_s']} s "
            f"({f['throughput_per_s']}/s); screen lag {f['screen_lag_ms']} ms; "
            f"server CPU {f['server_cpu_s']} s ({f['server_cpu_ms_per_message']} ms per sheet); "
            f"by road {f['by_road']}"
        )

    async def close_and_publish(self, ballot: int) -> tuple[dict, float | None, float | None]:
        since = len(self.screen.snapshots)
        sent = time.monotonic()
        await self.desk("close", ballot)
        await self.desk("publish", ballot)
        desk_done = time.monotonic() - sent

        def shows_result(s):
            return s["scene"] == "result" and (s["ballot"] or {}).get("id") == ballot

        at, snapshot = await self.screen.wait_for(shows_result, 60, since)
        return snapshot, (at - sent) if at else None, desk_done

    async def scenario_close(self) -> None:
        ballot = self.prepared["vote"]
        if "burst" not in self.figures:
            raise RuntimeError("the close scenario needs the burst before it")
        snapshot, seconds, desk_done = await self.close_and_publish(ballot)
        result = (snapshot or {}).get("result") or {}
        rows = {row["candidate_id"]: row["yes"] for row in result.get("rows", [])}
        phones = await self.workers.command(
            "wait_state", timeout=120, ballot_id=ballot, ballot_state="published", within=60
        )
        self.figures["close"] = {
            "sheets_in_box": self.figures["burst"]["in_box"],
            "close_to_result_ms": rounded(1000 * seconds if seconds else None),
            "desk_calls_ms": round(1000 * desk_done, 1),
            "screen_returned": result.get("returned"),
            "screen_result_ok": rows == self.vote_yes
            and result.get("returned") == self.figures["burst"]["in_box"],
            "phones_saw_published": sum(a["seen"] for a in phones),
        }
        f = self.figures["close"]
        self.say(
            f"  close: result on the screen {f['close_to_result_ms']} ms after the close "
            f"command ({f['sheets_in_box']} sheets; desk calls {f['desk_calls_ms']} ms); "
            f"screen figures right: {f['screen_result_ok']}"
        )

    async def scenario_rating(self) -> None:
        prepared = self.prepared
        ballot, items = prepared["rating"], prepared["rating_items"]
        if "burst" in self.figures and "close" not in self.figures:
            await self.close_and_publish(prepared["vote"])
        await self.open_for_phones(ballot)
        since = len(self.screen.snapshots)
        feed_since = len(self.screen.feed)
        run = await self.burst("rating", ballot, items, self.args.spread)
        box = await self.check_box(ballot, run["records"])
        full = box["in_box"]
        at, last = await self.screen.wait_for(lambda s: turnout_of(s, ballot) == full, 30, since)
        lag = None if at is None or run["last_ack"] is None else 1000 * (at - run["last_ack"])
        counts = {item: dict.fromkeys(RATINGS, 0) for item in items}
        for record in run["records"]:
            if record["answer"] and record["answer"].get("ok"):
                for item in items:
                    counts[item][record["sheet"]["ratings"].get(str(item))] += 1
        submitted = sum(c["satisfied"] for c in counts.values())
        fairly = sum(c["fairly_satisfied"] for c in counts.values())

        def feed_count(rating: str) -> int:
            return sum(
                1
                for _, batch in self.screen.feed[feed_since:]
                if batch["ballot_id"] == ballot
                for item in batch["items"]
                if item["rating"] == rating
            )

        snapshot, close_s, _ = await self.close_and_publish(ballot)
        await self.screen.wait_feed(
            lambda: (
                feed_count("satisfied") >= submitted and feed_count("fairly_satisfied") >= fairly
            ),
            15,
        )
        result = (snapshot or {}).get("result") or {}
        rows = {row["project_id"]: row for row in result.get("rows", [])}
        result_ok = result.get("returned") == full and all(
            (
                rows.get(item, {}).get("satisfied"),
                rows.get(item, {}).get("fairly_satisfied"),
                rows.get(item, {}).get("dissatisfied"),
                rows.get(item, {}).get("abstain"),
            )
            == (c["satisfied"], c["fairly_satisfied"], c["dissatisfied"], c[None])
            for item, c in counts.items()
        )
        batches = sum(1 for _, b in self.screen.feed[feed_since:] if b["ballot_id"] == ballot)
        self.figures["rating"] = {
            "deputies": self.args.deputies,
            "projects": len(items),
            **box,
            **run["figures"],
            "screen_lag_ms": rounded(max(0.0, lag) if lag is not None else None),
            "screen_turnout": turnout_of(last, ballot) if last else None,
            "satisfied_submitted": submitted,
            "satisfied_on_feed": feed_count("satisfied"),
            "fairly_submitted": fairly,
            "fairly_on_feed": feed_count("fairly_satisfied"),
            "feed_batches": batches,
            "close_to_result_ms": rounded(1000 * close_s if close_s else None),
            "screen_result_ok": result_ok,
        }
        f = self.figures["rating"]
        self.say(
            f"  rating: {f['acknowledged']}/{f['deputies']} acknowledged, lost {f['lost']}, "
            f"duplicated {f['duplicated']}; ack p99 {f['ack_p99_ms']} ms; screen lag "
            f"{f['screen_lag_ms']} ms; 满意 on the feed {f['satisfied_on_feed']}/"
            f"{f['satisfied_submitted']} in {batches} batches; result right: {result_ok}"
        )

    async def scenario_storm(self) -> None:
        args = self.args
        # What every phone must see again: the ballot phones show now.
        ballot_id = ballot_state = None
        for _, snapshot in reversed(self.screen.snapshots):
            if snapshot.get("ballot"):
                ballot_id, ballot_state = snapshot["ballot"]["id"], snapshot["ballot"]["state"]
                break
        cpu = self.server.cpu_seconds()
        drop_at = time.monotonic() + 0.5
        deadline = drop_at + args.storm_deadline
        answers = await self.workers.command(
            "storm",
            timeout=args.storm_deadline + 120,
            drop_at=drop_at,
            reconnect_within=args.reconnect_within,
            mode=args.storm_mode,
            ballot_id=ballot_id,
            ballot_state=ballot_state,
            deadline=deadline,
        )
        results = [r for a in answers for r in a["results"]]
        back = [r["back"] for r in results if r["back"] is not None]
        errors = [e for r in results for e in r["errors"]]
        released = await self.workers.command("release_old", timeout=60)
        self.figures["storm"] = {
            "deputies": args.deputies,
            "mode": args.storm_mode,
            "reconnect_within_s": args.reconnect_within,
            "back": len(back),
            "all_back_s": rounded(max(back) if len(back) == len(results) else None, 2),
            "back_p50_s": rounded(percentile(back, 0.5), 2),
            "errors": len(errors),
            "phones_with_errors": sum(1 for r in results if r["errors"]),
            "error_sample": errors[:5],
            "server_cpu_s": round(self.server.cpu_seconds() - cpu, 2),
            "abandoned_released": sum(a["released"] for a in released),
            **client_load(answers),
        }
        f = self.figures["storm"]
        self.say(
            f"  storm: {f['back']}/{args.deputies} back and resynced, the last after "
            f"{f['all_back_s']} s; {f['errors']} errors on {f['phones_with_errors']} phones; "
            f"server CPU {f['server_cpu_s']} s"
        )

    async def scenario_hold(self) -> None:
        seconds = self.args.hold_seconds
        await self.workers.command("sleep", timeout=seconds + 60, seconds=seconds)
        alive = await self.workers.command("alive", timeout=60)
        await self.workers.command("join", timeout=120, namespace="/bench")
        run = await self.burst("echo", 0, self.prepared["vote_items"], self.args.spread)
        answered = run["figures"]["answered"]
        rss = self.server.memory().get("VmRSS", 0)
        self.figures["hold"] = {
            "connections": self.args.deputies,
            "seconds": seconds,
            "alive": sum(a["alive"] for a in alive),
            "close_reasons": [r for a in alive for r in a["reasons"]][:5],
            "echo_answered": answered,
            "rss_mb": round(rss / 1024, 1),
        }
        f = self.figures["hold"]
        self.say(
            f"  hold: {f['alive']}/{f['connections']} connections alive after {seconds} s, "
            f"{answered} answered an echo; server RSS {f['rss_mb']} MB"
        )


def evaluate_targets(figures: dict) -> dict:
    """Each issue target this run measured: {name: {"target", "value", "met"}}."""
    found: dict[str, dict] = {}

    def put(name, value, met):
        found[name] = {"target": TARGETS[name], "value": value, "met": bool(met)}

    burst, rating, close = figures.get("burst"), figures.get("rating"), figures.get("close")
    storm, echo, memory, hold = (figures.get(k) for k in ("storm", "echo", "memory", "hold"))
    if burst:
        put("burst_lost", burst["lost"], burst["lost"] == 0 and burst["answered"] == burst["sent"])
        put("burst_duplicated", burst["duplicated"], burst["duplicated"] == 0)
        p99 = burst["ack_p99_ms"]
        put("burst_p99_ack_ms", p99, p99 is not None and p99 <= 2000)
        lag = burst["screen_lag_ms"]
        put("burst_screen_lag_ms", lag, lag is not None and lag <= 500)
        for road, limit in (("socket", 1000), ("http", 2000)):
            p99 = burst["by_road"].get(road, {}).get("ack_p99_ms")
            if p99 is not None:
                put(f"{road}_p99_ack_ms", p99, p99 <= limit)
        per_sheet = burst.get("server_cpu_ms_per_message")
        per_echo = echo.get("server_cpu_ms_per_message") if echo else None
        if per_sheet and per_echo and figures.get("road") == "socket":
            ratio = per_sheet / per_echo
            burst["cpu_vs_echo"] = round(ratio, 2)
            put("cpu_per_sheet_vs_echo", round(ratio, 2), ratio <= 2)
    arrive = figures.get("arrive")
    if arrive:
        n = figures["deputies"]
        put("arrive_loaded", arrive["connected"], arrive["loaded"] == arrive["connected"] == n)
        p99 = arrive["page_load_p99_ms"]
        put("arrive_p99_ms", p99, p99 is not None and p99 <= 1000)
    if rating:
        put(
            "rating_lost",
            rating["lost"],
            rating["lost"] == 0 and rating["answered"] == rating["sent"],
        )
        put(
            "rating_feed",
            f"{rating['satisfied_on_feed']}/{rating['satisfied_submitted']}",
            rating["satisfied_on_feed"] == rating["satisfied_submitted"],
        )
    if close:
        ms = close["close_to_result_ms"]
        put("close_ms", ms, ms is not None and ms <= 300)
    if storm:
        put(
            "storm_s",
            storm["all_back_s"],
            storm["all_back_s"] is not None and storm["all_back_s"] <= 6,
        )
        put("storm_errors", storm["errors"], storm["errors"] == 0)
    if memory and "kb_per_phone" in memory:
        put("memory_kb_per_phone", memory["kb_per_phone"], memory["kb_per_phone"] <= 100)
    if burst and echo and burst["throughput_per_s"] and echo["throughput_per_s"]:
        ratio = burst["throughput_per_s"] / echo["throughput_per_s"]
        burst["echo_ratio"] = round(ratio, 3)
        put("echo_ratio", round(ratio, 3), ratio >= 0.5)
    if hold and hold["connections"] >= 5000:
        put(
            "hold_5000",
            hold["alive"],
            hold["alive"] == hold["connections"] and hold["echo_answered"] == hold["connections"],
        )
    return found


def correctness(figures: dict) -> dict:
    """What must hold at any size (the test suite asserts these; never timings)."""
    n = figures["deputies"]
    checks = {
        "all_connected": figures.get("connect", {}).get("connected") == n,
        "server_survived": figures.get("server_survived", False),
    }
    if "echo" in figures:
        checks["echo_all_answered"] = figures["echo"]["echoed"] == n
    for name in ("burst", "rating"):
        if name in figures:
            f = figures[name]
            checks[f"{name}_nothing_lost"] = f["lost"] == 0 and f["acknowledged"] == n
            checks[f"{name}_nothing_duplicated"] = f["duplicated"] == 0 and f["in_box"] == n
            checks[f"{name}_screen_turnout"] = f["screen_turnout"] == n
    if "close" in figures:
        checks["close_screen_result_right"] = figures["close"]["screen_result_ok"]
        checks["close_phones_published"] = figures["close"]["phones_saw_published"] == n
    if "rating" in figures:
        r = figures["rating"]
        checks["rating_feed_complete"] = (r["satisfied_on_feed"], r["fairly_on_feed"]) == (
            r["satisfied_submitted"],
            r["fairly_submitted"],
        )
        checks["rating_screen_result_right"] = r["screen_result_ok"]
    if "storm" in figures:
        checks["storm_all_back"] = figures["storm"]["back"] == n
        checks["storm_no_errors"] = figures["storm"]["errors"] == 0
    if "hold" in figures:
        h = figures["hold"]
        checks["hold_all_alive"] = h["alive"] == n and h["echo_answered"] == n
    for scenario in figures.get("failures", {}):
        checks[f"{scenario}_ran"] = False
    checks["all"] = all(checks.values())
    return checks


def summary_table(figures: dict) -> str:
    lines = ["", "targets:"]
    for target in figures["targets"].values():
        mark = "met " if target["met"] else "MISS"
        lines.append(f"  [{mark}] {target['target']}: {target['value']}")
    failed = [k for k, v in figures["correct"].items() if not v]
    lines.append(f"correctness: {'all right' if not failed else 'FAILED ' + ', '.join(failed)}")
    lines.append(
        f"server peak RSS {figures['memory'].get('peak_rss_mb')} MB; "
        f"{figures['memory'].get('kb_per_phone')} KB per connected phone; "
        f"run took {figures['wall_s']} s"
    )
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deputies", type=int, default=300, help="phones (default 300)")
    parser.add_argument(
        "--scenario",
        default="all",
        help=f"comma-separated, from {', '.join(SCENARIOS)} (default all)",
    )
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    parser.add_argument(
        "--desk", action="store_true", help="also connect the secretariat's dashboard (/desk)"
    )
    parser.add_argument("--workers", type=int, default=2, help="load processes (default 2)")
    parser.add_argument(
        "--road",
        choices=("socket", "http", "mix"),
        default="mix",
        help="how phones cast: socket (submit + ack on /deputy), http (the POST), or mix "
        "(default: the hall's mix, --polling-share of the phones long-poll and POST)",
    )
    parser.add_argument(
        "--polling-share",
        type=float,
        default=0.1,
        help="with --road mix: the share of phones whose WebSocket is blocked (default 0.1)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="Hall server processes (default 1); more share the database and --redis",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="with --processes 2 or more: the phones go through nginx (docs/deploy/nginx)",
    )
    parser.add_argument(
        "--kill-mid-burst",
        type=float,
        metavar="S",
        help="with --nginx: kill the last process S seconds into the project vote's burst",
    )
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/0",
        help="the message queue of several server processes",
    )
    parser.add_argument(
        "--spread",
        type=float,
        default=1.0,
        help="seconds over which the burst's sheets are sent (default 1)",
    )
    parser.add_argument(
        "--storm-mode",
        choices=("silent", "reset"),
        default="silent",
        help="silent: the server is not told (Wi-Fi gone); reset: TCP RST",
    )
    parser.add_argument("--reconnect-within", type=float, default=5.0)
    parser.add_argument(
        "--arrive-within",
        type=float,
        default=60.0,
        help="arrive: the phones' first loads spread over this many seconds (default 60)",
    )
    parser.add_argument("--storm-deadline", type=float, default=60.0)
    parser.add_argument("--hold-seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--timeout", type=float, default=900.0, help="stop after this (s)")
    parser.add_argument(
        "--py-spy",
        metavar="FILE",
        help="profile the server with py-spy: FILE-<scenario>.svg (or .txt: raw stacks)",
    )
    parser.add_argument(
        "--py-spy-scenarios",
        default="burst,storm",
        help="the scenarios to profile (comma-separated; default burst,storm)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work dir (db, log)")
    # The proposals scenario (scripts/bench_proposals.py) runs on its own: no phones.
    parser.add_argument("--proposals", type=int, default=20_000, help="stored (proposals)")
    parser.add_argument("--rate", type=int, default=200, help="submissions/s (proposals)")
    parser.add_argument("--seconds", type=int, default=60, help="of submissions (proposals)")
    parser.add_argument("--read-rounds", type=int, default=10, help="queue/search (proposals)")
    args = parser.parse_args(argv)
    if args.scenario == "proposals":
        args.scenarios = ["proposals"]
        return args
    if args.deputies < 1:
        parser.error("--deputies must be at least 1")
    if args.scenario == "all":
        args.scenarios = list(SCENARIOS)
    else:
        args.scenarios = [s.strip() for s in args.scenario.split(",") if s.strip()]
        unknown = set(args.scenarios) - set(SCENARIOS)
        if unknown:
            parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
        if "close" in args.scenarios and "burst" not in args.scenarios:
            args.scenarios.append("burst")
    args.workers = max(1, min(args.workers, args.deputies))
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if args.nginx and args.processes < 2:
        parser.error("--nginx needs --processes 2 or more")
    if args.kill_mid_burst is not None and not args.nginx:
        parser.error("--kill-mid-burst needs --nginx (the phones must find another process)")
    args.py_spy_scenarios = [s.strip() for s in args.py_spy_scenarios.split(",")]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    raise_file_limit()
    if args.scenarios == ["proposals"]:
        import bench_proposals  # scripts/bench_proposals.py

        figures = bench_proposals.run(args)
        if not args.json:
            print(bench_proposals.summary(figures), flush=True)
        print(json.dumps(figures, ensure_ascii=False), flush=True)
        return 0 if figures["correct"]["all"] else 1
    bench = Bench(args)

    async def bounded():
        return await asyncio.wait_for(bench.run(), args.timeout)

    figures = asyncio.run(bounded())
    if not args.json:
        print(summary_table(figures), flush=True)
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return 0 if figures["correct"]["all"] else 1


if __name__ == "__main__":
    sys.exit(main())
