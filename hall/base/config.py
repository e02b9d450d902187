"""Configuration: defaults, then instance/config.py, then HALL_* environment variables."""

import os
import secrets
from pathlib import Path


class Config:
    """Defaults for a single-process hall on SQLite."""

    DATABASE_URL = None  # None: SQLite file in the instance folder
    SECRET_KEY = None  # None: generated once and kept in the instance folder
    ADMIN_PASSWORD = None  # None: generated at first start, printed once, stored hashed
    PUBLIC_URL = None  # None: the server's LAN address and port
    ASYNC_MODE = None  # None: let Flask-SocketIO pick (eventlet when run.py patched it)
    MESSAGE_QUEUE = None  # e.g. redis://127.0.0.1:6379/0 when several processes serve
    MESSAGE_QUEUE_CHANNEL = "hall"  # the queue's channel, and the prefix of Hall's Redis keys
    TRUSTED_PROXIES = 0  # 1 behind one nginx: client addresses then come from X-Forwarded-For
    TRUSTED_PROXY_ADDRESSES = "127.0.0.1, ::1"  # ... sent by these peers only (the nginx)
    SECURE_COOKIES = False  # True: cookies marked Secure even on requests that came as http
    LIVE_PUSH_INTERVAL = 0.2  # seconds between snapshot pushes while something changed
    PASSWORD_HASH_METHOD = "scrypt"  # desk passwords (werkzeug.security)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600  # a desk session ends after 12 hours at most
    DESK_IDLE_TIMEOUT = 2 * 3600  # or after 2 idle hours
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    DEPUTY_COOKIE_MAX_AGE = 7 * 24 * 3600
    MAX_CONTENT_LENGTH = 1 << 20  # bytes in any request body (hall.web.request_limits) ...
    MAX_UPLOAD_LENGTH = 10 << 20  # ... but a spreadsheet uploaded to the desk's imports
    # Seconds run.py's server waits on a silent connection: idle, or a request whose headers
    # or body stop coming. Not a Socket.IO WebSocket: Engine.IO's pings watch those.
    SOCKET_TIMEOUT = 30
    # 问需于民 (hall.proposals.guard): seconds the public form must be held before it is
    # sent, and proposals from one address in 10 minutes (a NAT holds many honest phones).
    PROPOSAL_MIN_FILL_SECONDS = 4
    PROPOSAL_ADDRESS_LIMIT = 300
    LOG_JSON = False  # True: one JSON object per log line (hall/base/logs.py)


class TestConfig(Config):
    """A throwaway database, no background pusher: tests flush live state by hand."""

    TESTING = True
    # A cheap hash: scrypt took about a third of each test's set-up. Never outside tests.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    ASYNC_MODE = "threading"
    SECRET_KEY = "test-secret-key"
    ADMIN_PASSWORD = "test-admin-password"
    PUBLIC_URL = "http://hall.test"


ENVIRONMENT_KEYS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "ADMIN_PASSWORD",
    "PUBLIC_URL",
    "ASYNC_MODE",
    "MESSAGE_QUEUE",
    "MESSAGE_QUEUE_CHANNEL",
    "TRUSTED_PROXIES",
    "TRUSTED_PROXY_ADDRESSES",
    "SECURE_COOKIES",
    "SOCKET_TIMEOUT",
    "PROPOSAL_MIN_FILL_SECONDS",
    "PROPOSAL_ADDRESS_LIMIT",
    "LOG_JSON",
    "LIVE_PUSH_INTERVAL",
)


def load_config(app, test_config=None):
    """Fill app.config: defaults < instance/config.py < environment < test_config."""
    app.config.from_object(Config)
    app.config.from_pyfile(os.path.join(app.instance_path, "config.py"), silent=True)
    for key in ENVIRONMENT_KEYS:
        value = os.environ.get(f"HALL_{key}")
        if value:
            app.config[key] = value
    if test_config is not None:
        app.config.from_mapping(test_config)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'hall.sqlite3'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _kept_secret(instance / "secret_key")


def _kept_secret(path: Path) -> str:
    """Read the secret key kept in the instance folder, creating it on first start."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
