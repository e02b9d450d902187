"""Forwarded headers (X-Forwarded-For, -Proto, -Host) believed only from the configured proxies.

Behind nginx, the phone's address comes from X-Forwarded-For: the per-address limits (login,
card codes) need it. But when the server's port is also reachable directly, anyone can send
that header; so it is read only when the direct peer is one of HALL_TRUSTED_PROXY_ADDRESSES.
"""

import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix


def parse_networks(text) -> list:
    """Addresses or networks, separated by commas or spaces: `127.0.0.1, ::1, 10.0.0.0/8`."""
    items = text if isinstance(text, (list, tuple)) else str(text or "").replace(",", " ").split()
    try:
        return [ipaddress.ip_network(str(item).strip(), strict=False) for item in items]
    except ValueError as error:
        raise ValueError(f"HALL_TRUSTED_PROXY_ADDRESSES: {error}") from None


class TrustedProxyFix:
    """ProxyFix for requests whose direct peer is a trusted proxy; the rest as they came."""

    def __init__(self, app, proxies: int, addresses):
        self.app = app
        self.fixed = ProxyFix(app, x_for=proxies, x_proto=proxies, x_host=proxies)
        self.networks = parse_networks(addresses)

    def __call__(self, environ, start_response):
        if self.trusts(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)

    def trusts(self, peer) -> bool:
        try:
            address = ipaddress.ip_address(str(peer or "").split("%", 1)[0])
        except ValueError:
            return False
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)
