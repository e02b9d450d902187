"""The preflight's network checks: the port is free, the public URL answers from this machine,
and the LAN address the phones will use is one they can reach.

When the port is free (the server not started yet, the usual case the day before), a small
probe listens on it for a moment, and the public URL must reach that probe: through nginx or a
DNS name too, this proves phones typing the URL arrive at this machine's port.
"""

import http.server
import ipaddress
import json
import secrets
import socket
import threading
import warnings
from urllib.parse import urlsplit

import requests

from hall.base.public_url import base_url, lan_address
from hall.upkeep.preflight import Finding


class _Probe(http.server.BaseHTTPRequestHandler):
    token = ""

    def do_GET(self):
        body = json.dumps({"status": "ok", "preflight": self.token}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        """Quiet: the preflight prints its own lines."""


def check_port_and_url(app, host: str, port: int) -> list[Finding]:
    """Port free, then the public URL answered by a probe on that port (or, when a Hall already
    runs there, by Hall itself)."""
    url = base_url(app) + "/healthz"
    try:
        server = http.server.ThreadingHTTPServer((host, port), _Probe)
    except OSError as error:
        busy = Finding(
            False,
            f"端口 {port} 已被占用（{error.strerror}）：Hall 已在运行，或另一程序占用",
            f"port {port} is not free ({error.strerror}): Hall already runs, or another program",
        )
        return [busy, _public_url_answers(url, None)]
    token = secrets.token_hex(8)
    server.RequestHandlerClass = type("Probe", (_Probe,), {"token": token})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        free = Finding(True, f"端口 {port} 空闲", f"port {port} is free")
        return [free, _public_url_answers(url, token)]
    finally:
        server.shutdown()
        server.server_close()


def _public_url_answers(url: str, token: str | None) -> Finding:
    """GET the public URL's /healthz: it must reach the probe (token), or Hall when none."""
    try:
        # An organisation's own CA may not be installed on the server itself: the question
        # here is whether the address leads here, not whether this machine trusts the CA.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning
            answer = requests.get(url, timeout=5, verify=False).json()
    except (requests.RequestException, ValueError) as error:
        reason = error.__class__.__name__
        return Finding(
            False,
            f"公开地址 {url} 在本机无法访问（{reason}）：检查 HALL_PUBLIC_URL、nginx 和防火墙",
            f"the public URL {url} does not answer here ({reason}): check HALL_PUBLIC_URL, "
            "nginx and the firewall",
        )
    reached = answer.get("preflight") == token if token else answer.get("status") == "ok"
    if not reached:
        return Finding(
            False,
            f"公开地址 {url} 通向的不是本机的这个端口",
            f"the public URL {url} answers, but not from this machine's port",
        )
    return Finding(True, f"公开地址可访问：{url}", f"the public URL answers: {url}")


def check_lan(app) -> Finding:
    """The address in the QR codes: phones on the hall Wi-Fi must be able to reach it."""
    base = base_url(app)
    host = urlsplit(base).hostname or ""
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        return Finding(
            False, f"二维码中的地址 {host} 无法解析", f"the QR codes' host {host} does not resolve"
        )
    if address.is_loopback or address.is_unspecified:
        return Finding(
            False,
            f"手机将访问 {base}，这是本机回环地址，手机无法访问：设置 HALL_PUBLIC_URL"
            f"（本机局域网地址 {lan_address()}）",
            f"phones would use {base}, a loopback address they cannot reach: set "
            f"HALL_PUBLIC_URL (this machine's LAN address is {lan_address()})",
        )
    return Finding(True, f"手机将访问 {base}（{address}）", f"phones will use {base} ({address})")
