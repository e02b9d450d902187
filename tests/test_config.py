"""Configuration: defaults < instance/config.py < HALL_* environment; SQLite tuned for a hall."""

import pytest
import sqlalchemy as sa

from hall import create_app
from hall.admin.auth import ensure_admin
from hall.migrations import create_schema
from hall.store.db import session_factory, write_session
from hall.store.models import User


def bare_app(tmp_path, **extra):
    return create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", **extra})


def test_defaults_put_sqlite_and_a_kept_secret_key_in_the_instance_folder(tmp_path, monkeypatch):
    for name in ("HALL_DATABASE_URL", "HALL_SECRET_KEY", "HALL_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    app = bare_app(tmp_path)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    key = (tmp_path / "secret_key").read_text()
    assert app.config["SECRET_KEY"] == key and len(key) == 64
    assert bare_app(tmp_path).config["SECRET_KEY"] == key, "kept across restarts"


def test_the_instance_file_overrides_defaults_and_the_environment_overrides_both(
    tmp_path, monkeypatch
):
    (tmp_path / "config.py").write_text(
        "PUBLIC_URL = 'http://from-file:5000'\nSECRET_KEY = 'file-key'\n"
    )
    monkeypatch.setenv("HALL_SECRET_KEY", "env-key")
    monkeypatch.setenv("HALL_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    app = bare_app(tmp_path)
    assert app.config["PUBLIC_URL"] == "http://from-file:5000"
    assert app.config["SECRET_KEY"] == "env-key"
    assert app.config["DATABASE_URL"].endswith("elsewhere.db")


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    app = bare_app(tmp_path)
    with session_factory(app)() as db:
        assert db.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.execute(sa.text("PRAGMA busy_timeout")).scalar() == 30000


def test_every_sqlite_connection_commits_durably(tmp_path):
    # synchronous=FULL (2): an acknowledged sheet survives a power loss; NORMAL (1) may not.
    app = bare_app(tmp_path)
    engine = session_factory(app).kw["bind"]
    connections = [engine.connect() for _ in range(3)]  # three connections, not one reused
    try:
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        for connection in connections:
            connection.close()
    with write_session(app) as db:
        assert db.execute(sa.text("PRAGMA synchronous")).scalar() == 2


def test_an_unset_admin_password_is_generated_once_and_stored_hashed(tmp_path, monkeypatch):
    monkeypatch.delenv("HALL_ADMIN_PASSWORD", raising=False)
    app = bare_app(tmp_path)
    create_schema(app)
    password = ensure_admin(app)
    assert password and len(password) >= 12
    assert ensure_admin(app) is None, "printed once only"
    with session_factory(app)() as db:
        stored = db.scalar(sa.select(User.password_hash))
    assert password not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    client = app.test_client()
    assert client.post("/api/v1/admin/login", json={"password": password}).status_code == 200
    assert ensure_admin(app, reset=True) not in (None, password)


def test_a_configured_admin_password_is_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("HALL_ADMIN_PASSWORD", "from-the-environment")
    app = bare_app(tmp_path)
    create_schema(app)
    assert ensure_admin(app) is None
    client = app.test_client()
    ok = client.post("/api/v1/admin/login", json={"password": "from-the-environment"})
    assert ok.status_code == 200


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    app = bare_app(tmp_path, TRUSTED_PROXIES="1")

    @app.get("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    answer = app.test_client().get("/whoami", headers={"X-Forwarded-For": "10.1.2.3"})
    assert answer.get_data(as_text=True) == "10.1.2.3"
    plain = bare_app(tmp_path / "plain")
    plain.add_url_rule("/whoami", view_func=lambda: __import__("flask").request.remote_addr)
    direct = plain.test_client().get("/whoami", headers={"X-Forwarded-For": "10.1.2.3"})
    assert direct.get_data(as_text=True) != "10.1.2.3"


def test_forwarded_headers_are_believed_only_from_the_configured_proxy_addresses(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("HALL_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("HALL_TRUSTED_PROXY_ADDRESSES", "10.8.0.0/16, 192.168.1.2")
    app = bare_app(tmp_path)
    app.add_url_rule("/whoami", view_func=lambda: __import__("flask").request.remote_addr)
    client = app.test_client()

    def seen(peer: str) -> str:
        answer = client.get(
            "/whoami", headers={"X-Forwarded-For": "172.16.5.5"}, environ_base={"REMOTE_ADDR": peer}
        )
        return answer.get_data(as_text=True)

    assert seen("10.8.3.4") == "172.16.5.5"
    assert seen("192.168.1.2") == "172.16.5.5"
    assert seen("::ffff:192.168.1.2") == "172.16.5.5"
    assert seen("127.0.0.1") == "127.0.0.1", "the default list is replaced, not extended"
    assert seen("192.168.1.3") == "192.168.1.3"


def test_a_proxy_address_that_is_no_address_stops_the_start(tmp_path):
    with pytest.raises(ValueError, match="HALL_TRUSTED_PROXY_ADDRESSES"):
        bare_app(tmp_path, TRUSTED_PROXIES="1", TRUSTED_PROXY_ADDRESSES="nginx.local")


def test_desk_passwords_are_hashed_with_scrypt_outside_the_tests():
    from hall.base.config import Config, TestConfig

    assert Config.PASSWORD_HASH_METHOD == "scrypt"
    assert TestConfig.PASSWORD_HASH_METHOD.startswith("pbkdf2:"), "cheap, for the tests only"
