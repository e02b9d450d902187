"""From proposals to candidates: a deputy's station proposals, candidates made from accepted
proposals or matched to imported ones, the provenance on the ballot, and 入选 / 未入选 on the
proposer's status page once the vote is published; the provenance lines ride in the phone
state, computed once per opened ballot."""

import io

import pytest

from hall.live.state import live
from hall.projects import ballot_provenance
from hall.proposals import guard
from hall.reports.import_templates import completed_projects_template_csv
from hall.voting.receipts import new_receipt
from tests.proposals_helpers import Visitor, answer, no_fill_wait, open_round

STATION = {
    "channel": "station",
    "station": "龙港镇代表联络站",
    "constituents": 12,
    "area": "交通",
    "title": "镇中心小学门口增设红绿灯",
    "body": "上学放学时段车流大，学生过马路危险，建议增设红绿灯和护学岗。",
}


@pytest.fixture
def world(app, factory, admin_client, deputy_client):
    meeting = factory.meeting()
    no_fill_wait(app)
    open_round(admin_client)
    phones = [deputy_client(token) for _, token in factory.deputies(meeting, 3)]
    yield admin_client, phones
    guard.reset()


def test_a_deputy_records_a_station_proposal_and_sees_what_became_of_it(app, world):
    desk, phones = world
    sent = phones[0].post("/api/v1/me/proposals", json=STATION)
    assert sent.status_code == 201, sent.get_json()
    mine = phones[0].get("/api/v1/me/proposals").get_json()
    assert [p["title"] for p in mine["proposals"]] == [STATION["title"]]
    assert mine["proposals"][0]["constituents"] == 12 and "联络站接待" in mine["channels"].values()
    assert phones[1].get("/api/v1/me/proposals").get_json()["proposals"] == []
    queue = desk.get("/api/v1/admin/proposals?channel=station&station=龙港镇代表联络站").get_json()
    assert queue["total"] == 1 and queue["proposals"][0]["deputy"].startswith("代表")
    answer(desk, sent.get_json()["id"], "adopted", "列入候选项目")
    mine = phones[0].get("/api/v1/me/proposals").get_json()["proposals"][0]
    assert mine["answer_text"] == "采纳"


def test_a_deputy_proposal_needs_a_channel_and_a_count(world):
    _, phones = world
    bad = phones[0].post("/api/v1/me/proposals", json={**STATION, "channel": "online"})
    assert bad.get_json()["error"]["code"] == "bad_channel"
    bad = phones[0].post("/api/v1/me/proposals", json={**STATION, "constituents": 0})
    assert bad.get_json()["error"]["code"] == "bad_constituents"


def _accepted(app, desk, phone) -> tuple[list[dict], dict]:
    public = [Visitor(app).propose(f"幸福小区{n}幢加装电梯").get_json() for n in range(2)]
    for proposal in public:
        answer(desk, proposal["id"])
        Visitor(app).support(proposal["id"])
    station = phone.post("/api/v1/me/proposals", json=STATION).get_json()
    answer(desk, station["id"], "partly", "先在镇中心小学试点")
    return public, station


def test_a_candidate_is_made_from_accepted_proposals_with_its_provenance(app, world):
    desk, phones = world
    public, station = _accepted(app, desk, phones[0])
    declined = Visitor(app).propose("建设城市摩天轮").get_json()
    answer(desk, declined["id"], "declined", "不属于民生实事范围")
    refused = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [declined["id"]], "name": "摩天轮"},
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "proposal_not_accepted"
    made = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={
            "proposal_ids": [p["id"] for p in public] + [station["id"]],
            "name": "老旧小区加装电梯和校门口交通安全",
            "lead_department": "市住建局",
            "budget": "1200.5",
            "summary": "加装电梯 20 台",
        },
    )
    assert made.status_code == 201, made.get_json()
    provenance = made.get_json()["provenance"]
    assert provenance["text"] == "来源：群众建议 2 条、代表建议 1 条，附议 2 人"
    listed = desk.get("/api/v1/admin/candidates/provenance").get_json()["candidates"]
    assert listed[0]["provenance"]["text"] == provenance["text"]


