"""A redis-server of the test's own, on a free port in a temporary folder, that the test may
stop and start again (never the machine's Redis on 6379)."""

import contextlib
import shutil
import subprocess
import time
from pathlib import Path

import redis

from tests.conftest import unavailable
from tests.live_server import free_port


class OwnRedis:
    """redis-server --port N --save '' in `folder`; stop() kills it, start() brings it back on
    the same port."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@contextlib.contextmanager
def own_redis(tmp_path: Path):
    if shutil.which("redis-server") is None:
        unavailable("redis-server not found: apt-get install -y redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
