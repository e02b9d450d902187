"""Fuzzing the API: every JSON endpoint (each /api/ route and method of the url map, as
anonymous, deputy, scrutineer and admin) and the phone socket's `submit`, with hostile ids and
bodies, on SQLite and PostgreSQL. No answer may be a 5xx (nor an exception), a refusal is JSON
with a stable code, and a refusal stores nothing.

By default 2,000 HTTP requests and 600 socket messages on SQLite, 300 and 100 on PostgreSQL.
HALL_FUZZ_EXAMPLES=N makes N of each on SQLite and N/5 on PostgreSQL:
`HALL_FUZZ_EXAMPLES=10000 python -m pytest -q -s tests/test_fuzz.py` is the run recorded in
docs/security.md (`-s` shows how many requests got which answer).
"""

import collections
import json
import os
import re
import sqlite3
from urllib.parse import quote, urlencode

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hall.accounts.users import add_scrutineer
from hall.admin.auth import throttle
from hall.ballots.drafts import EDITABLE
from hall.base.extensions import socketio
from hall.demo.load import load_demo
from hall.live.state import live
from hall.meeting.settings import COUNTING, FREE
from hall.proposals import guard as proposal_guard
from hall.roster.cards import DEVICE_COOKIE
from hall.roster.credentials import COOKIE_NAME
from hall.store.db import Base, session_factory, write_session
from hall.voting import receipt_check
from hall.voting.receipts import new_receipt
from tests.conftest import ADMIN_PASSWORD, Factory, make_app, postgres_schema
from tests.proposals_helpers import round_body
from tests.test_bad_requests import stored_rows

