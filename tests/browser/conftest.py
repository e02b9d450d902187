"""Browser fixtures: Debian's Chromium through Playwright, the real `run.py` server on a prepared
database of 3 deputies, and phones, a hall screen and a desk opened as their users open them.

Without Chromium (or Playwright) every browser test is skipped with the reason and the fix; with
the environment variable CI=true such a skip fails the run instead, so CI cannot pass by
silently not running them.
"""

import os
from dataclasses import dataclass, field

import pytest

from hall import create_app
from hall.demo.data import CANDIDATES
from hall.demo.load import demo_rows
from hall.migrations import create_schema
from hall.projects.completed import replace_completed_projects
from hall.store.db import write_session
from hall.store.models import Candidate, Deputy, Meeting
from tests.browser import pages
from tests.browser.pages import (
    ADMIN_PASSWORD,
    CHROMIUM,
    CHROMIUM_ARGS,
    COMMON_CONTEXT,
    DESK_CONTEXT,
    PHONE_CONTEXT,
    PHONES,
    PLACES,
    SCREEN_CONTEXT,
    SCREEN_KEY,
    TIMEOUT_MS,
    ApiDeputy,
    Desk,
    Phone,
)
from tests.conftest import Factory
from tests.live_server import LiveServer, live_server

MEETING_NAME = "龙港市第二届人民代表大会第三次会议"
DEPUTY_NAMES = ["陈建国", "林秀英", "王海波"]
# Deputies past the first three, for tests that ask for more (@pytest.mark.hall(deputies=N)).
MORE_NAMES = ["赵丽华", "周志强", "吴晓燕", "郑国庆", "孙美玲", "钱伟民", "冯雪梅", "何文博"]
MORE_NAMES += ["卫红霞", "蒋立新", "沈玉兰", "韩建军", "杨春梅", "朱永福", "秦海燕", "许国华"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "hall(**options): how the `hall` fixture prepares its database (see prepare_database)",
    )


def pytest_runtest_makereport(item, call):
    """In CI a skipped browser test is a failed one (this hook sees only tests/browser)."""
    if os.environ.get("CI", "").lower() != "true" or call.excinfo is None:
        return None
    if not call.excinfo.errisinstance(pytest.skip.Exception):
        return None
    report = pytest.TestReport.from_item_and_call(item, call)
    report.outcome = "failed"
    report.longrepr = f"CI=true and a browser test was skipped: {call.excinfo.value.msg}"
    return report


@pytest.fixture(scope="session")
def browser():
    if pages.sync_playwright is None:
        pytest.skip("Python package playwright not installed: pip install -r requirements-dev.txt")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium fonts-noto-cjk")
    pages.expect.set_options(timeout=TIMEOUT_MS)
    with pages.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def axe():
    if not pages.AXE.exists():
        pytest.skip(f"axe-core not found at {pages.AXE}: run `npm ci` in the project root")
    return pages.AXE


@dataclass
class Hall:
    """The running server and what is printed on the 3 deputies' cards."""

    server: LiveServer  # .stop() / .start() restart it on the same port and database
    url: str
    cards: list[str]
    ballot: int
    items: list[int]  # candidate ids in list order, as the phone's buttons carry them
    names: list[str] = field(default_factory=list)  # the deputies, in the order of `cards`
    rating: int | None = None  # the draft rating ballot, with @pytest.mark.hall(rating=True)
    projects: list[int] = field(default_factory=list)  # the rating's project ids, in order

    @property
    def screen_url(self) -> str:
        return f"{self.url}/screen?key={SCREEN_KEY}"


