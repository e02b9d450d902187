"""`python run.py --check`, the preflight the IT staff runs the day before: every problem it
knows is reported in Chinese and English with a non-zero exit, and a ready machine passes."""

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from hall import migrations
from hall.base.public_url import lan_address
from hall.upkeep.preflight import check_clock, check_disk, check_redis
from tests.conftest import POSTGRES_URL, REDIS_URL, unavailable
from tests.live_server import ROOT, free_port, server_database


def preflight(database_url: str, port: int, **env: str) -> tuple[int, str]:
    """Run the preflight as the IT staff would; answers (exit status, what it printed)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HALL_")}
    environment.update({"HALL_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **env})
    done = subprocess.run(
        [sys.executable, "run.py", "--check", "--host", "0.0.0.0", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("[问题 FAIL]")]


def lan_url(port: int) -> str:
    address = lan_address()
    if address.startswith("127."):
        unavailable("this machine has no LAN address: the public URL cannot pass")
    return f"http://{address}:{port}"


def test_a_ready_machine_passes(tmp_path):
    url, _ = server_database(tmp_path)
    port = free_port()
    status, output = preflight(url, port, HALL_PUBLIC_URL=lan_url(port))
    assert status == 0, output
    assert problem_lines(output) == []
    assert "全部正常 / all checks passed" in output
    assert f"端口 {port} 空闲 / port {port} is free" in output
    assert "数据库可连接" in output and "database reachable" in output


def test_an_unreachable_database_is_a_problem(tmp_path):
    port = free_port()
    dead = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"
    status, output = preflight(dead, port, HALL_PUBLIC_URL=lan_url(port))
    assert status == 1
    (line,) = problem_lines(output)
    assert "数据库无法连接" in line and "database unreachable" in line


def test_an_empty_or_older_database_is_a_problem(tmp_path):
    port = free_port()
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    status, output = preflight(empty, port, HALL_PUBLIC_URL=lan_url(port))
    assert status == 1
    assert ["数据库是空的" in line for line in problem_lines(output)] == [True]

    url, _ = server_database(tmp_path)
    older = migrations.revisions()[-2]
    migrations.stamp(sa.create_engine(url), older)
    status, output = preflight(url, port, HALL_PUBLIC_URL=lan_url(port))
    assert status == 1
    (line,) = problem_lines(output)
    assert f"数据库版本 {older}" in line and f"database at revision {older}" in line


def test_redis_configured_but_unreachable_is_a_problem(tmp_path):
    url, _ = server_database(tmp_path)
    port = free_port()
    queue = f"redis://127.0.0.1:{free_port()}/0"
    status, output = preflight(url, port, HALL_PUBLIC_URL=lan_url(port), HALL_MESSAGE_QUEUE=queue)
    assert status == 1
    (line,) = problem_lines(output)
    assert "Redis 无法连接" in line and "Redis unreachable" in line


def test_redis_reachable_passes(redis_channel):
    finding, clock = check_redis(REDIS_URL)
    assert finding.ok and abs(clock - time.time()) < 2


def test_a_busy_port_is_a_problem(tmp_path):
    url, _ = server_database(tmp_path)
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, output = preflight(url, port, HALL_PUBLIC_URL=lan_url(port))
    assert status == 1
    lines = problem_lines(output)
    assert any(f"端口 {port} 已被占用" in line and "is not free" in line for line in lines)


def test_a_public_url_leading_elsewhere_is_a_problem(tmp_path):
    url, _ = server_database(tmp_path)
    port = free_port()
    nowhere = lan_url(free_port())
    status, output = preflight(url, port, HALL_PUBLIC_URL=nowhere)
    assert status == 1
    (line,) = problem_lines(output)
    assert f"公开地址 {nowhere}/healthz 在本机无法访问" in line and "does not answer" in line

    # Something answers there, but it is not this machine's port.
    elsewhere = http.server.ThreadingHTTPServer(("0.0.0.0", 0), AnotherHall)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        other = lan_url(elsewhere.server_address[1])
        status, output = preflight(url, port, HALL_PUBLIC_URL=other)
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
    assert status == 1
    (line,) = problem_lines(output)
    assert "通向的不是本机的这个端口" in line and "not from this machine's port" in line


class AnotherHall(http.server.BaseHTTPRequestHandler):
    """A healthy server, but not the one on the port being checked."""

    def do_GET(self):
        body = b'{"status": "ok"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_loopback_public_url_is_a_problem_for_phones(tmp_path):
    url, _ = server_database(tmp_path)
    port = free_port()
    status, output = preflight(url, port, HALL_PUBLIC_URL=f"http://127.0.0.1:{port}")
    assert status == 1
    (line,) = problem_lines(output)
    assert "回环地址，手机无法访问" in line and "loopback address they cannot reach" in line


def test_the_clock_against_the_database_and_redis():
    now = time.time()
    assert check_clock(now, {("数据库", "the database"): now + 0.5}).ok
    skewed = check_clock(now, {("数据库", "the database"): now + 30})
    assert not skewed.ok
    assert "本机时钟与数据库相差 +30.0 秒" in skewed.zh and "30.0 s off the database" in skewed.en
    assert not check_clock(0.0, {}).ok  # 1970: a machine that never set its clock


def test_the_clock_on_postgresql_is_compared(tmp_path):
    from hall.upkeep.preflight import check_database

    engine = sa.create_engine(POSTGRES_URL)
    finding, clock = check_database(engine)
    engine.dispose()
    if "无法连接" in finding.zh:
        unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}")
    assert clock is not None and abs(clock - time.time()) < 2


def test_low_disk_space_is_a_problem(tmp_path):
    assert check_disk([Path(tmp_path)]).ok
    low = check_disk([Path(tmp_path)], minimum=1 << 60)
    assert not low.ok
    assert "磁盘空间不足" in low.zh and "low disk space" in low.en