EXAMPLES = int(os.environ.get("HALL_FUZZ_EXAMPLES", "0"))
# (HTTP requests, socket messages) per database; PostgreSQL compares every table after each
# request that wrote (a SQLite connection tells cheaply whether anything was committed).
COUNTS = {
    "sqlite": (EXAMPLES or 2000, EXAMPLES or 600),
    "postgresql": (EXAMPLES // 5 or 300, EXAMPLES // 5 or 100),
}
FUZZ = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
SCRUTINEER, SCRUTINEER_PASSWORD = "jianpiao", "scrutineer-pass-2026"
TALLY = collections.Counter()  # (database, surface, answer) -> examples; printed at the end
# Tables that record a refusal on purpose (wrong card codes are counted per address), and the
# desk sessions, whose last-seen time any request of a logged-in desk moves on.
RECORDS_OF_REFUSALS = {"code_attempts", "desk_sessions"}
COOKIES = ("session", COOKIE_NAME, DEVICE_COOKIE)  # the desk's session, the card, the phone
# Answers that are files, not JSON.
DOWNLOADS = re.compile(r"/(export|templates/[a-z-]+|audit)\.(xlsx|csv)$")


# The world: the demo meeting with ballots in every state, and a client for each role


class World:
    """The app, its clients by role, the ids of real rows, and the rows as built."""

    def __init__(self, app):
        self.app = app
        self.engine = session_factory(app).kw["bind"]
        self.clients = {}  # role -> test client
        self.cookies = {}  # role -> {cookie name: value} to restore
        self.csrf = {}  # role -> CSRF token for its POSTs
        self.ids = {}  # path argument -> ids of real rows
        self.items = []  # candidate and project ids on the ballots
        self.receipts = []  # receipts of sheets in the box
        self.forms = {}  # ballot id (as text) -> its form: approve, yes_no_abstain, rating
        self.rows = {}  # table -> its rows as built
        self.stored = {}  # stored_rows() as built
        self.form_token = ""  # the public proposal page's form token (问需于民)
        # On SQLite, PRAGMA data_version on a connection of its own moves when any other one
        # commits: most requests commit nothing, and need no comparing of rows.
        self.watch = None
        if self.engine.dialect.name == "sqlite":
            self.watch = sqlite3.connect(self.engine.url.database, isolation_level=None)
        self.version = None

    def __repr__(self):  # hypothesis prints the arguments of a failing example
        return f"World({self.engine.dialect.name})"


def _log_in(app, username: str, password: str):
    client = app.test_client()
    answer = client.post("/api/v1/admin/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.get_json()
    return client, answer.get_json()["csrf_token"]


def _admin_post(world: World, path: str, **body) -> dict:
    answer = world.clients["admin"].post(
        path, json=body, headers={"X-CSRFToken": world.csrf["admin"]}
    )
    assert answer.status_code < 300, (path, answer.get_json())
    return answer.get_json()


def _ballot(world: World, open_it=False, close=False, publish=False, paper=(), **fields) -> int:
    """A ballot made through the desk's API, taken as far along its life as asked."""
    ballot = _admin_post(world, "/api/v1/admin/ballots", **fields)["id"]
    base = f"/api/v1/admin/ballots/{ballot}"
    for deputy_id in paper:
        _admin_post(world, f"{base}/paper/voters", deputy_id=deputy_id)
    if open_it:
        _admin_post(world, f"{base}/open", countdown_seconds=3600)
    if close:
        _admin_post(world, f"{base}/close")
    if publish:
        _admin_post(world, f"{base}/publish")
    return ballot


def _supervision(world: World, deputy_id: int) -> dict:
    """The register's first project with a 具体项目, a group holding `deputy_id`, a department
    (a client of its own) and its report, an inspection with a 整改: ids by path argument."""
    register = world.clients["admin"].get("/api/v1/admin/register").get_json()
    project = register["projects"][0]["id"]
    item = {"name": "电线改造", "target": 100, "unit": "户", "deadline": "2027-06-30"}
    item = _admin_post(world, f"/api/v1/admin/register/projects/{project}/items", **item)
    group = {
        "name": "第一组",
        "leader": "常委",
        "deputy_ids": [deputy_id],
        "project_ids": [project],
    }
    group = _admin_post(world, "/api/v1/admin/supervision-groups", **group)
    department = {"username": "bumen", "password": "department-2027"}
    user = _admin_post(
        world, "/api/v1/admin/department-accounts", department=item["lead_department"], **department
    )
    world.clients["department"], world.csrf["department"] = _log_in(world.app, **department)
    line = {"item_id": item["items"][0]["id"], "achieved": 40, "account": "进行中"}
    report = world.clients["department"].post(
        "/api/v1/office/reports",
        json={"period": "第一季度", "as_of": "2027-03-31", "lines": [line]},
        headers={"X-CSRFToken": world.csrf["department"]},
    )
    assert report.status_code == 201, report.get_json()
    fix = {"what": "加快进度", "by_whom": item["lead_department"], "deadline": "2027-09-30"}
    inspection = _admin_post(
        world,
        "/api/v1/admin/inspections",
        held_on="2027-06-15",
        group_id=group["id"],
        project_ids=[project],
        rectifications=[fix],
    )
    return {
        "project_id": [project],
        "item_id": [line["item_id"]],
        "group_id": [group["id"]],
        "report_id": [report.get_json()["id"]],
        "inspection_id": [inspection["id"]],
        "rectification_id": [inspection["rectifications"][0]["id"]],
        "user_id": user["id"],
    }


def build_world(tmp_path, database_url: str) -> World:
    app = make_app(tmp_path, database_url)
    world = World(app)
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
        add_scrutineer(db, SCRUTINEER, SCRUTINEER_PASSWORD, "admin")
    factory = Factory(app)
    (fresh, fresh_token), (voter, voter_token), *on_paper = factory.deputies(1, 6)
    absent, _ = factory.deputy(1, signed_in=False)
    world.clients["anonymous"] = app.test_client()
    for role, username, password in (
        ("admin", "admin", ADMIN_PASSWORD),
        ("scrutineer", SCRUTINEER, SCRUTINEER_PASSWORD),
    ):
        world.clients[role], world.csrf[role] = _log_in(app, username, password)
    for role, token in (("deputy", fresh_token), ("voter", voter_token)):
        client = app.test_client()
        client.get(f"/d/{token}")
        world.clients[role] = client
    _admin_post(world, "/api/v1/admin/sign-in/open")
    # One sheet carries a project vote, so that the published one fills the year's register.
    few = "1/9999"
    _admin_post(
        world,
        "/api/v1/admin/meeting",
        quorum_fraction=few,
        threshold_fraction=few,
        validity_fraction=few,
    )

    paper_voters = [deputy_id for deputy_id, _ in on_paper]
    rating = _ballot(world, kind="rating", paper_two_person=True, paper=paper_voters[:2])
    yes_no = _ballot(world, form="yes_no_abstain", secret=False, places=5, paper=paper_voters[2:])
    for ballot in (rating, yes_no):
        _admin_post(world, f"/api/v1/admin/ballots/{ballot}/open")
        _admin_post(world, f"/api/v1/admin/ballots/{ballot}/close")
    rating_items = factory.item_ids(rating)
    pending = _admin_post(
        world,
        f"/api/v1/admin/ballots/{rating}/paper/sheets",
        sheet={"ratings": {str(rating_items[0]): "satisfied"}},
    )["entry_id"]
    published = _ballot(world, places=2, open_it=True)
    chosen = world.clients["voter"].post(
        f"/api/v1/ballots/{published}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": factory.item_ids(published)[:2]}},
    )
    assert chosen.status_code == 201, chosen.get_json()
    _admin_post(world, f"/api/v1/admin/ballots/{published}/close")
    _admin_post(world, f"/api/v1/admin/ballots/{published}/publish")
    supervision = _supervision(world, fresh)
    void = _ballot(world, places=2)
    _admin_post(world, f"/api/v1/admin/ballots/{void}/void", reason="演练")
    draft = _ballot(world, places=3)
    voting = _ballot(world, places=3, open_it=True)  # the one open ballot
    items = factory.item_ids(voting)
    receipt = new_receipt()
    cast = world.clients["voter"].post(
        f"/api/v1/ballots/{voting}/sheets",
        json={"receipt": receipt, "sheet": {"approve": items[:2]}},
    )
    assert cast.status_code == 201, cast.get_json()

    proposal_ids, codes = _proposals(world)
    world.ids = {
        "proposal_id": proposal_ids,
        "code": codes,
        # The open ballot thrice: most of what a sheet or the desk can do needs it open.
        "ballot_id": [voting, voting, voting, 1, rating, yes_no, published, void, draft],
        "deputy_id": [fresh, voter, absent, *paper_voters],
        "entry_id": [pending],
        "user_id": [1, 2, supervision.pop("user_id")],
        **supervision,
    }
    for ballot in world.ids["ballot_id"]:
        shown = world.clients["admin"].get(f"/api/v1/admin/ballots/{ballot}").get_json()
        world.forms[str(ballot)] = shown["form"]
    world.items = sorted({*items, *rating_items, *factory.item_ids(yes_no)})
    world.ids["candidate_id"] = items[:2]
    world.receipts = [receipt]
    for role, client in world.clients.items():
        world.cookies[role] = {
            name: cookie.value
            for name in COOKIES
            if (cookie := client.get_cookie(name)) is not None
        }
    with world.engine.connect() as connection:
        world.rows = {
            table: [row._asdict() for row in connection.execute(sa.select(table))]
            for table in Base.metadata.sorted_tables
        }
    world.stored = stored_rows(app)
    world.version = data_version(world)
    return world


