"""The public's proposal limits hold across server processes (hall/proposals/shared_window.py):
counted in Redis when there is one, in each process while Redis does not answer."""

import contextlib

import requests

from hall.proposals.guard import Window
from hall.proposals.shared_window import SharedWindow
from tests.conftest import REDIS_URL
from tests.live_server import live_server
from tests.own_redis import own_redis
from tests.proposals_helpers import round_body
from tests.test_scale_out import demo_database  # noqa: F401 (a fixture)
from tests.test_shared_redis import PASSWORD, desk_on

TITLES = (
    "幸福小区加装电梯",
    "校门口增设红绿灯",
    "菜市场改造提升",
    "公园增设公厕",
    "老街雨污分流",
    "社区食堂扩面",
)


def test_two_processes_count_one_window(redis_channel):
    first, second = (SharedWindow("device", Window(3, 600)) for _ in range(2))
    for window in (first, second):
        window.share(REDIS_URL, redis_channel)
    assert [first.take("phone"), second.take("phone"), first.take("phone")] == [True] * 3
    assert second.take("phone") is False and first.take("phone") is False
    assert second.take("another phone") is True  # per key
    alone = SharedWindow("device", Window(3, 600))  # no Redis: counts on its own
    assert [alone.take("phone") for _ in range(4)] == [True, True, True, False]


def test_without_redis_each_process_still_counts(redis_channel):
    window = SharedWindow("device", Window(2, 600))
    window.share("redis://127.0.0.1:1/0", redis_channel)  # nothing listens there
    assert [window.take("phone") for _ in range(3)] == [True, True, False]


def test_a_device_s_proposals_are_limited_across_processes(tmp_path, demo_database):  # noqa: F811
    url = demo_database[0]
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        env = {
            "HALL_ADMIN_PASSWORD": PASSWORD,
            "HALL_MESSAGE_QUEUE": redis_server.url,
            "HALL_PROPOSAL_MIN_FILL_SECONDS": "0",
        }
        servers = [stack.enter_context(live_server(url, tmp_path, env=env)) for _ in range(2)]
        opened = desk_on(servers[0]).post(
            f"{servers[0].url}/api/v1/admin/proposal-round", json=round_body()
        )
        assert opened.status_code == 200, opened.text
        phone = requests.Session()  # one device: its cookie goes to both processes
        token = phone.get(f"{servers[0].url}/api/v1/public/round").json()["form_token"]
        answers = []
        for number, title in enumerate(TITLES):  # the limit is 5 a device in 10 minutes
            body = {
                "area": "养老",
                "title": title,
                "body": f"{title}：群众反映强烈，建议尽快办理。",
            }
            server = servers[number % 2]
            sent = phone.post(
                f"{server.url}/api/v1/public/proposals", json={**body, "form_token": token}
            )
            answers.append(sent.status_code)
        assert answers == [201] * 5 + [429], "each process alone would have let the sixth in"
