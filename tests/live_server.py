"""Start the real server (`python run.py`) on a free port, as a user would, and stop it."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log
        self.url = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def live_server(database_url: str, workdir: Path, *args: str, env: dict | None = None):
    """Run `python run.py --port P` on the given database until the block ends."""
    port = free_port()
    log = workdir / f"server-{port}.log"
    environment = {
        **os.environ,
        "HALL_DATABASE_URL": database_url,
        "HALL_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port), *args],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(process, port, log)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(server: LiveServer, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.output()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{server.url}/healthz", timeout=1).json() == {"status": "ok"}:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server not healthy in {timeout}s:\n{server.output()}")