def _proposals(world: World) -> tuple[list[int], list[str]]:
    """An open collection round with proposals in it, one answered (问需于民)."""
    world.app.config["PROPOSAL_MIN_FILL_SECONDS"] = 0
    _admin_post(world, "/api/v1/admin/proposal-round", **round_body())
    visitor = world.clients["anonymous"]
    world.form_token = visitor.get("/api/v1/public/round").get_json()["form_token"]
    sent = [
        visitor.post(
            "/api/v1/public/proposals",
            json={
                "area": "交通",
                "title": f"第{n}号路口增设红绿灯",
                "body": "上下学时段车多，过马路危险。",
                "form_token": world.form_token,
            },
        ).get_json()
        for n in range(3)
    ]
    _admin_post(
        world, f"/api/v1/admin/proposals/{sent[0]['id']}/answer", answer="adopted", reason="采纳"
    )
    proposal_guard.reset()
    return [p["id"] for p in sent], [p["code"] for p in sent]


def data_version(world: World) -> int | None:
    """SQLite's count of commits by other connections; None on PostgreSQL (not known)."""
    return world.watch.execute("PRAGMA data_version").fetchone()[0] if world.watch else None


def changed_tables(world: World) -> list[str]:
    """The tables whose rows differ from the world as built (but the records of refusals)."""
    if world.watch and data_version(world) == world.version:
        return []  # nothing committed since
    now = stored_rows(world.app)
    return [
        name
        for name, rows in now.items()
        if rows != world.stored[name] and name not in RECORDS_OF_REFUSALS
    ]


