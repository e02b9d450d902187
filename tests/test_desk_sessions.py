"""Desk sessions end when they should: removal, a new password, logout and idle time each shut
every page, the API and the /desk socket of the session, and a cookie saved earlier opens
nothing afterwards."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from hall.accounts.sessions import key_hash
from hall.admin import desk_sockets
from hall.store.db import session_factory, write_session
from hall.store.models import DeskSession, Meeting
from tests.conftest import ADMIN_PASSWORD

SCRUTINEER, SCRUTINEER_PASSWORD = "jianpiao", "scrutineer-pass-2026"


def desk_login(app, username: str, password: str):
    """A client logged in at the desk that sends its CSRF token on every POST."""
    client = app.test_client()
    answer = client.post("/api/v1/admin/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.get_json()
    token = answer.get_json()["csrf_token"]
    original_post = client.post

    def post(*args, **kwargs):
        kwargs.setdefault("headers", {})["X-CSRFToken"] = token
        kwargs.setdefault("json", {})
        return original_post(*args, **kwargs)

    client.post = post
    client.csrf_token = token
    return client


@pytest.fixture
def hall(app, factory, admin_client):
    """A meeting with an open ballot, and a scrutineer account (its id)."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.deputies(meeting, 3)
    factory.set_state(ballot, "open")
    created = admin_client.post(
        "/api/v1/admin/accounts", json={"username": SCRUTINEER, "password": SCRUTINEER_PASSWORD}
    )
    return ballot, created.get_json()["id"]


def reads(client, ballot: int) -> list[int]:
    """The statuses of what a scrutineer reads: overview, live preview, monitor, dashboard."""
    return [
        client.get("/api/v1/admin/overview").status_code,
        client.get(f"/api/v1/admin/ballots/{ballot}/result").status_code,
        client.get(f"/api/v1/admin/ballots/{ballot}/monitor").status_code,
        client.get("/admin/").status_code,
    ]


def test_a_removed_scrutineer_reads_nothing_more_and_loses_the_desk_socket(
    app, hall, admin_client, socket_client
):
    ballot, scrutineer_id = hall
    scrutineer = desk_login(app, SCRUTINEER, SCRUTINEER_PASSWORD)
    assert reads(scrutineer, ballot) == [200, 200, 200, 200]
    desk = socket_client("/desk", scrutineer)
    assert desk.is_connected("/desk")
    removed = admin_client.post(f"/api/v1/admin/accounts/{scrutineer_id}/remove")
    assert removed.get_json() == {"removed": True}
    assert reads(scrutineer, ballot) == [401, 401, 401, 302]
    assert not desk.is_connected("/desk")
    assert not socket_client("/desk", scrutineer).is_connected("/desk")
    assert admin_client.get("/api/v1/admin/overview").status_code == 200, "others stay"


def test_a_new_password_ends_the_old_sessions_of_that_account(
    app, hall, admin_client, socket_client
):
    ballot, scrutineer_id = hall
    scrutineer = desk_login(app, SCRUTINEER, SCRUTINEER_PASSWORD)
    desk = socket_client("/desk", scrutineer)
    changed = admin_client.post(
        f"/api/v1/admin/accounts/{scrutineer_id}/password", json={"password": "a-new-password"}
    )
    assert changed.get_json() == {"changed": True}
    assert reads(scrutineer, ballot) == [401, 401, 401, 302]
    assert not desk.is_connected("/desk")
    assert reads(desk_login(app, SCRUTINEER, "a-new-password"), ballot) == [200, 200, 200, 200]


def test_the_admin_changing_their_own_password_stays_but_their_other_logins_end(
    app, hall, admin_client, socket_client
):
    ballot, _ = hall
    other_laptop = desk_login(app, "admin", ADMIN_PASSWORD)
    other_desk = socket_client("/desk", other_laptop)
    own_desk = socket_client("/desk", admin_client)
    admin_id = admin_client.get("/api/v1/admin/accounts").get_json()["accounts"][0]["id"]
    admin_client.post(
        f"/api/v1/admin/accounts/{admin_id}/password", json={"password": "another-admin-pw"}
    )
    assert reads(admin_client, ballot) == [200, 200, 200, 200]
    assert own_desk.is_connected("/desk")
    assert other_laptop.get("/api/v1/admin/overview").status_code == 401
    assert not other_desk.is_connected("/desk")


