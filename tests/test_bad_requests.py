"""Hostile requests that once answered 500 (issue 10, point 8): each is refused with a stable
code, on SQLite and on PostgreSQL, and stores nothing. tests/test_fuzz.py looks for more."""

import json

import pytest
import sqlalchemy as sa

from hall.base.extensions import socketio
from hall.store.db import Base, session_factory
from hall.voting.receipts import new_receipt
from tests.conftest import ADMIN_PASSWORD, Factory

DEEP = 5_000  # levels: deeper than Python's JSON parser goes, a body of 10 KB
NOT_FOUND = "not_found"


def stored_rows(app) -> dict:
    """Every stored row, table by table, in an order that does not depend on the database."""
    engine = session_factory(app).kw["bind"]
    with engine.connect() as connection:
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture(params=["sqlite", "postgresql"])
def hall(request):
    """A meeting with a signed-in deputy, an open yes/no/abstain ballot, a closed one, a draft
    rating; the app on either database."""
    app = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    factory = Factory(app)
    meeting = factory.meeting()
    _, token = factory.deputy(meeting)
    yes_no = factory.ballot(meeting, candidates=3, places=2, form="yes_no_abstain")
    factory.set_state(yes_no, "open")
    closed = factory.ballot(meeting, candidates=3, places=2, form="yes_no_abstain")
    factory.set_state(closed, "closed")
    rating = factory.ballot(meeting, candidates=0, places=0, kind="rating", form="rating")
    admin = app.test_client()
    login = admin.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD})
    deputy = app.test_client()
    deputy.get(f"/d/{token}")
    return {
        "app": app,
        "clients": {"admin": admin, "deputy": deputy, "anonymous": app.test_client()},
        "csrf": login.get_json()["csrf_token"],
        "ballots": {"yes_no": yes_no, "closed": closed, "rating": rating},
    }


def nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


BIG = 2**63  # beyond any id: SQLite's INTEGER has 64 bits, PostgreSQL's 32
KEY_OF_5000_DIGITS = "9" * 5000  # Python's int() refuses text of over 4,300 digits
# (who, path, body, status, code); a body of bytes is sent as it is.
REFUSED = [
    ("admin", f"/api/v1/admin/ballots/{BIG}", None, 404, "not_found"),
    ("admin", f"/api/v1/admin/ballots/{2**31 - 1}", None, 404, "not_found"),  # the last id
    ("admin", f"/api/v1/admin/ballots/{2**31}", None, 404, "not_found"),  # beyond 32 bits
    ("admin", f"/api/v1/admin/ballots/{BIG - 1}/close", {}, 404, "not_found"),
    ("deputy", f"/api/v1/ballots/{10**30}/sheets", {"sheet": {}}, 404, "not_found"),
    ("admin", f"/api/v1/admin/accounts/{2**64}/password", {"password": "x" * 10}, 404, "not_found"),
    ("admin", f"/api/v1/admin/deputies/{BIG}/sign-in", {}, 404, "not_found"),
    ("admin", "/api/v1/admin/deputies/" + "9" * 5000 + "/leave", {}, 404, "not_found"),
    ("admin", "/api/v1/admin/ballots/{yes_no}/paper/voters", {"deputy_id": BIG}, 404, "not_found"),
    ("admin", "/api/v1/admin/ballots/{yes_no}/paper/voters", {"deputy_id": 2**40}, 404, NOT_FOUND),
    (
        "admin",
        "/api/v1/admin/cards/issue",
        {"confirm": True, "delegation_id": BIG},
        404,
        "not_found",
    ),
    ("admin", "/api/v1/admin/screen", {"scene": f"ballot:{BIG}"}, 400, "bad_request"),
    ("admin", "/api/v1/admin/screen", {"scene": "ballot:²"}, 400, "bad_request"),
    ("anonymous", "/api/v1/card-code", nested(DEEP), 400, "bad_request"),
    ("anonymous", "/api/v1/admin/login", b'{"password":' * DEEP, 400, "bad_request"),
    ("anonymous", "/api/v1/admin/login", {"username": {"a": 1}}, 400, "bad_request"),
    ("deputy", "/api/v1/me/sign-in", nested(DEEP), 400, "bad_request"),
    (
        "anonymous",
        "/api/v1/card-code",
        json.dumps({"code": "x" * 100_000}).encode(),
        413,
        "payload_too_large",
    ),
    (
        "admin",
        "/api/v1/admin/ballots/{yes_no}/open",
        b'{"countdown_seconds": NaN}',
        400,
        "bad_request",
    ),
    ("admin", "/api/v1/admin/ballots/{yes_no}/extend", {"seconds": 10**15}, 400, "bad_request"),
    ("admin", "/api/v1/admin/ballots/{rating}/settings", {"places": 10**30}, 400, "bad_request"),
    ("admin", "/api/v1/admin/meeting", {"quorum_fraction": "1e-5000"}, 400, "bad_request"),
    ("admin", "/api/v1/admin/ballots/{rating}/settings", {"places": 1001}, 400, "bad_request"),
    ("admin", "/api/v1/admin/meeting", {"threshold_fraction": "1/99999"}, 400, "bad_request"),
    ("admin", "/api/v1/admin/meeting", {"threshold_basis": []}, 400, "bad_request"),
    (
        "deputy",
        "/api/v1/ballots/{yes_no}/sheets",
        {"receipt": new_receipt(), "sheet": {"marks": {KEY_OF_5000_DIGITS: "yes"}}},
        400,
        "sheet_malformed",
    ),
    (
        "admin",
        "/api/v1/admin/ballots/{closed}/paper/sheets",
        {"sheet": {"marks": {KEY_OF_5000_DIGITS: "yes"}}},
        400,
        "sheet_malformed",
    ),
]