def restore(world: World) -> None:
    """Put the world back as it was built: rows, desk sessions, cookies, in-memory limits."""
    committed = world.watch is None or data_version(world) != world.version
    if committed and stored_rows(world.app) != world.stored:
        with world.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                if world.rows[table]:
                    connection.execute(table.insert(), world.rows[table])
        assert stored_rows(world.app) == world.stored
        world.version = data_version(world)
    for role, client in world.clients.items():
        for name in COOKIES:
            client.delete_cookie(name)
        for name, value in world.cookies[role].items():
            client.set_cookie(name, value)
    throttle.reset()
    receipt_check.limit.reset()
    live.reset()
    proposal_guard.reset()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """The world on SQLite (every test run) and on PostgreSQL (when the server is there)."""
    folder = tmp_path_factory.mktemp("fuzz")
    if request.param == "sqlite":
        world = build_world(folder, f"sqlite:///{folder / 'hall.sqlite3'}")
        yield world
        world.watch.close()
        world.engine.dispose()
    else:
        with postgres_schema() as url:
            world = build_world(folder, url)
            yield world
            world.engine.dispose()


@pytest.fixture(scope="module")
def hostile(world):
    return Hostile(world)


@pytest.fixture(scope="module", autouse=True)
def tally():
    """How many requests got which answer (seen with `pytest -s`, as docs/security.md shows)."""
    yield
    for (database, surface, answer), count in sorted(TALLY.items()):
        print(f"fuzz {database} {surface} {answer}: {count}")


# Hostile values


