"""问需于民 on PostgreSQL: the same answers as on SQLite for proposing, the similar search,
support, merge, the group commit's savepoints, and a candidate's provenance."""

from hall.proposals import guard
from hall.proposals.writer import submit_many
from tests.conftest import ADMIN_PASSWORD, Factory
from tests.proposals_helpers import Visitor, answer, no_fill_wait, open_round


def desk_client(app):
    client = app.test_client()
    token = client.post("/api/v1/admin/login", json={"password": ADMIN_PASSWORD}).get_json()
    original = client.post

    def post(*args, **kwargs):
        kwargs.setdefault("headers", {})["X-CSRFToken"] = token["csrf_token"]
        return original(*args, **kwargs)

    client.post = post
    return client


def test_proposals_on_postgresql(pg_app):
    Factory(pg_app).meeting()
    no_fill_wait(pg_app)
    desk = desk_client(pg_app)
    open_round(desk)
    first = Visitor(pg_app).propose("幸福小区加装电梯").get_json()
    second = Visitor(pg_app).propose("幸福小区三幢加装电梯").get_json()
    found = Visitor(pg_app).get("/api/v1/public/proposals/similar?q=小区加装电梯").get_json()
    assert {p["id"] for p in found["proposals"]} == {first["id"], second["id"]}
    Visitor(pg_app).support(second["id"])
    merged = desk.post(
        "/api/v1/admin/proposals/merge",
        json={"target_id": first["id"], "source_ids": [second["id"]]},
    ).get_json()
    assert merged["supports"] == 1
    answer(desk, first["id"])
    made = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [first["id"]], "name": "加装电梯"},
    )
    assert made.get_json()["provenance"]["text"] == "来源：群众建议 2 条，附议 1 人"
    queue = desk.get("/api/v1/admin/proposals?q=三幢&state=merged").get_json()
    assert [p["id"] for p in queue["proposals"]] == [second["id"]]
    guard.reset()


def test_the_group_commit_rolls_back_only_the_refused_on_postgresql(pg_app):
    Factory(pg_app).meeting()
    open_round(desk_client(pg_app))
    good = {"area": "交通", "title": "一号路口增设红绿灯", "body": "上下学时段车多，过马路危险。"}
    answers = submit_many([good, good, good | {"title": "二号路口增设红绿灯"}], pg_app)
    assert [getattr(a, "code", "ok") for a in answers] == ["ok", "duplicate_text", "ok"]