def test_hostile_requests_are_refused_with_a_code_and_store_nothing(hall):
    """Every case of REFUSED, on one app per database (apps are slow to make)."""
    wrong = []
    for who, path, body, status, code in REFUSED:
        before = stored_rows(hall["app"])
        client = hall["clients"][who]
        path = path.format(**hall["ballots"])
        headers = {"X-CSRFToken": hall["csrf"]} if who == "admin" else {}
        data = body if isinstance(body, bytes | None) else json.dumps(body).encode()
        method = "GET" if body is None else "POST"
        try:  # (the test app raises what a server would answer with a 500)
            answer = client.open(
                path, method=method, data=data, content_type="application/json", headers=headers
            )
        except Exception as error:
            wrong.append((path[:80], repr(error)[:100]))
            continue
        got = (answer.status_code, answer.get_json()["error"]["code"])
        if got != (status, code) or stored_rows(hall["app"]) != before:
            wrong.append((path[:80], got))
    assert wrong == []


SOCKET_REFUSED = [
    ({"ballot_id": BIG, "sheet": {}}, "not_found"),
    ({"ballot_id": "1", "sheet": {}}, "bad_request"),
    (
        {"ballot_id": "{yes_no}", "sheet": {"marks": {KEY_OF_5000_DIGITS: "yes"}}},
        "sheet_malformed",
    ),
    ({"ballot_id": "{yes_no}", "sheet": json.loads(nested(100))}, "bad_request"),
]


def test_hostile_sheets_on_the_socket_are_answered_with_a_code(hall):
    phone = socketio.test_client(
        hall["app"], namespace="/deputy", flask_test_client=hall["clients"]["deputy"]
    )
    wrong = []
    for message, code in SOCKET_REFUSED:
        message = dict(message, receipt=new_receipt())
        if message["ballot_id"] == "{yes_no}":
            message["ballot_id"] = hall["ballots"]["yes_no"]
        before = stored_rows(hall["app"])
        try:
            ack = phone.emit("submit", message, namespace="/deputy", callback=True)
        except Exception as error:
            wrong.append((code, repr(error)[:100]))
            continue
        if ack.get("ok") is not False or ack["error"]["code"] != code:
            wrong.append((code, ack))
        elif stored_rows(hall["app"]) != before:
            wrong.append((code, "stored"))
    phone.disconnect(namespace="/deputy")
    assert wrong == []