RAW = "\x00raw\x00"  # stands for a raw JSON text spliced into a body (one of RAW_TOKENS)
HUGE_INTS = [2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, 10**300]
HOSTILE_TEXT = [
    *("", " ", "0", "-1", "1e-5000", "1e5000", "1/0", "0/0", "1/3", "2/3", "0.5", "NaN"),
    *("9" * 5000, "1" + "0" * 4300 + "/3", "1/" + "9" * 30, "1e-99999999999", "²", "١٢"),
    *("ballot:" + "9" * 30, "ballot:²", "ballot:1", "delegation:" + "9" * 30),
    *("x" * 100_000, "\ud800", "<script>", "=cmd|' /C calc'!A0", RAW),
]
RAW_TOKENS = [
    *("9" * 5000, "-" + "9" * 4400, "1e-5000", "1e5000", "-1e5000", "NaN", "Infinity"),
    "[" * 20_000 + "]" * 20_000,  # deeper than the parser goes, within the size limit
    '{"a":' * 10_000 + "1" + "}" * 10_000,
    "[" * 990 + "]" * 990,  # just within the parser, far beyond any body Hall reads
    "[" * 20_000,
    '"\\ud800"',
]
RAW_BODIES = [b"", b"null", b"[]", b"{", b"\xff\xfe", b"1e-5000", b"{}{}", b'{"a":1}x']
RAW_BODIES += [token.encode() for token in RAW_TOKENS] + [b"[" * 100_000, b" " * 100_000]
KEYS = [
    *("approve", "ballot_id", "code", "confirm", "countdown_seconds", "default_display"),
    *("delegation_id", "deputy_id", "display", "form", "invalid", "items", "kind", "marks"),
    *("name", "on", "on_leave", "one_phone_per_card", "paper_two_person", "password"),
    *("places", "quorum_fraction", "ratings", "reason", "receipt", "require_sign_in"),
    *("scene", "secret", "seconds", "sheet", "sign_in_required", "threshold_basis"),
    *("threshold_fraction", "title", "token", "username", "validity_fraction", "year"),
    # The year's supervision
    *("leader", "deputy_ids", "project_ids", "target", "unit", "deadline", "lead_department"),
    *("responsible", "weight", "period", "as_of", "lines", "item_id", "achieved", "account"),
    *("decision", "note", "held_on", "group_id", "findings", "rectifications", "what"),
    *("by_whom", "closed_on", "contacted_on", "met", "found", "text", "public_progress"),
    "department",
]
MARKS = ["yes", "no", "abstain", "satisfied", "fairly_satisfied", "dissatisfied"]
CONTENT_TYPES = ["application/json"] * 8 + ["text/plain", "application/x-www-form-urlencoded"]
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def api_routes(app) -> list[tuple[str, str, str]]:
    """Every /api/ rule with each of its methods and its endpoint, from the url map itself."""
    return sorted(
        (rule.rule, method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


# What each endpoint reads from its body; any other endpoint is sent any of KEYS.
SHEET_FIELDS = ("sheet", "invalid", "receipt")
BODY_FIELDS = {
    "deputy.cast_sheet": SHEET_FIELDS,
    "deputy.api_type_code": ("code",),
    "admin.api_login": ("username", "password"),
    "admin.create_account": ("username", "password"),
    "admin.change_password": ("password",),
    "admin.new_ballot": ("kind", *EDITABLE),
    "admin.edit_ballot": EDITABLE,
    "admin.ballot_action": ("countdown_seconds",),
    "admin.extend": ("seconds",),
    "admin.void": ("reason",),
    "admin.post_settings": (*FREE, *COUNTING),
    "admin.post_rehearsal": ("on",),
    "admin.choose_scene": ("scene",),
    "admin.paper_add_voter": ("deputy_id",),
    "admin.paper_enter_sheet": SHEET_FIELDS,
    "admin.paper_confirm_entry": SHEET_FIELDS,
    "admin.api_issue_cards": ("confirm", "delegation_id"),
    "admin.api_reissue_card": ("confirm",),
    "admin.api_desk_leave": ("on_leave",),
    "admin.api_roster_confirm": ("token",),
    "admin.api_candidates_confirm": ("token",),
    "public_proposals.api_submit": (
        *("area", "title", "body", "reason", "proposer_name", "proposer_phone", "consent"),
        *("form_token", "website"),
    ),
    "deputy.record_proposal": (
        *("channel", "station", "constituents", "area", "title", "body", "reason"),
    ),
    "admin.hide_proposal": ("reason",),
    "admin.merge_proposals": ("target_id", "source_ids"),
    "admin.assign_department": ("department",),
    "admin.answer_proposal": ("answer", "reason"),
    "admin.post_proposal_round": ("title", "opens_on", "closes_on", "introduction", "areas"),
    "admin.candidate_from_proposals": (
        *("proposal_ids", "name", "lead_department", "budget", "summary"),
    ),
    "admin.match_candidate": ("proposal_ids",),
    "admin.register_item_add": ("name", "target", "unit", "deadline", "lead_department"),
    "admin.register_contact": ("contacted_on", "met", "found"),
    "admin.supervision_group_add": ("name", "leader", "deputy_ids", "project_ids"),
    "admin.progress_report_review": ("decision", "note"),
    "admin.inspection_add": ("held_on", "group_id", "project_ids", "findings", "rectifications"),
    "admin.rectification_close": ("closed_on", "note"),
    "office.office_report_submit": ("period", "as_of", "lines"),
    "deputy.my_contact": ("contacted_on", "met", "found"),
    "deputy.my_finding": ("text",),
}
ROUTE_WEIGHTS = {("POST", "deputy.cast_sheet"): 5, **{("POST", e): 2 for e in BODY_FIELDS}}
FORMS = ("approve", "yes_no_abstain", "rating")
SHEET_KEYS = {"approve": "approve", "yes_no_abstain": "marks", "rating": "ratings"}


def half(usual, hostile):
    """One or the other, evenly: `usual | hostile` would take each of hostile's own
    alternatives as one more, and leave `usual` one share among ten."""
    return st.booleans().flatmap(lambda pick: usual if pick else hostile)


class Hostile:
    """The strategies, built once for the world: its real ids mixed with hostile values."""

    def __init__(self, world: World):
        self.world = world
        # Each route with a body twice, the ballot box's five times: where the input goes deepest.
        routes = api_routes(world.app)
        self.routes = [route for route in routes for _ in range(ROUTE_WEIGHTS.get(route[1:], 1))]
        real = [*world.items, *world.ids["ballot_id"], *world.ids["deputy_id"]]
        self.scalars = st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.sampled_from(HUGE_INTS),
            st.sampled_from(real),
            st.floats(),
            st.text(max_size=20),
            st.sampled_from(HOSTILE_TEXT),
            st.sampled_from(MARKS),
        )
        self.values = st.recursive(  # any JSON value, nested a little
            self.scalars,
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4)
            ),
            max_leaves=10,
        )
        self.sheets = {form: self._sheets(form) for form in FORMS}
        self.any_sheet = st.one_of(*self.sheets.values())
        self.receipts = st.sampled_from(world.receipts) | st.builds(new_receipt)
        huge = st.sampled_from(HUGE_INTS)
        plausible = {
            "receipt": self.receipts,
            "items": st.lists(half(st.sampled_from(world.items), self.scalars), max_size=6),
            "ballot_id": st.sampled_from(world.ids["ballot_id"]),
            "deputy_id": st.sampled_from(world.ids["deputy_id"]) | huge,
            "delegation_id": st.integers(min_value=-1, max_value=30) | huge,
            "scene": st.sampled_from(["auto", "title"]) | self.values.map("ballot:{}".format),
            "kind": st.sampled_from(["project_vote", "rating"]),
            "form": st.sampled_from(FORMS),
            "display": st.sampled_from(["live", "turnout", "hidden"]),
            "places": st.integers(min_value=-2, max_value=20) | huge,
            "countdown_seconds": st.integers(min_value=-10, max_value=200_000) | huge,
            "seconds": st.integers(min_value=-10, max_value=200_000) | huge,
            "year": st.integers(min_value=1990, max_value=2200) | huge,
            "quorum_fraction": st.sampled_from(HOSTILE_TEXT),
            "threshold_fraction": st.sampled_from(HOSTILE_TEXT),
            "validity_fraction": st.sampled_from(HOSTILE_TEXT),
            "confirm": st.just(True),
            "invalid": st.booleans(),
            **self._proposal_fields(world),
        }
        self.fields = {
            key: plausible.get(key, st.nothing()) | self.values
            for key in {*KEYS, *(key for keys in BODY_FIELDS.values() for key in keys)}
        }
        self.path_values = st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.sampled_from(HUGE_INTS).map(str),
            st.sampled_from(["0", "-1", "00", "1.5", "1e3", "abc", "9" * 5000, "²", "١٢", "%00"]),
            st.text(max_size=12),
        )

    def _sheets(self, form: str):
        """Sheets for a ballot of this form: well formed, nearly, or not at all."""
        # An item id as a sheet's key: real, unknown, huge (Python's int() stops at 4,300
        # digits), or not one at all.
        item_keys = st.one_of(
            st.sampled_from(self.world.items).map(str),
            st.just("9" * 5000),
            st.integers(min_value=-5, max_value=2**70).map(str),
            st.sampled_from(["0" * 30 + "1", "１", "²", "", " 1", "1.0"]),
            st.text(max_size=6),
        )
        marks = half(st.sampled_from(MARKS), self.scalars)
        shaped = (
            st.lists(st.sampled_from(self.world.items), max_size=3, unique=True)
            | st.lists(half(st.sampled_from(self.world.items), self.scalars), max_size=6)
            if form == "approve"
            else st.dictionaries(item_keys, marks, max_size=6)
        )
        return st.one_of(
            st.fixed_dictionaries({SHEET_KEYS[form]: shaped}),
            st.fixed_dictionaries({SHEET_KEYS[form]: shaped}),
            st.fixed_dictionaries({SHEET_KEYS[form]: self.values}),
            self.values,
        )

    def body(self, draw, endpoint: str, form: str | None) -> dict:
        """A JSON object of the endpoint's fields and others, each plausible or hostile."""
        keys = BODY_FIELDS.get(endpoint, KEYS)
        if draw(st.integers(0, 7)) == 0:
            keys = KEYS
        chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=5))
        sheets = self.sheets.get(form, self.any_sheet)
        return {key: draw(sheets if key == "sheet" else self.fields[key]) for key in chosen}

    def payload(self, draw, endpoint: str, form: str | None) -> tuple[bytes, str]:
        """The bytes of a request body and its content type."""
        kind = draw(st.sampled_from(["object"] * 6 + ["value", "raw"]))
        if kind == "raw":
            return draw(st.sampled_from(RAW_BODIES)), "application/json"
        body = self.body(draw, endpoint, form) if kind == "object" else draw(self.values)
        text = json.dumps(body)
        placeholder = json.dumps(RAW)
        if placeholder in text:
            text = text.replace(placeholder, draw(st.sampled_from(RAW_TOKENS)))
        return text.encode("utf-8", "surrogatepass"), draw(st.sampled_from(CONTENT_TYPES))

    def _proposal_fields(self, world: World) -> dict:
        """Plausible values for the proposal endpoints (问需于民)."""
        proposals = st.sampled_from(world.ids["proposal_id"]) | self.scalars
        return {
            "form_token": st.just(world.form_token),
            "area": st.sampled_from(["教育", "交通", "火星"]),
            "channel": st.sampled_from(["station", "reception", "grid", "other", "online"]),
            "answer": st.sampled_from(["adopted", "partly", "declined", "maybe"]),
            "target_id": proposals,
            "source_ids": st.lists(proposals, max_size=4),
            "proposal_ids": st.lists(proposals, max_size=4),
            "constituents": st.integers(min_value=-2, max_value=200_000),
            "opens_on": st.sampled_from(["2026-01-01", "2026-13-45", "x", ""]),
            "closes_on": st.sampled_from(["2099-12-31", "2026-02-30", ""]),
        }

    def path_argument(self, draw, converter: str | None, options: str | None, name: str) -> str:
        """A value for one path argument: a real one, or one no route should choke on."""
        if draw(st.integers(0, 3)) == 0:
            return draw(self.path_values)
        if converter == "any":
            return draw(st.sampled_from([option.strip() for option in options.split(",")]))
        if name in self.world.ids:
            return str(draw(st.sampled_from(self.world.ids[name])))
        return draw(self.receipts)

    def request(self, draw) -> dict:
        """A request to an /api/ route, as one of the roles."""
        rule, method, endpoint = draw(st.sampled_from(self.routes))
        path, arguments = rule, {}
        for argument in ARGUMENT.finditer(rule):
            name = argument.group("name")
            arguments[name] = self.path_argument(
                draw, *argument.group("converter", "options"), name
            )
            path = path.replace(argument.group(0), quote(arguments[name], safe=""), 1)
        query = draw(
            st.dictionaries(
                st.sampled_from(["key", "q", "next"]) | st.text(max_size=5),
                st.sampled_from(HOSTILE_TEXT[:-1]) | st.text(max_size=10),
                max_size=2,
            )
        )
        if query:
            query = {key: value.encode("utf-8", "surrogatepass") for key, value in query.items()}
            path += "?" + urlencode(query)
        # Mostly the role the route is for, so that hostile input gets past the guards.
        meant = "admin" if "/admin/" in rule else "department" if "/office/" in rule else "deputy"
        role = draw(st.sampled_from([meant, meant, meant, *sorted(self.world.clients)]))
        request = {"role": role, "method": method, "path": path}
        if method == "POST":
            form = self.world.forms.get(arguments.get("ballot_id"))
            request["data"], request["content_type"] = self.payload(draw, endpoint, form)
        return request

    def submission(self, draw):
        """What a phone's `submit` may carry: a sheet for a ballot, nearly, or anything."""
        if draw(st.integers(0, 7)) == 0:
            message = draw(self.values)
        else:
            ballot_id = draw(half(st.sampled_from(self.world.ids["ballot_id"]), self.scalars))
            sheets = self.sheets.get(self.world.forms.get(str(ballot_id)), self.any_sheet)
            message = {
                "ballot_id": ballot_id,
                "receipt": draw(half(self.receipts, self.scalars)),
                "sheet": draw(sheets),
            }
            if draw(st.integers(0, 7)) == 0:  # nested as deep as a socket packet can carry
                # (the test client's own encoder recurses thrice a level, the server's once)
                depth = draw(st.integers(min_value=1, max_value=250))
                message["sheet"] = json.loads("[" * depth + "]" * depth)
        # Engine.IO's decoder refuses integers of over 100 digits itself; Hall never sees them.
        assume(RAW not in json.dumps(message) and all(len(str(n)) <= 100 for n in ints(message)))
        return message


