"""The base URL in QR codes and banners: HALL_PUBLIC_URL, else this machine's LAN address."""

import socket

from flask import current_app


def lan_address() -> str:
    """The address other machines on the hall network reach this one at (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # Connecting a UDP socket only picks a route; nothing goes out.
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def base_url(app=None) -> str:
    app = app or current_app
    configured = app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    port = app.config.get("SERVER_PORT", 5000)
    return f"http://{lan_address()}:{port}"


def public_url(path: str, app=None) -> str:
    return base_url(app) + path