def prepare_database(
    tmp_path,
    deputies: int = len(DEPUTY_NAMES),
    candidates: int = len(CANDIDATES),
    places: int = PLACES,
    signed_in: bool = False,
    rating: bool = False,
    proposals: int = 0,
    url: str | None = None,
) -> dict:
    """`deputies` deputies (none signed in, unless `signed_in`) and a draft project vote: 15
    candidates, at most 10 each by default. With `rating`, the demo's 10 completed projects
    (42 sub-projects) and the draft rating ballot on them. With `proposals`, that many station
    proposals recorded by the first deputy, adopted, and matched to the first candidate (its
    provenance line). Answers the Hall fields. `url`:
    another database than a SQLite file in `tmp_path`, with an empty schema."""
    url = url or f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    settings = {"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "prepare"}
    app = create_app(settings | {"ASYNC_MODE": "threading"})
    create_schema(app)
    factory = Factory(app)
    meeting = factory.meeting()
    names = (DEPUTY_NAMES + MORE_NAMES)[:deputies]
    names += [f"代表{number}" for number in range(len(names) + 1, deputies + 1)]
    cards = [factory.deputy(meeting, signed_in=signed_in, name=name)[1] for name in names]
    ballot = factory.ballot(meeting, candidates=candidates, places=places)
    rating_ballot = None
    with write_session(app) as db:
        db.get(Meeting, meeting).name = MEETING_NAME
        # The demo's real-length project names: what has to fit on a 360 px phone.
        for candidate in db.query(Candidate).filter_by(meeting_id=meeting):
            fields = CANDIDATES[candidate.position - 1]
            candidate.name, candidate.lead_department = fields["name"], fields["lead_department"]
            candidate.summary, candidate.budget = fields["summary"], fields["budget"]
        if rating:
            rated = replace_completed_projects(db, db.get(Meeting, meeting), demo_rows(), "test")
            rating_ballot = rated.id
        if proposals:
            first = db.query(Candidate).filter_by(meeting_id=meeting, position=1).one()
            match_station_proposals(db, db.get(Meeting, meeting), first.id, proposals)
    return {
        "url": url,
        "cards": cards,
        "names": names,
        "ballot": ballot,
        "items": factory.item_ids(ballot),
        "rating": rating_ballot,
        "projects": factory.item_ids(rating_ballot) if rating else [],
    }


def match_station_proposals(db, meeting, candidate_id: int, count: int) -> None:
    """As the desk would: deputies' station proposals, adopted, matched to a candidate."""
    from hall.projects.proposal_sources import match
    from hall.proposals.desk import answer
    from hall.proposals.intake import submit_deputy

    deputy = db.query(Deputy).filter_by(meeting_id=meeting.id).order_by(Deputy.id).first()
    ids = []
    for number in range(1, count + 1):
        body = {"channel": "station", "area": "交通", "title": f"加装电梯建议{number}"}
        text = f"第{number}幢住宅楼没有电梯，老人上下楼很难"
        proposal = submit_deputy(db, deputy, {**body, "body": text})
        db.flush()
        answer(db, meeting, proposal.id, {"answer": "adopted", "reason": "纳入实事"}, "test")
        ids.append(proposal.id)
    match(db, meeting, candidate_id, {"proposal_ids": ids}, "test")


@pytest.fixture
def hall(request, tmp_path, browser):
    """The real server (run.py) on a fresh prepared database, stopped when the test ends; a
    test marked @pytest.mark.hall(...) passes those options to prepare_database."""
    marker = request.node.get_closest_marker("hall")
    prepared = prepare_database(tmp_path, **(marker.kwargs if marker else {}))
    url = prepared.pop("url")
    environment = {"HALL_ADMIN_PASSWORD": ADMIN_PASSWORD, "HALL_SECRET_KEY": "browser-tests"}
    with live_server(url, tmp_path, env=environment) as server:
        yield Hall(server, server.url, **prepared)


@pytest.fixture
def new_context(browser):
    """browser.new_context(...) with the tests' defaults; every context is closed afterwards."""
    contexts = []

    def make(**options):
        context = browser.new_context(**(COMMON_CONTEXT | options))
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def open_phone(hall, new_context):
    """A phone of the given profile (its own browser context) that opened card `index`."""

    def make(profile: str, index: int) -> Phone:
        context = new_context(**PHONE_CONTEXT, **PHONES[profile])
        phone = Phone(context.new_page(), profile)
        phone.open_card(hall.url, hall.cards[index])
        return phone

    return make


@pytest.fixture
def open_screen(hall, new_context):
    def make():
        page = new_context(**SCREEN_CONTEXT).new_page()
        page.goto(hall.screen_url)
        return page

    return make


@pytest.fixture
def open_desk(hall, new_context):
    """The secretariat's dashboard, logged in (the login page saved as `login_screenshot`);
    the admin unless another account is given."""

    def make(login_screenshot: str | None = None, **account) -> Desk:
        """`account`: username= and password= of another desk user (e.g. a scrutineer)."""
        desk = Desk(new_context(**DESK_CONTEXT).new_page())
        desk.login(hall.url, screenshot=login_screenshot, **account)
        return desk

    return make


@pytest.fixture
def api_deputy(hall):
    """ApiDeputy for card `index`; its HTTP session is closed when the test ends."""
    deputies = []

    def make(index: int) -> ApiDeputy:
        deputies.append(ApiDeputy(hall.url, hall.cards[index]))
        return deputies[-1]

    yield make
    for deputy in deputies:
        deputy.close()
