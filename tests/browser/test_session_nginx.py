"""The browser session (test_session.py: three phones, the hall screen, the desk) through nginx
on the shipped configuration, in front of two run.py processes on PostgreSQL with Redis
(tests/nginx.py), on WebSocket; and a phone whose WebSocket is blocked, on long-polling
(test_recovery.py's). Each browser reaches whichever process nginx picks for it; everything a
page shows must still follow the session."""

import pytest

from tests.browser.conftest import Hall, prepare_database
from tests.browser.pages import ADMIN_PASSWORD, COMMON_CONTEXT, TIMEOUT_MS
from tests.browser.test_recovery import (
    test_a_phone_whose_websocket_is_blocked_gets_the_ballot_and_votes_over_polling as polling,
)
from tests.browser.test_session import (
    test_a_session_from_sign_in_to_the_published_result as session_through_the_pages,
)
from tests.conftest import postgres_schema
from tests.nginx import scale_out
from tests.own_redis import own_redis


@pytest.fixture
def hall(tmp_path, browser):
    """The prepared session on PostgreSQL, served by two processes behind nginx (https)."""
    with postgres_schema() as url:
        prepared = prepare_database(tmp_path, url=url)
        prepared.pop("url")
        environment = {"HALL_ADMIN_PASSWORD": ADMIN_PASSWORD}
        with (
            own_redis(tmp_path) as redis_server,
            scale_out(url, tmp_path, redis_server.url, environment) as stack,
        ):
            yield Hall(stack.servers[0], stack.url, **prepared)


@pytest.fixture
def new_context(browser):
    """As the suite's, trusting the test's self-signed certificate (a hall installs its CA)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**(COMMON_CONTEXT | {"ignore_https_errors": True} | options))
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def test_the_session_through_nginx(hall, open_desk, open_screen, open_phone):
    session_through_the_pages(hall, open_desk, open_screen, open_phone)


def test_a_long_polling_phone_through_nginx(hall, open_desk, new_context):
    polling(hall, open_desk, new_context)
