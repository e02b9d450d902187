"""Abuse checks that leave honest people alone: a few proposals per device, many more per
address (a NAT or a community centre's Wi-Fi puts hundreds of honest phones behind one), a
honeypot field, a minimum time to fill the form. The counts are shared by the server processes
through Redis when there is one (hall/proposals/shared_window.py), else kept in this process."""

import hashlib
import hmac
import threading
import time
from collections import defaultdict, deque

from hall.base.errors import HallError
from hall.proposals.shared_window import SharedWindow

HONEYPOT = "website"  # a field hidden from people; anything in it is a robot's
MIN_FILL_SECONDS = 4
TOKEN_LIFETIME = 24 * 3600  # seconds a page's form token stays good
KEPT_KEYS = 50_000


class Window:
    """At most `limit` events per key within `seconds`."""

    def __init__(self, limit: int, seconds: float):
        self.limit, self.seconds = limit, seconds
        self._events: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def take(self, key: str, limit: int | None = None) -> bool:
        """Count one event for `key` if it is within the limit; False (nothing counted) if not."""
        now = time.monotonic()
        with self._lock:
            if len(self._events) > KEPT_KEYS:
                self._events.clear()  # a flood of keys: start again rather than grow
            events = self._events[key]
            while events and now - events[0] > self.seconds:
                events.popleft()
            if len(events) >= (limit or self.limit):
                return False
            events.append(now)
            return True

    def reset(self) -> None:
        with self._lock:
            self._events.clear()


# Proposals: 5 per device, 300 per address in 10 minutes. Supports: 600 per address.
per_device = SharedWindow("device", Window(5, 600))
per_address = SharedWindow("address", Window(300, 600))
supports_per_address = SharedWindow("supports", Window(600, 600))
per_deputy = SharedWindow("deputy", Window(60, 3600))
WINDOWS = (per_device, per_address, supports_per_address, per_deputy)


def share(queue: str | None, channel: str) -> None:
    """Count across the server processes through Redis (the message queue), when it is Redis."""
    for window in WINDOWS:
        window.share(queue, channel)


def reset() -> None:
    for window in WINDOWS:
        window.reset()


def too_many() -> HallError:
    return HallError("too_many_proposals", "提交过于频繁，请稍后再试", 429)


def check_rates(device: str, address: str, address_limit: int | None = None) -> None:
    if not per_address.take(address, address_limit) or not per_device.take(device):
        raise too_many()


def form_token(secret: str, now: float | None = None) -> str:
    """What the page hands the form when it is shown: when, signed."""
    issued = str(int((now if now is not None else time.time()) * 1000))
    return f"{issued}.{_signature(secret, issued)}"


def check_form(body: dict, secret: str, min_fill: float = MIN_FILL_SECONDS) -> None:
    """The honeypot empty and the form held at least `min_fill` seconds (by its token)."""
    if body.get(HONEYPOT):
        raise HallError("rejected", "提交未被接受，请刷新页面后重新填写")
    token = body.get("form_token")
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 64:
        raise HallError("form_expired", "页面已过期，请刷新页面后重新填写")
    issued, signature = token.split(".")
    if not (issued.isascii() and issued.isdigit()) or not hmac.compare_digest(
        signature, _signature(secret, issued)
    ):
        raise HallError("form_expired", "页面已过期，请刷新页面后重新填写")
    age = time.time() - int(issued) / 1000
    if age > TOKEN_LIFETIME:
        raise HallError("form_expired", "页面已过期，请刷新页面后重新填写")
    if age < min_fill:
        raise HallError("too_fast", "填写太快了，请检查内容后再提交")


def _signature(secret: str, issued: str) -> str:
    key = hashlib.sha256(f"proposal-form|{secret}".encode()).digest()
    return hmac.new(key, issued.encode(), hashlib.sha256).hexdigest()[:24]


def device_key(secret: str, device: str) -> str:
    """A device cookie as stored: hashed, so the table never holds the cookie itself."""
    return hashlib.sha256(f"device|{secret}|{device}".encode()).hexdigest()[:40]