def test_provenance_on_the_ballot_and_the_outcome_on_the_status_page(app, factory, world):
    desk, phones = world
    public, station = _accepted(app, desk, phones[0])
    chosen = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [public[0]["id"], station["id"]], "name": "加装电梯"},
    ).get_json()
    other = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [public[1]["id"]], "name": "校门口红绿灯"},
    ).get_json()
    ballot = desk.post("/api/v1/admin/ballots", json={"kind": "project_vote", "places": 1})
    ballot = ballot.get_json()["id"]
    lines = phones[0].get(f"/api/v1/ballots/{ballot}/provenance").get_json()["provenance"]
    assert lines[str(chosen["id"])] == "来源：群众建议 1 条、代表建议 1 条，附议 1 人"
    status = Visitor(app).get(f"/api/v1/public/proposals/{public[0]['code']}").get_json()
    assert status["candidate"] == {"name": "加装电梯", "published": False, "outcome": None}
    desk.post(f"/api/v1/admin/ballots/{ballot}/open")
    for phone in phones:
        cast = phone.post(
            f"/api/v1/ballots/{ballot}/sheets",
            json={"receipt": new_receipt(), "sheet": {"approve": [chosen["id"]]}},
        )
        assert cast.status_code == 201, cast.get_json()
    desk.post(f"/api/v1/admin/ballots/{ballot}/close")
    assert desk.post(f"/api/v1/admin/ballots/{ballot}/publish").status_code == 200
    won = Visitor(app).get(f"/api/v1/public/proposals/{public[0]['code']}").get_json()
    lost = Visitor(app).get(f"/api/v1/public/proposals/{public[1]['code']}").get_json()
    assert won["candidate"]["outcome"] == "入选" and lost["candidate"]["outcome"] == "未入选"
    assert other["name"] == lost["candidate"]["name"]
    page = Visitor(app).get(f"/propose/s/{public[0]['code']}").get_data(as_text=True)
    assert "入选" in page and "加装电梯" in page
    # the chosen project is in the year's register: its progress shows, linked to the 进度榜
    assert (won["progress"]["name"], won["progress"]["state"]) == ("加装电梯", "未开始")
    assert lost["progress"] is None
    assert "项目进度" in page and f"/progress#project-{won['progress']['id']}" in page
    off = desk.post("/api/v1/admin/register/settings", json={"public_progress": False})
    assert off.status_code == 200
    hidden = Visitor(app).get(f"/api/v1/public/proposals/{public[0]['code']}").get_json()
    assert hidden["progress"] is None and hidden["candidate"]["outcome"] == "入选"
    sheet = desk.get(f"/admin/ballots/{ballot}/sheet").get_data(as_text=True)
    assert "加装电梯：来源：群众建议 1 条、代表建议 1 条，附议 1 人。" in sheet


def test_proposals_are_matched_to_an_imported_candidate(app, factory, world):
    desk, phones = world
    public, _ = _accepted(app, desk, phones[0])
    meeting_ballot = factory.ballot(1, candidates=3)
    candidate = factory.item_ids(meeting_ballot)[0]
    matched = desk.post(
        f"/api/v1/admin/candidates/{candidate}/proposals",
        json={"proposal_ids": [public[0]["id"]]},
    )
    assert matched.status_code == 200, matched.get_json()
    assert matched.get_json()["provenance"]["text"] == "来源：群众建议 1 条，附议 1 人"
    missing = desk.post(
        "/api/v1/admin/candidates/999999/proposals", json={"proposal_ids": [public[0]["id"]]}
    )
    assert missing.status_code == 404


def upload(desk, path: str, data: bytes, filename: str):
    files = {"file": (io.BytesIO(data), filename)}
    answer = desk.post(path, data=files, content_type="multipart/form-data", json=None)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def imported_vote(desk) -> int:
    """The government's list of two candidates, imported at the desk: the draft project vote."""
    rows = "序号,项目名称\r\n1,城区公厕改造提升\r\n2,背街小巷路灯\r\n".encode("utf-8-sig")
    preview = upload(desk, "/api/v1/admin/imports/candidates/preview", rows, "候选项目.csv")
    confirm = "/api/v1/admin/imports/candidates/confirm"
    saved = desk.post(confirm, json={"token": preview["token"]})
    assert saved.status_code == 200, saved.get_json()
    return saved.get_json()["ballot_id"]


