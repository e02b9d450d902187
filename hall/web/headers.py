"""What every answer carries for the browser: a Content Security Policy (Hall serves no
inline script), no framing, no sniffing, no referrer to other sites; and cookies marked
Secure whenever the request came over HTTPS (directly or via a trusted proxy) or
HALL_SECURE_COOKIES says so.
"""

import re

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface

# Inline style attributes (progress bars' widths in a few desk templates) are allowed; inline
# <style> and every inline script are not.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# The hall screen's page, which the dashboard shows in an <iframe> as its live preview: framed
# by Hall's own pages only. Every other page is framed by nobody.
FRAMED_BY_THE_DESK = {"screen.screen"}
_PLAIN_HOST = re.compile(r"[A-Za-z0-9.\-:\[\]]{1,255}")


def init_app(app) -> None:
    app.session_interface = SessionCookies()
    app.after_request(add_headers)


def secure_cookies(app) -> bool:
    return _flag(app.config.get("SECURE_COOKIES")) or request.is_secure


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, Secure when secure_cookies() says so.

    Its signer is made once per secret key, not for every request as Flask's is: a hall's
    burst of sheet POSTs spent a twentieth of its time making signers (py-spy).
    """

    _signer: tuple = (None, None)

    def get_cookie_secure(self, app) -> bool:
        return secure_cookies(app)

    def get_signing_serializer(self, app):
        key, signer = self._signer
        if signer is None or key != (app.secret_key, app.config["SECRET_KEY_FALLBACKS"]):
            signer = super().get_signing_serializer(app)
            key = (app.secret_key, app.config["SECRET_KEY_FALLBACKS"])
            self._signer = (key, signer)
        return signer


def add_headers(response):
    framed = request.endpoint in FRAMED_BY_THE_DESK
    ancestors = "'self'" if framed else "'none'"
    response.headers["Content-Security-Policy"] = (
        f"{POLICY}; connect-src {_connect_sources()}; frame-ancestors {ancestors}"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN" if framed else "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Same origin only: the desk's CSRF check over HTTPS needs the referrer, other sites
    # must never see a card link's token.
    response.headers["Referrer-Policy"] = "same-origin"
    if secure_cookies(current_app):
        cookies = response.headers.getlist("Set-Cookie")
        if cookies:
            response.headers.setlist("Set-Cookie", [_secure(cookie) for cookie in cookies])
    return response


def _connect_sources() -> str:
    # Older browsers (Safari before 15.4, some in-app WebViews) do not count ws: and wss: to
    # this host as 'self', and the phones' live updates come over a WebSocket.
    host = request.host
    if not _PLAIN_HOST.fullmatch(host):
        return "'self'"
    return f"'self' ws://{host} wss://{host}"


def _secure(cookie: str) -> str:
    return cookie if "; secure" in cookie.lower() else f"{cookie}; Secure"


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
