"""What several server processes must share goes through Redis (the login throttle, the phone
count), the screen-key kick reaches every process, and a Redis outage degrades to each process
serving its own phones and screens, with a warning on the desk, and catches up when Redis
returns. Redis here is a redis-server of the test's own (tests/own_redis.py), killed and
started again; the machine's Redis is never touched."""

import contextlib
import signal
import time

import requests
import socketio

from hall.roster.cards import CODE_TRIES
from hall.voting.receipts import new_receipt
from tests.live_server import live_server
from tests.own_redis import own_redis
from tests.recorder import Recorder
from tests.test_scale_out import demo_database  # noqa: F401 (a fixture)

PASSWORD = "shared-pass"


def servers(stack, url, tmp_path, redis_url):
    env = {"HALL_ADMIN_PASSWORD": PASSWORD, "HALL_MESSAGE_QUEUE": redis_url}
    first = stack.enter_context(live_server(url, tmp_path, env=env))
    second = stack.enter_context(live_server(url, tmp_path, env=env))
    return first, second


def desk_on(server) -> requests.Session:
    desk = requests.Session()
    login = desk.post(f"{server.url}/api/v1/admin/login", json={"password": PASSWORD})
    desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
    return desk


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def connect(stack, server, namespace, recorder_event, **options):
    client, recorder = socketio.Client(reconnection=False), Recorder()
    client.on(recorder_event, recorder.add, namespace=namespace)
    client.connect(server.url, namespaces=[namespace], wait_timeout=10, **options)
    stack.callback(client.disconnect)
    return client, recorder


def phone(stack, server, card):
    return connect(
        stack,
        server,
        "/deputy",
        "state",
        headers={"Cookie": f"hall_deputy={card}"},
        transports=["websocket"],
    )


def page(desk, server) -> str:
    return desk.get(f"{server.url}/admin/").text