def pushed_states(phone) -> list[dict]:
    return [m["args"][0] for m in phone.get_received("/deputy") if m["name"] == "state"]


def lines_by_name(state: dict) -> dict:
    return {item["name"]: item.get("provenance", "absent") for item in state["ballot"]["items"]}


def count_computations(monkeypatch) -> list:
    calls = []
    real = ballot_provenance.provenance

    def counted(session, ids):
        calls.append(list(ids))
        return real(session, ids)

    monkeypatch.setattr(ballot_provenance, "provenance", counted)
    return calls


def test_the_phone_state_carries_the_provenance_lines_computed_once(
    app, world, socket_client, monkeypatch
):
    desk, phones = world
    ballot = imported_vote(desk)
    public, station = _accepted(app, desk, phones[0])
    made = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [p["id"] for p in public] + [station["id"]], "name": "加装电梯"},
    )
    assert made.status_code == 201, made.get_json()
    computed = count_computations(monkeypatch)
    socket = socket_client("/deputy", phones[1])
    assert desk.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    live.flush(app)
    line = "来源：群众建议 2 条、代表建议 1 条，附议 2 人"
    expected = {"城区公厕改造提升": None, "背街小巷路灯": None, "加装电梯": line}
    assert lines_by_name(pushed_states(socket)[-1]) == expected
    assert lines_by_name(phones[0].get("/api/v1/me").get_json()) == expected
    asked = phones[2].get(f"/api/v1/ballots/{ballot}/provenance").get_json()
    assert asked == {"provenance": {str(made.get_json()["id"]): line}}
    for phone in phones:  # every sheet marks the meeting dirty: the phone state is rebuilt
        sheet = {"approve": [made.get_json()["id"]]}
        cast = phone.post(
            f"/api/v1/ballots/{ballot}/sheets", json={"receipt": new_receipt(), "sheet": sheet}
        )
        assert cast.status_code == 201, cast.get_json()
        live.flush(app)
        assert lines_by_name(phone.get("/api/v1/me").get_json()) == expected
    assert len(computed) == 1, "once for the opened ballot, not per push or per phone"


def test_a_project_vote_opened_again_after_a_rehearsal_shows_its_new_lines(app, world):
    desk, phones = world
    public, station = _accepted(app, desk, phones[0])
    made = desk.post(
        "/api/v1/admin/candidates/from-proposals",
        json={"proposal_ids": [public[0]["id"]], "name": "加装电梯"},
    ).get_json()
    ballot = desk.post("/api/v1/admin/ballots", json={"kind": "project_vote", "places": 1})
    ballot = ballot.get_json()["id"]
    assert desk.post("/api/v1/admin/rehearsal", json={"on": True}).status_code == 200
    assert desk.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    me = phones[0].get("/api/v1/me").get_json()
    assert lines_by_name(me) == {"加装电梯": "来源：群众建议 1 条，附议 1 人"}
    assert desk.post("/api/v1/admin/rehearsal/wipe").status_code == 200
    matched = desk.post(
        f"/api/v1/admin/candidates/{made['id']}/proposals",
        json={"proposal_ids": [public[1]["id"], station["id"]]},
    )
    assert matched.status_code == 200, matched.get_json()
    assert desk.post("/api/v1/admin/rehearsal", json={"on": False}).status_code == 200
    assert desk.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    me = phones[0].get("/api/v1/me").get_json()
    assert lines_by_name(me) == {"加装电梯": "来源：群众建议 2 条、代表建议 1 条，附议 2 人"}


def test_a_rating_on_the_phone_carries_no_provenance(app, world, socket_client):
    desk, phones = world
    data = completed_projects_template_csv()
    imported = upload(desk, "/api/v1/admin/imports/completed-projects", data, "实事.csv")
    ballot = imported["ballot_id"]
    socket = socket_client("/deputy", phones[1])
    assert desk.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    live.flush(app)
    pushed = pushed_states(socket)[-1]
    me = phones[0].get("/api/v1/me").get_json()
    for state in (pushed, me):
        assert state["ballot"]["kind"] == "rating" and state["ballot"]["items"]
        assert set(lines_by_name(state).values()) == {"absent"}
    asked = phones[0].get(f"/api/v1/ballots/{ballot}/provenance").get_json()
    assert asked == {"provenance": {}}