def test_a_cookie_saved_before_logout_neither_reads_nor_changes_the_screen(
    app, hall, socket_client
):
    ballot, _ = hall
    admin = desk_login(app, "admin", ADMIN_PASSWORD)
    saved = admin.get_cookie("session").value
    desk = socket_client("/desk", admin)
    assert admin.post("/api/v1/admin/logout").get_json() == {"logged_out": True}
    assert not desk.is_connected("/desk"), "logout ends the open dashboard's socket"
    replay = app.test_client()

    def replayed(method: str, path: str, **request):
        replay.set_cookie("session", saved)  # the saved cookie every time, whatever came back
        return replay.open(path, method=method, **request)

    assert replayed("GET", "/api/v1/admin/overview").status_code == 401
    assert replayed("GET", f"/api/v1/admin/ballots/{ballot}/result").status_code == 401
    scene = replayed(
        "POST",
        "/api/v1/admin/screen",
        json={"scene": "title"},
        headers={"X-CSRFToken": admin.csrf_token},  # its CSRF token is in the saved cookie
    )
    assert scene.status_code == 401
    with session_factory(app)() as db:
        assert db.scalar(sa.select(Meeting.screen_scene)) == "auto"
    replay.set_cookie("session", saved)
    assert not socket_client("/desk", replay).is_connected("/desk")


def test_the_logout_page_ends_the_session_too(app, hall):
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/admin/login", data={"password": ADMIN_PASSWORD, "csrf_token": token})
    saved = client.get_cookie("session").value
    assert client.get("/api/v1/admin/overview").status_code == 200
    form = client.get("/admin/").get_data(as_text=True)
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/api/v1/admin/overview").status_code == 401


def test_an_idle_session_ends_its_pages_and_its_desk_socket(app, hall, admin_client, socket_client):
    app.config["DESK_IDLE_TIMEOUT"] = 600
    busy = desk_login(app, "admin", ADMIN_PASSWORD)
    idle_desk = socket_client("/desk", admin_client)
    busy_desk = socket_client("/desk", busy)
    with write_session(app) as db:
        rows = db.scalars(sa.select(DeskSession)).all()
        assert len(rows) == 2
        for row in rows:  # both last seen 5 minutes ago: within the 10 allowed
            row.seen_at -= timedelta(minutes=5)
    assert busy.get("/api/v1/admin/overview").status_code == 200, "moves its seen_at on"
    with write_session(app) as db:
        for row in db.scalars(sa.select(DeskSession)):
            row.seen_at -= timedelta(minutes=6)
    # What the background watch does every few seconds:
    assert len(desk_sockets.drop_ended(app)) == 1
    assert not idle_desk.is_connected("/desk")
    assert busy_desk.is_connected("/desk"), "seen a minute ago: still live"
    assert admin_client.get("/api/v1/admin/overview").status_code == 401
    assert busy.get("/api/v1/admin/overview").status_code == 200


def test_a_session_ends_after_twelve_hours_however_busy(app, hall, admin_client):
    assert admin_client.get("/api/v1/admin/overview").status_code == 200
    with write_session(app) as db:
        db.scalar(sa.select(DeskSession)).started_at -= timedelta(hours=12, minutes=1)
    assert admin_client.get("/api/v1/admin/overview").status_code == 401


def test_the_cookie_holds_a_key_the_database_keeps_only_hashed(app, admin_client):
    with admin_client.session_transaction() as session:
        key = session["desk_key"]
        assert set(session) <= {"desk_key", "csrf_token", "_permanent"}
    with session_factory(app)() as db:
        stored = db.scalars(sa.select(DeskSession.key_hash)).all()
    assert stored == [key_hash(key)] and key not in stored