def test_an_unexpected_exception_on_the_api_is_still_json_with_a_code(tmp_path):
    """Nothing should raise, but if something does, a program is never handed an HTML page."""
    from tests.conftest import make_app

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers

    def broken():
        raise RuntimeError("a bug")

    app.add_url_rule("/api/v1/broken", "broken", broken)
    app.add_url_rule("/broken", "broken_page", broken)
    answer = app.test_client().get("/api/v1/broken")
    assert answer.status_code == 500
    assert answer.get_json()["error"]["code"] == "internal"
    page = app.test_client().get("/broken")
    assert page.status_code == 500 and "服务器内部错误" in page.get_data(as_text=True)


def nested_code(levels: int) -> dict:
    """`{"code": [[…]]}`: an object holding lists, `levels` deep in all."""
    return {"code": json.loads(nested(levels - 1))}


def test_a_body_may_nest_sixteen_levels_and_no_more(client):
    """A card code that is a list is refused by the card-code check (`code_invalid`), unless
    the body was already refused for its depth (`bad_request`)."""
    sixteen = client.post("/api/v1/card-code", json=nested_code(16))
    assert sixteen.get_json()["error"]["code"] == "code_invalid"
    seventeen = client.post("/api/v1/card-code", json=nested_code(17))
    assert seventeen.get_json()["error"]["code"] == "bad_request"


def test_a_submit_that_fails_inside_is_still_answered(app, factory, deputy_client, monkeypatch):
    """A phone left without an acknowledgement would wait for ever: a bug answers `internal`."""
    from hall.deputy import casting

    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    _, token = factory.deputy(meeting)

    def broken(**_):
        raise RuntimeError("a bug")

    monkeypatch.setattr(casting, "cast_and_announce", broken)
    phone = socketio.test_client(app, namespace="/deputy", flask_test_client=deputy_client(token))
    message = {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": []}}
    ack = phone.emit("submit", message, namespace="/deputy", callback=True)
    phone.disconnect(namespace="/deputy")
    assert ack["ok"] is False and ack["error"]["code"] == "internal"


def test_a_refusal_raised_below_hall_is_json_on_the_api(app, admin_client):
    """Werkzeug's own refusals (here a body over MAX_CONTENT_LENGTH) carry a code as well."""
    app.config["MAX_CONTENT_LENGTH"] = 1000
    answer = admin_client.post("/api/v1/admin/meetings", json={"name": "x" * 5000, "year": 2026})
    assert answer.status_code == 413
    assert answer.get_json()["error"]["code"] == "payload_too_large"


def test_a_search_for_a_nul_finds_nothing(hall):
    """PostgreSQL refuses NUL in a text parameter (found by the fuzz on PostgreSQL)."""
    ballot = hall["ballots"]["yes_no"]
    path = f"/api/v1/admin/ballots/{ballot}/paper/deputies?q=%00"
    answer = hall["clients"]["admin"].get(path)
    assert answer.status_code == 200 and answer.get_json() == {"deputies": []}


def test_a_search_longer_than_any_name_finds_nothing(hall):
    """The desk's deputy search with 100,000 characters (SQLite refused such a LIKE pattern)."""
    ballot = hall["ballots"]["yes_no"]
    path = f"/api/v1/admin/ballots/{ballot}/paper/deputies?q={'x' * 100_000}"
    answer = hall["clients"]["admin"].get(path)
    assert answer.status_code == 200 and answer.get_json() == {"deputies": []}


def test_a_lone_surrogate_in_a_json_body_is_a_bad_request(app, client):
    """ "\ud800" parses as JSON but is no text: hashing or storing it raised (found by the fuzz)."""
    body = '{"username": "admin", "password": "\\ud800"}'
    answer = client.post("/api/v1/admin/login", data=body, content_type="application/json")
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_request"
