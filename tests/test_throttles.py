"""Throttles that stop guessing without locking out the innocent: logins per address and per
account, card codes per phone with a far higher ceiling per address (the hall's phones share
one behind NAT), and X-Forwarded-For believed only from the configured proxies."""

import pytest

from hall.accounts.users import add_scrutineer
from hall.base.config import TestConfig
from hall.roster import cards
from hall.store.db import write_session
from tests.conftest import ADMIN_PASSWORD, make_app
from tests.test_cards import issue_by_api, type_code, wrong_code

SCRUTINEER, SCRUTINEER_PASSWORD = "jianpiao", "scrutineer-pass-2026"


def log_in(app, username: str, password: str, **request) -> int:
    answer = app.test_client().post(
        "/api/v1/admin/login", json={"username": username, "password": password}, **request
    )
    return answer.status_code


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


@pytest.fixture
def scrutineer(app):
    with write_session(app) as db:
        add_scrutineer(db, SCRUTINEER, SCRUTINEER_PASSWORD, "admin")


# Logins


def test_logging_in_to_ones_own_account_buys_no_more_guesses_at_another(app, scrutineer):
    for _ in range(4):
        assert log_in(app, "admin", "a-guess") == 401
        assert log_in(app, SCRUTINEER, SCRUTINEER_PASSWORD) == 200
    assert log_in(app, "admin", "a-guess") == 401
    assert log_in(app, "admin", ADMIN_PASSWORD) == 429


def test_a_success_clears_its_own_accounts_failures_from_its_own_address(app):
    for _ in range(3):
        for _ in range(4):
            assert log_in(app, "admin", "a-typo") == 401
        assert log_in(app, "admin", ADMIN_PASSWORD) == 200


def test_guesses_at_one_account_spread_over_many_addresses_stop(app, scrutineer):
    for number in range(15):
        assert log_in(app, "admin", "a-guess", **from_address(f"10.0.1.{number}")) == 401
    assert log_in(app, "admin", ADMIN_PASSWORD, **from_address("10.0.2.1")) == 429
    assert log_in(app, SCRUTINEER, SCRUTINEER_PASSWORD, **from_address("10.0.2.1")) == 200


def test_one_address_alone_cannot_lock_an_account_out(app):
    for _ in range(5):
        assert log_in(app, "admin", "a-guess", **from_address("10.0.3.1")) == 401
    assert log_in(app, "admin", ADMIN_PASSWORD, **from_address("10.0.3.1")) == 429
    assert log_in(app, "admin", ADMIN_PASSWORD, **from_address("10.0.3.2")) == 200


def test_a_name_that_does_not_exist_is_throttled_like_one_that_does(app):
    for _ in range(5):
        assert log_in(app, "nobody", "a-guess") == 401
    assert log_in(app, "nobody", "a-guess") == 429


# Card codes on /c


@pytest.fixture
def card(factory, admin_client):
    factory.deputies(factory.meeting(), 2)
    return issue_by_api(admin_client)


def test_one_phones_wrong_codes_do_not_shut_c_for_the_hall_behind_its_nat(app, card):
    guesser = app.test_client()
    for number in range(10):
        type_code(guesser, wrong_code(number))
    assert type_code(guesser, card[0]["short_code"]).status_code == 429
    neighbour = app.test_client()  # another phone, the same address
    assert type_code(neighbour, card[1]["short_code"]).status_code == 302


def test_typing_the_same_wrong_code_again_uses_no_further_try(app, card):
    phone = app.test_client()
    first = type_code(phone, wrong_code(1)).get_data(as_text=True)
    again = type_code(phone, wrong_code(1)).get_data(as_text=True)
    assert "还可以再试 9 次" in first and "还可以再试 9 次" in again
    third = type_code(phone, wrong_code(2)).get_data(as_text=True)
    assert "还可以再试 8 次" in third


def test_an_address_has_a_ceiling_however_many_phones_it_claims(app, card, monkeypatch):
    monkeypatch.setattr(cards, "CODE_TRIES_PER_ADDRESS", 25)
    typed = 0
    while typed < 25:  # a new "phone" (device cookie) every 9 guesses
        phone = app.test_client()
        for _ in range(min(9, 25 - typed)):
            assert type_code(phone, wrong_code(typed)).status_code == 400
            typed += 1
    fresh = type_code(app.test_client(), card[0]["short_code"])
    assert fresh.status_code == 429
    elsewhere = type_code(app.test_client(), card[0]["short_code"], **from_address("10.9.9.9"))
    assert elsewhere.status_code == 302


def test_clients_without_a_device_cookie_share_one_phones_allowance(app, card):
    script = app.test_client()  # the API sets no cookie on a wrong code
    for number in range(10):
        wrong = script.post("/api/v1/card-code", json={"code": wrong_code(number)})
        assert wrong.status_code == 400
    assert script.get_cookie(cards.DEVICE_COOKIE) is None
    refused = app.test_client().post("/api/v1/card-code", json={"code": card[0]["short_code"]})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_attempts"
    phone = app.test_client()
    assert type_code(phone, card[0]["short_code"]).status_code == 302


# X-Forwarded-For


@pytest.fixture
def proxied_app(tmp_path, monkeypatch):
    """The app behind one proxy, which runs on this machine (the default proxy addresses)."""
    monkeypatch.setattr(TestConfig, "TRUSTED_PROXIES", 1, raising=False)
    return make_app(tmp_path, f"sqlite:///{tmp_path / 'hall.sqlite3'}")


def test_x_forwarded_for_from_a_peer_that_is_no_proxy_is_ignored(proxied_app):
    direct = from_address("10.0.0.5")
    for number in range(5):
        spoofed = {"X-Forwarded-For": f"172.16.0.{number}"}
        assert log_in(proxied_app, "admin", "a-guess", headers=spoofed, **direct) == 401
    fresh = {"X-Forwarded-For": "172.16.1.1"}
    assert log_in(proxied_app, "admin", ADMIN_PASSWORD, headers=fresh, **direct) == 429


def test_x_forwarded_for_from_the_proxy_names_the_phone(proxied_app):
    proxy = from_address("127.0.0.1")
    for _ in range(5):
        guesser = {"X-Forwarded-For": "172.16.0.1"}
        assert log_in(proxied_app, "admin", "a-guess", headers=guesser, **proxy) == 401
    assert log_in(proxied_app, "admin", ADMIN_PASSWORD, headers=guesser, **proxy) == 429
    other = {"X-Forwarded-For": "172.16.0.2"}
    assert log_in(proxied_app, "admin", ADMIN_PASSWORD, headers=other, **proxy) == 200
