"""nginx in front of several `run.py` processes, as docs/deploy/ sets them up: the shipped site
(docs/deploy/nginx/hall.conf) with only its ports, certificate and folders replaced, in a
temporary folder, on free high ports, as an unprivileged worker."""

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.conftest import unavailable
from tests.live_server import ROOT, LiveServer, free_port, live_server

SITE = ROOT / "docs" / "deploy" / "nginx" / "hall.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPSTREAM_LINE = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+ (.*);$", re.MULTILINE)

MAIN = """
worker_processes 1;
worker_rlimit_nofile 20000;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 8192; }}  # as docs/deploy/README.md: two per phone
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/hall.conf;
}}
"""


def replace_once(text: str, old: str, new: str) -> str:
    """The docs' file must still say `old`, exactly once: otherwise the test is out of step."""
    assert text.count(old) == 1, f"docs/deploy/nginx/hall.conf no longer has {old!r} once"
    return text.replace(old, new)


def site_for(folder: Path, upstreams: list[int], https: int, http: int) -> str:
    """The shipped site with the test's ports, certificate, static folder and logs."""
    text = SITE.read_text()
    indent, options = UPSTREAM_LINE.findall(text)[0]
    servers = "".join(f"{indent}server 127.0.0.1:{port} {options};\n" for port in upstreams)
    text = UPSTREAM_LINE.sub("", text, count=2)
    text = replace_once(text, "    keepalive 64;", servers.rstrip("\n") + "\n    keepalive 64;")
    text = replace_once(text, "    listen 80;\n", f"    listen 127.0.0.1:{http};\n")
    text = replace_once(text, "    listen [::]:80;\n", "")
    text = replace_once(text, "    listen 443 ssl;\n", f"    listen 127.0.0.1:{https} ssl;\n")
    text = replace_once(text, "    listen [::]:443 ssl;\n", "")
    text = replace_once(text, "/etc/hall/tls/hall.crt", str(folder / "hall.crt"))
    text = replace_once(text, "/etc/hall/tls/hall.key", str(folder / "hall.key"))
    text = replace_once(text, "alias /srv/hall/static/;", f"alias {folder / 'static'}/;")
    return text.replace("/var/log/nginx/", f"{folder}/")


def make_certificate(folder: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (docs/deploy/tls.md makes the hall's the same
    way, signed by its own CA)."""
    command = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
    ]
    command += ["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
    command += ["-keyout", str(folder / "hall.key"), "-out", str(folder / "hall.crt")]
    subprocess.run(command, check=True, capture_output=True)


@dataclass
class Nginx:
    folder: Path
    https: int
    http: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https}"

    def command(self, *extra: str) -> list[str]:
        config = str(self.folder / "nginx.conf")
        return [
            NGINX,
            "-p",
            str(self.folder),
            "-c",
            config,
            "-e",
            str(self.folder / "error.log"),
            *extra,
        ]

    def test(self) -> subprocess.CompletedProcess:
        """`nginx -t` on the generated configuration."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, **as_worker())

    def errors(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def as_worker() -> dict:
    """Run nginx as `nobody` when the tests run as root: never a privileged server."""
    if os.geteuid() != 0:
        return {}
    return {"user": "nobody", "group": pwd.getpwnam("nobody").pw_gid}


@contextlib.contextmanager
def nginx_configured(upstreams: list[int], https: int | None = None):
    """The generated configuration in a temporary folder, checked with `nginx -t`."""
    if not Path(NGINX).exists():
        unavailable("nginx not found: apt-get install -y nginx")
    folder = Path(tempfile.mkdtemp(prefix="hall-nginx-"))
    folder.chmod(0o755)  # readable by the unprivileged nginx
    server = Nginx(folder, https or free_port(), free_port())
    try:
        make_certificate(folder)
        (folder / "hall.key").chmod(0o644)
        # A copy of static/ (800 KB): the unprivileged worker may not reach the checkout.
        shutil.copytree(ROOT / "static", folder / "static")
        (folder / "hall.conf").write_text(site_for(folder, upstreams, server.https, server.http))
        (folder / "nginx.conf").write_text(MAIN.format(folder=folder))
        if os.geteuid() == 0:
            shutil.chown(folder, user="nobody")
        checked = server.test()
        assert checked.returncode == 0, checked.stderr
        yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def nginx_in_front(upstreams: list[int], https: int | None = None):
    """nginx on free ports (or `https`) in front of `upstreams`, until the block ends."""
    with nginx_configured(upstreams, https) as server:
        server.process = subprocess.Popen(
            server.command("-g", "daemon off;"), stderr=subprocess.DEVNULL, **as_worker()
        )
        try:
            wait_for_nginx(server)
            yield server
        finally:
            server.process.terminate()
            server.process.wait(timeout=10)


def wait_for_nginx(server: Nginx, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{server.url}/healthz", verify=False, timeout=1).ok:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nginx did not answer:\n{server.errors()}")


@dataclass
class ScaleOut:
    """Two run.py processes on one database with Redis, behind nginx."""

    servers: list[LiveServer]
    nginx: Nginx

    @property
    def url(self) -> str:
        return self.nginx.url


@contextlib.contextmanager
def scale_out(database_url: str, tmp_path: Path, redis_url: str, env: dict | None = None):
    """Ports chosen first, so that the public URL every process prints is nginx's."""
    https = free_port()
    environment = {
        "HALL_MESSAGE_QUEUE": redis_url,
        "HALL_TRUSTED_PROXIES": "1",
        "HALL_SECRET_KEY": "scale-out-tests",  # every process signs the same cookies
        "HALL_PUBLIC_URL": f"https://127.0.0.1:{https}",
        **(env or {}),
    }
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(live_server(database_url, tmp_path, env=environment))
            for _ in range(2)
        ]
        upstreams = [server.port for server in servers]
        nginx = stack.enter_context(nginx_in_front(upstreams, https))
        yield ScaleOut(servers, nginx)
