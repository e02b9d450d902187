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
    """One `run.py` server process; `restart()` brings it back on the same port and database."""

    def __init__(self, command: list[str], environment: dict, port: int, log: Path):
        self.command, self.environment, self.port, self.log = command, environment, port, log
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def start(self) -> None:
        """Start the process (appending to the same log) and wait until /healthz answers."""
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.environment, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            wait_until_healthy(self)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the process, if running; every open connection to it drops."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> None:
        """Stop, then start again on the same port and database (eventlet reuses the address)."""
        self.stop()
        self.start()


@contextlib.contextmanager
def live_server(
    database_url: str, workdir: Path, *args: str, env: dict | None = None, port: int | None = None
):
    """Run `python run.py --port P` on the given database until the block ends."""
    port = port or free_port()
    log = workdir / f"server-{port}.log"
    log.write_text("")
    environment = {
        **os.environ,
        "HALL_DATABASE_URL": database_url,
        "HALL_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [sys.executable, "run.py", "--host", "127.0.0.1", "--port", str(port), *args]
    server = LiveServer(command, environment, port, log)
    try:
        server.start()
        yield server
    finally:
        server.stop()


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


def server_database(tmp_path: Path):
    """An empty schema in `tmp_path/hall.sqlite3` for a run.py server, and an app to fill it
    (threading mode, no pusher): answers (database URL, app)."""
    from hall import create_app
    from hall.migrations import create_schema

    url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "k",
            "ASYNC_MODE": "threading",
        }
    )
    create_schema(app)
    return url, app
