"""Who may call each proposal endpoint: the public (no login), a deputy (the card), the desk's
admin, and a scrutineer (reads everything, changes nothing). The table below must name every
new route; a test checks it against the url map, so a route added later cannot be forgotten."""

import pytest

from hall.accounts.users import add_scrutineer
from hall.proposals import guard
from hall.store.db import write_session
from tests.proposals_helpers import Visitor, no_fill_wait, open_round

PUBLIC, DEPUTY, READ, WRITE = "public", "deputy", "desk-read", "desk-write"
# (method, rule) -> who may: public (anyone), deputy (a card), desk-read (admin + scrutineer),
# desk-write (admin only).
RULES = {
    ("GET", "/propose"): PUBLIC,
    ("POST", "/propose"): PUBLIC,
    ("GET", "/propose/s"): PUBLIC,
    ("GET", "/propose/s/<code>"): PUBLIC,
    ("GET", "/propose/poster"): PUBLIC,
    ("GET", "/api/v1/public/round"): PUBLIC,
    ("GET", "/api/v1/public/proposals/similar"): PUBLIC,
    ("POST", "/api/v1/public/proposals"): PUBLIC,
    ("POST", "/api/v1/public/proposals/<int:proposal_id>/support"): PUBLIC,
    ("GET", "/api/v1/public/proposals/<code>"): PUBLIC,
    ("GET", "/phone/proposals"): PUBLIC,  # a shell page; its API needs the card
    ("GET", "/api/v1/me/proposals"): DEPUTY,
    ("POST", "/api/v1/me/proposals"): DEPUTY,
    ("GET", "/api/v1/ballots/<int:ballot_id>/provenance"): DEPUTY,
    ("GET", "/api/v1/admin/proposals"): READ,
    ("GET", "/api/v1/admin/proposals/<int:proposal_id>"): READ,
    ("GET", "/api/v1/admin/proposals/<int:proposal_id>/contact"): WRITE,
    ("POST", "/api/v1/admin/proposals/<int:proposal_id>/hide"): WRITE,
    ("POST", "/api/v1/admin/proposals/<int:proposal_id>/unhide"): WRITE,
    ("POST", "/api/v1/admin/proposals/merge"): WRITE,
    ("POST", "/api/v1/admin/proposals/<int:proposal_id>/department"): WRITE,
    ("POST", "/api/v1/admin/proposals/<int:proposal_id>/answer"): WRITE,
    ("GET", "/api/v1/admin/proposals/stats"): READ,
    ("GET", "/api/v1/admin/proposals/export.xlsx"): READ,
    ("GET", "/api/v1/admin/proposal-round"): READ,
    ("POST", "/api/v1/admin/proposal-round"): WRITE,
    ("POST", "/api/v1/admin/candidates/from-proposals"): WRITE,
    ("POST", "/api/v1/admin/candidates/<int:candidate_id>/proposals"): WRITE,
    ("GET", "/api/v1/admin/candidates/provenance"): READ,
    ("GET", "/admin/proposals"): READ,
}
ENDPOINT_MODULES = (
    "hall.public.proposal",  # not hall.public.progress: tests/test_supervision_access.py
    "hall.deputy.proposals",
    "hall.admin.proposal_views",
    "hall.admin.proposal_candidates",
    "hall.admin.proposal_pages",
)


def test_the_table_names_every_proposal_route(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        module = app.view_functions[rule.endpoint].__module__
        if module.startswith(ENDPOINT_MODULES):
            routes |= {(method, rule.rule) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == set(RULES)


@pytest.fixture
def clients(app, factory, admin_client, deputy_client):
    meeting = factory.meeting()
    no_fill_wait(app)
    open_round(admin_client)
    with write_session(app) as db:
        add_scrutineer(db, "jianpiao", "scrutineer-pass", "admin")
    scrutineer = app.test_client()
    token = scrutineer.post(
        "/api/v1/admin/login", json={"username": "jianpiao", "password": "scrutineer-pass"}
    ).get_json()["csrf_token"]
    _, card = factory.deputy(meeting)
    ballot = factory.ballot(meeting, candidates=2)
    proposal = Visitor(app).propose().get_json()
    yield (
        {
            "anonymous": (app.test_client(), None),
            "deputy": (deputy_client(card), None),
            "scrutineer": (scrutineer, token),
            "admin": (admin_client, None),
        },
        {
            "code": proposal["code"],
            "proposal_id": proposal["id"],
            "ballot_id": ballot,
            "candidate_id": factory.item_ids(ballot)[0],
        },
    )
    guard.reset()


def _path(rule: str, ids: dict) -> str:
    for name, value in ids.items():
        rule = rule.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return rule


def _call(client, token, method, path):
    if method == "GET":
        return client.get(path)
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(path, json={}, headers=headers)


@pytest.mark.parametrize("role", ["anonymous", "deputy", "scrutineer", "admin"])
def test_each_role_is_let_in_or_refused_as_the_table_says(clients, role):
    by_role, ids = clients
    client, token = by_role[role]
    for (method, rule), who in RULES.items():
        answer = _call(client, token, method, _path(rule, ids))
        allowed = (
            who == PUBLIC
            or (who == DEPUTY and role == "deputy")
            or (who == READ and role in ("scrutineer", "admin"))
            or (who == WRITE and role == "admin")
        )
        code = (answer.get_json(silent=True) or {}).get("error", {}).get("code")
        refused = code in ("unauthenticated", "forbidden", "csrf_failed") or (
            answer.status_code == 302 and "/admin/login" in answer.location
        )
        assert answer.status_code < 500, (method, rule, role)
        assert refused != allowed, (method, rule, role, answer.status_code, code)
