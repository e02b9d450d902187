"""Observability: one log line per desk action and per refusal or error, as JSON when
configured, never holding a deputy's choice; and the desk's 系统状态 (processes, Redis, the
database, phones and screens connected)."""

import json
import logging

from hall.base.logs import JsonFormatter
from hall.voting.receipts import new_receipt
from tests.live_server import live_server, server_database


def json_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_a_desk_action_is_one_json_line_and_a_choice_is_never_in_one(
    app, factory, admin_client, caplog
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    items = factory.item_ids(ballot)
    _, token = factory.deputy(meeting)
    caplog.set_level(logging.DEBUG, logger="hall")
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open", json={}).status_code == 200
    phone = app.test_client()
    phone.set_cookie("hall_deputy", token)
    receipt = new_receipt()
    cast = phone.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": receipt, "sheet": {"approve": items[:2]}},
    )
    assert cast.status_code == 201
    refused = phone.post(f"/api/v1/ballots/{ballot}/sheets", json={"receipt": 5})
    assert refused.status_code == 400

    lines = json_lines(caplog)
    actions = [line for line in lines if line.get("kind") == "desk_action"]
    assert [line["action"] for line in actions] == ["ballot_open"]
    assert actions[0]["actor"] == "admin" and actions[0]["detail"]["ballot"] == ballot
    refusals = [line for line in lines if line.get("kind") == "refusal"]
    assert len(refusals) == 1 and refusals[0]["status"] == 400
    assert refusals[0]["path"] == f"/api/v1/ballots/{ballot}/sheets"
    everything = json.dumps(lines)
    assert "approve" not in everything and receipt not in everything


def test_an_error_line_names_the_error_as_json(caplog):
    caplog.set_level(logging.ERROR, logger="hall")
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        logging.getLogger("hall.test").exception("push failed")
    (line,) = json_lines(caplog)
    assert line["level"] == "ERROR" and line["error"] == "RuntimeError"
    assert line["message"] == "push failed" and "Traceback" in line["trace"]


def test_run_py_logs_json_when_told(tmp_path):
    url, _ = server_database(tmp_path)
    env = {"HALL_LOG_JSON": "1", "HALL_ADMIN_PASSWORD": "json-pass"}
    import requests

    with live_server(url, tmp_path, env=env) as server:
        desk = requests.Session()
        login = desk.post(f"{server.url}/api/v1/admin/login", json={"password": "json-pass"})
        desk.headers["X-CSRFToken"] = login.json()["csrf_token"]
        made = desk.post(
            f"{server.url}/api/v1/admin/meetings", json={"name": "日志测试会议", "year": 2026}
        )
        assert made.status_code in (200, 201), made.text
        requests.get(f"{server.url}/api/v1/admin/overview")  # not logged in: refused
        output = server.output()
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    kinds = [line.get("kind") for line in lines]
    assert "desk_action" in kinds and "refusal" in kinds
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)


def test_the_health_view_of_one_process(app, admin_client):
    health = admin_client.get("/api/v1/admin/health").get_json()
    assert health["ok"] is True
    assert health["database"]["up"] and health["database"]["current"]
    assert health["queue"] == {"configured": False, "up": True, "down_since": None}
    (process,) = health["processes"]
    assert process["shared"] is False and process["phones"] == health["phones"] == 0
    page = admin_client.get("/admin/health").get_data(as_text=True)
    assert "系统状态" in page and 'id="health-summary"' in page and "全部正常" in page
    assert "单进程运行，无需 Redis" in page
    assert app.test_client().get("/api/v1/admin/health").status_code == 401
    created = admin_client.post(
        "/api/v1/admin/accounts", json={"username": "jianpiao", "password": "scrutinize"}
    )
    assert created.status_code == 201
    scrutineer = app.test_client()
    login = scrutineer.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutinize"}
    )
    assert login.status_code == 200
    assert scrutineer.get("/api/v1/admin/health").get_json()["database"]["up"]
