"""What the browser is told: a Content Security Policy that templates can keep (no inline
script), no framing, no sniffing, no referrer to other sites; Secure cookies over HTTPS; /c
refusing a form posted from another site (login CSRF); and a login whose time does not tell
which names exist."""

import json
import re
from pathlib import Path

import pytest

from hall.admin import auth
from hall.base.config import TestConfig
from hall.roster.credentials import COOKIE_NAME
from tests.conftest import make_app
from tests.test_cards import issue_by_api, type_code

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def policy(answer) -> dict[str, list[str]]:
    text = answer.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in text.split(";") if part.strip()}


def assert_protected(answer, framed_by="'none'", frame_options="DENY") -> None:
    directives = policy(answer)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"], "no inline script, no eval"
    assert directives["frame-ancestors"] == [framed_by]
    assert directives["object-src"] == ["'none'"]
    assert set(directives["connect-src"]) >= {"'self'", "ws://localhost", "wss://localhost"}
    assert answer.headers["X-Frame-Options"] == frame_options
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/c",
        "/receipt",
        "/phone",
        "/admin/login",
        "/admin/",
        "/api/v1/me",
        "/api/v1/admin/overview",
        "/api/v1/screen/snapshot?key=screen-key",
        "/healthz",
        "/static/css/phone.css",
        "/no-such-page",
    ],
)
def test_every_page_and_api_answer_carries_the_security_headers(app, factory, path):
    factory.meeting()
    assert_protected(app.test_client().get(path))


def test_the_screen_page_may_be_framed_by_the_dashboards_preview_only(app, factory):
    factory.meeting()
    screen = app.test_client().get("/screen?key=screen-key")
    assert screen.status_code == 200
    assert_protected(screen, framed_by="'self'", frame_options="SAMEORIGIN")


def test_the_desk_pages_carry_them_when_logged_in(factory, admin_client):
    factory.ballot(factory.meeting())
    for path in ("/admin/", "/admin/settings", "/api/v1/admin/overview", "/admin/audit"):
        answer = admin_client.get(path)
        assert answer.status_code == 200
        assert_protected(answer)


def test_no_template_runs_inline_script():
    """What the policy's script-src 'self' needs: scripts from files only, no on* handlers."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template


# Cookies


def set_cookies(answer) -> dict[str, str]:
    return {line.split("=", 1)[0]: line for line in answer.headers.getlist("Set-Cookie")}


def test_cookies_are_secure_over_https_and_not_over_plain_http(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    over_http = set_cookies(app.test_client().get("/c"))
    assert over_http and not any("Secure" in line for line in over_http.values())
    phone = app.test_client()
    # Over HTTPS the CSRF check also wants the same-origin referrer a browser sends.
    https = {"base_url": "https://hall.test", "headers": {"Referer": "https://hall.test/c"}}
    form = set_cookies(phone.get("/c", **https))
    assert {"session", "hall_device"} <= set(form)
    opened = type_code(phone, card["short_code"], **https)
    assert opened.status_code == 302
    cookies = {**form, **set_cookies(opened)}
    assert COOKIE_NAME in cookies
    for line in cookies.values():
        assert "; Secure" in line and "HttpOnly" in line and "SameSite=Lax" in line


def test_the_desk_session_cookie_is_secure_over_https(app):
    answer = app.test_client().post(
        "/api/v1/admin/login",
        json={"password": TestConfig.ADMIN_PASSWORD},
        base_url="https://hall.test",
    )
    session = set_cookies(answer)["session"]
    assert "; Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session


def test_secure_cookies_can_be_asked_for_by_configuration(app):
    app.config["SECURE_COOKIES"] = "1"  # as HALL_SECURE_COOKIES=1 gives it
    assert "; Secure" in set_cookies(app.test_client().get("/c"))["session"]


@pytest.fixture
def proxied_app(tmp_path, monkeypatch):
    monkeypatch.setattr(TestConfig, "TRUSTED_PROXIES", 1, raising=False)
    return make_app(tmp_path, f"sqlite:///{tmp_path / 'hall.sqlite3'}")


def test_https_is_believed_from_the_proxy_only(proxied_app):
    forwarded = {"X-Forwarded-Proto": "https"}
    via_proxy = proxied_app.test_client().get("/c", headers=forwarded)
    assert "; Secure" in set_cookies(via_proxy)["session"]
    direct = proxied_app.test_client().get(
        "/c", headers=forwarded, environ_base={"REMOTE_ADDR": "10.0.0.5"}
    )
    assert "Secure" not in set_cookies(direct)["session"]


# Login CSRF on /c


def test_a_code_form_posted_from_another_site_opens_no_card(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    attacker = app.test_client()
    attacker_page = attacker.get("/c").get_data(as_text=True)
    attacker_token = re.search(r'name="csrf_token" value="([^"]+)"', attacker_page).group(1)
    victim = app.test_client()
    for form in (
        {"code": card["short_code"]},
        {"code": card["short_code"], "csrf_token": attacker_token},
    ):
        refused = victim.post("/c", data=form)
        assert refused.status_code == 400
        page = refused.get_data(as_text=True)
        assert "不是从本系统打开的" in page and 'data-code="csrf_failed"' in page
        assert COOKIE_NAME not in set_cookies(refused)
        assert victim.get("/api/v1/me").status_code == 401
    # The page it answered is the form again, with a token of its own: typing once more works.
    assert type_code(victim, card["short_code"]).status_code == 302
    assert victim.get("/api/v1/me").status_code == 200


def test_the_code_api_takes_only_json_which_no_other_site_can_send(app, factory, admin_client):
    factory.deputy(factory.meeting())
    (card,) = issue_by_api(admin_client)
    phone = app.test_client()
    as_form = phone.post(
        "/api/v1/card-code",
        data=json.dumps({"code": card["short_code"]}),
        content_type="text/plain",
    )
    assert as_form.status_code == 400 and COOKIE_NAME not in set_cookies(as_form)


# Login timing


def test_a_login_as_a_name_that_does_not_exist_still_checks_a_password_hash(app, monkeypatch):
    checked = []

    def counting(stored, password):
        checked.append(stored)
        return real(stored, password)

    real = auth.check_password_hash
    monkeypatch.setattr(auth, "check_password_hash", counting)
    answer = app.test_client().post(
        "/api/v1/admin/login", json={"username": "nobody", "password": "a-guess"}
    )
    assert answer.status_code == 401
    method = app.config["PASSWORD_HASH_METHOD"]
    assert len(checked) == 1 and checked[0].startswith(method), "as costly as a real one"
    known = app.test_client().post(
        "/api/v1/admin/login", json={"username": "admin", "password": "a-guess"}
    )
    assert len(checked) == 2 and checked[1].split("$")[0] == checked[0].split("$")[0]
    assert known.get_json() == answer.get_json(), "the same answer for both"