def ints(value):
    """Every integer in a JSON value."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            yield value


def send(world: World, request: dict):
    client = world.clients[request["role"]]
    headers = {}
    if request["role"] in world.csrf:
        headers["X-CSRFToken"] = world.csrf[request["role"]]
    return client.open(
        request["path"],
        method=request["method"],
        data=request.get("data"),
        content_type=request.get("content_type"),
        headers=headers,
    )


def test_the_api_routes_are_read_from_the_url_map(world):
    routes = api_routes(world.app)
    assert ("/api/v1/ballots/<int:ballot_id>/sheets", "POST", "deputy.cast_sheet") in routes
    assert ("/api/v1/admin/login", "POST", "admin.api_login") in routes
    assert set(BODY_FIELDS) <= {endpoint for _, _, endpoint in routes}
    assert len(routes) > 50


def test_no_request_gets_a_5xx_and_a_refusal_stores_nothing(world, hostile):
    @settings(FUZZ, max_examples=COUNTS[world.engine.dialect.name][0])
    @given(data=st.data())
    def fuzz(data):
        request = hostile.request(data.draw)
        restore(world)
        answer = send(world, request)
        TALLY[world.engine.dialect.name, "HTTP", f"{answer.status_code // 100}xx"] += 1
        assert answer.status_code < 500, answer.get_data(as_text=True)[:500]
        download = DOWNLOADS.search(request["path"].split("?")[0])
        if answer.status_code >= 400 or (answer.status_code < 300 and not download):
            assert answer.is_json, answer.get_data(as_text=True)[:500]
        if answer.status_code >= 400:
            error = answer.get_json()["error"]
            assert isinstance(error["code"], str) and error["code"]
            assert changed_tables(world) == [], (answer.status_code, error)

    fuzz()


# The phone socket


@pytest.fixture(scope="module")
def phones(world):
    """A /deputy socket for each deputy role, sharing its HTTP client's cookies."""
    sockets = {
        role: socketio.test_client(
            world.app, namespace="/deputy", flask_test_client=world.clients[role]
        )
        for role in ("deputy", "voter")
    }
    assert all(socket.is_connected("/deputy") for socket in sockets.values())
    yield sockets
    for socket in sockets.values():
        socket.disconnect(namespace="/deputy")


def test_every_submit_is_answered_and_a_refusal_stores_nothing(world, hostile, phones):
    @settings(FUZZ, max_examples=COUNTS[world.engine.dialect.name][1])
    @given(data=st.data())
    def fuzz(data):
        role = data.draw(st.sampled_from(sorted(phones)))
        message = hostile.submission(data.draw)
        restore(world)
        ack = phones[role].emit("submit", message, namespace="/deputy", callback=True)
        answer = "no answer" if not isinstance(ack, dict) else "ok" if ack.get("ok") else "refused"
        TALLY[world.engine.dialect.name, "submit", answer] += 1
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
        if not ack["ok"]:
            assert ack["error"]["code"] not in ("", "internal"), ack
            assert changed_tables(world) == [], ack

    fuzz()