def until(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_the_login_throttle_counts_across_processes(tmp_path, demo_database):  # noqa: F811
    url = demo_database[0]
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        first, second = servers(stack, url, tmp_path, redis_server.url)
        wrong = {"password": "not-it"}
        for server in (first, second, first, second, first):  # 5 wrong, from one address
            answer = requests.post(f"{server.url}/api/v1/admin/login", json=wrong)
            assert answer.status_code == 401
        right = requests.post(f"{second.url}/api/v1/admin/login", json={"password": PASSWORD})
        assert right.status_code == 429, "the second process counts the first one's failures"
        assert right.json()["error"]["code"] == "too_many_attempts"

        # The card-code throttle (wrong codes per phone) is kept in the database: shared too.
        phone = requests.Session()
        phone.get(f"{first.url}/c")  # the device cookie the limit is counted on
        for number in range(CODE_TRIES):
            server = (first, second)[number % 2]
            wrong = phone.post(f"{server.url}/api/v1/card-code", json={"code": f"{number:010d}"})
            assert wrong.json()["error"]["code"] == "code_invalid"
        refused = phone.post(f"{second.url}/api/v1/card-code", json={"code": "0000000099"})
        assert refused.status_code == 429


def screens_kicked_everywhere(stack, tmp_path, url, screen_key, desk_change):
    """A screen on each of two processes, then `desk_change(desk, server)` on the first: both
    screens are disconnected and the old key is refused. Answers the two servers and the desk's
    answer."""
    redis_server = stack.enter_context(own_redis(tmp_path))
    first, second = servers(stack, url, tmp_path, redis_server.url)
    screens = [
        connect(stack, server, "/screen", "snapshot", auth={"key": screen_key})[0]
        for server in (first, second)
    ]
    answer = desk_change(desk_on(first), first)
    until(lambda: not any(screen.connected for screen in screens), timeout=10)
    with contextlib.suppress(socketio.exceptions.ConnectionError):
        stale, _ = connect(stack, second, "/screen", "snapshot", auth={"key": screen_key})
        assert not stale.connected
    return second, answer


def test_a_screen_key_rotation_disconnects_screens_on_every_process(tmp_path, demo_database):  # noqa: F811
    url, _, screen_key, _, _ = demo_database
    with contextlib.ExitStack() as stack:
        second, rotated = screens_kicked_everywhere(
            stack,
            tmp_path,
            url,
            screen_key,
            lambda desk, server: desk.post(f"{server.url}/api/v1/admin/screen-key/rotate", json={}),
        )
        new_key = rotated.json()["screen_key"]
        _, snapshots = connect(stack, second, "/screen", "snapshot", auth={"key": new_key})
        assert snapshots.wait_for(lambda s: s["meeting"]["id"] == 1)


def test_a_new_meeting_disconnects_the_archived_meetings_screens_on_every_process(
    tmp_path,
    demo_database,  # noqa: F811
):
    url, _, screen_key, _, _ = demo_database
    meeting = {"name": "第四次会议", "year": 2027}
    with contextlib.ExitStack() as stack:
        _, made = screens_kicked_everywhere(
            stack,
            tmp_path,
            url,
            screen_key,
            lambda desk, server: desk.post(f"{server.url}/api/v1/admin/meetings", json=meeting),
        )
        assert made.status_code == 201, made.text


def test_a_redis_outage_degrades_to_each_process_and_catches_up(tmp_path, demo_database):  # noqa: F811
    url, cards, screen_key, ballot, projects = demo_database
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        first, second = servers(stack, url, tmp_path, redis_server.url)
        desk = desk_on(first)
        _, desk_snapshots = connect(
            stack, first, "/desk", "snapshot", headers={"Cookie": cookie_header(desk)}
        )
        phones = [
            phone(stack, server, card)
            for server, card in zip((first, second), cards[:2], strict=True)
        ]

        health_url = f"{first.url}/api/v1/admin/health"
        until(lambda: len(desk.get(health_url).json()["processes"]) == 2)
        until(lambda: desk.get(health_url).json()["phones"] == 2)
        health = desk.get(health_url).json()
        assert health["ok"] and health["queue"]["up"] and health["database"]["up"]
        assert sorted(p["port"] for p in health["processes"]) == sorted([first.port, second.port])

        redis_server.stop()
        desk_snapshots.items.clear()  # only what comes after
        desk_snapshots.wait_for(lambda s: s["queue"]["up"] is False)
        warned = page(desk, first)
        assert '<p id="queue-warning" class="rehearsal-banner" role="alert">' in warned
        assert "消息服务（Redis）中断" in warned
        health = desk.get(health_url).json()
        assert not health["ok"] and health["queue"]["up"] is False
        assert [p["shared"] for p in health["processes"]] == [False]  # only itself is known
        health_page = desk.get(f"{first.url}/admin/health").text
        assert "Redis 中断期间只能看到本进程" in health_page and "<td>中断</td>" in health_page
        # A screen connecting to a process started while Redis is down is served.
        second.restart()
        _, screen = connect(stack, second, "/screen", "snapshot", auth={"key": screen_key})
        screen.wait_for(lambda s: s["meeting"]["id"] == 1)
        phones[1] = phone(stack, second, cards[1])
        # Rehearsal entered on the first process: the second's phone shows it.
        desk.post(f"{first.url}/api/v1/admin/rehearsal", json={"on": True})
        phones[1][1].wait_for(lambda s: s["meeting"]["rehearsal"] is True)

        opened = desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/open", json={})
        assert opened.json()["state"] == "open"
        for client, states in phones:  # the second process's phone hears it from the database
            states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "open")
            sheet = {
                "ballot_id": ballot,
                "receipt": new_receipt(),
                "sheet": {"ratings": {str(projects[0]): "satisfied"}},
            }
            assert client.call("submit", sheet, namespace="/deputy", timeout=10)["ok"]
        screen.wait_for(lambda s: (s["ballot"] or {}).get("turnout", {}).get("voted") == 2)
        desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/close", json={})
        phones[1][1].wait_for(lambda s: (s["ballot"] or {}).get("state") == "closed")
        screen.wait_for(lambda s: (s["ballot"] or {}).get("state") == "closed")

        redis_server.start()
        desk_snapshots.items.clear()
        desk_snapshots.wait_for(lambda s: s["queue"]["up"] is True)
        until(
            lambda: (
                '"queue-warning" class="rehearsal-banner" role="alert" hidden' in page(desk, first)
            )
        )
        monitor = f"{first.url}/api/v1/admin/ballots/{ballot}/monitor"
        until(lambda: desk.get(monitor).json()["phones_connected"] == 2)
        # Through the queue again: a change on the first process reaches the second's screen.
        scene = desk.post(f"{first.url}/api/v1/admin/screen", json={"scene": "title"})
        assert scene.status_code == 200, scene.text
        screen.wait_for(lambda s: s["scene"] == "title")
        wiped = desk.post(f"{first.url}/api/v1/admin/rehearsal/wipe", json={})
        assert wiped.status_code == 200, wiped.text
        phones[1][1].wait_for(lambda s: s["meeting"]["rehearsal_wiped_at"] is not None)
        assert phones[1][1].items[-1]["ballot"] is None  # back to a draft: nothing to vote on
        assert "Traceback" not in first.output() + second.output()


def test_a_paused_redis_degrades_and_catches_up_too(tmp_path, demo_database):  # noqa: F811
    """SIGSTOP: Redis hangs instead of refusing (a frozen machine); nothing may wait on it."""
    url, cards, _, ballot, _ = demo_database
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(own_redis(tmp_path))
        first, second = servers(stack, url, tmp_path, redis_server.url)
        desk = desk_on(first)
        _, desk_snapshots = connect(
            stack, first, "/desk", "snapshot", headers={"Cookie": cookie_header(desk)}
        )
        _, states = phone(stack, second, cards[0])
        redis_server.process.send_signal(signal.SIGSTOP)
        stack.callback(
            lambda: redis_server.process and redis_server.process.send_signal(signal.SIGCONT)
        )
        desk_snapshots.items.clear()
        desk_snapshots.wait_for(lambda s: s["queue"]["up"] is False)
        opened = desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/open", json={})
        assert opened.json()["state"] == "open"
        states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "open")

        redis_server.process.send_signal(signal.SIGCONT)
        desk_snapshots.items.clear()
        desk_snapshots.wait_for(lambda s: s["queue"]["up"] is True)
        desk.post(f"{first.url}/api/v1/admin/ballots/{ballot}/close", json={})
        states.wait_for(lambda s: (s["ballot"] or {}).get("state") == "closed")
        assert "Traceback" not in first.output() + second.output()
