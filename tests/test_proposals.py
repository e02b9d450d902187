"""问需于民 through its API: the round, proposing and following a code, 附议 once per device,
abuse checks that spare a NAT of honest people, the desk's queue, merge, answer, statistics."""

import io

import pytest
from openpyxl import load_workbook

from hall.proposals import guard
from tests.proposals_helpers import Visitor, answer, no_fill_wait, open_round


@pytest.fixture
def desk(app, factory, admin_client):
    factory.meeting()
    no_fill_wait(app)
    open_round(admin_client)
    yield admin_client
    guard.reset()


def test_a_visitor_proposes_and_follows_the_tracking_code(app, desk):
    visitor = Visitor(app)
    assert visitor.round["state"] == "collecting" and "养老" in visitor.round["areas"]
    sent = visitor.propose(proposer_name="张三", proposer_phone="13812345678", consent=True)
    assert sent.status_code == 201, sent.get_json()
    code = sent.get_json()["code"]
    status = visitor.get(f"/api/v1/public/proposals/{code.lower()}").get_json()
    assert status["state_text"] == "已收到" and status["title"] == "幸福小区加装电梯"
    assert "13812345678" not in str(status) and "张三" not in str(status)
    answer(desk, sent.get_json()["id"], "partly", "先在 3 幢试点")
    status = visitor.get(f"/api/v1/public/proposals/{code}").get_json()
    assert (status["answer_text"], status["answer_reason"]) == ("部分采纳", "先在 3 幢试点")


def test_name_and_phone_need_the_consent_line(app, desk):
    refused = Visitor(app).propose(proposer_phone="13812345678")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "consent_needed"
    bad = Visitor(app).propose(proposer_phone="12345", consent=True)
    assert bad.get_json()["error"]["code"] == "bad_phone"


def test_phone_numbers_are_masked_but_in_the_one_admin_view(app, desk):
    sent = Visitor(app).propose(proposer_phone="13812345678", consent=True).get_json()
    queue = desk.get("/api/v1/admin/proposals").get_json()
    detail = desk.get(f"/api/v1/admin/proposals/{sent['id']}").get_json()
    assert "13812345678" not in str(queue) and detail["proposer_phone"] == "138****5678"
    contact = desk.get(f"/api/v1/admin/proposals/{sent['id']}/contact").get_json()
    assert contact["phone"] == "13812345678"
    book = load_workbook(io.BytesIO(desk.get("/api/v1/admin/proposals/export.xlsx").data))
    assert "13812345678" not in str([row for row in book.active.values])


def test_similar_titles_are_offered_and_a_device_supports_once(app, desk):
    first = Visitor(app).propose("幸福小区加装电梯").get_json()
    Visitor(app).propose("学校门口增设红绿灯", area="交通")
    visitor = Visitor(app)
    found = visitor.get("/api/v1/public/proposals/similar?q=小区加装电梯").get_json()
    assert [p["id"] for p in found["proposals"]] == [first["id"]]
    assert visitor.support(first["id"]).get_json() == {
        "id": first["id"],
        "supports": 1,
        "new": True,
    }
    again = visitor.support(first["id"]).get_json()
    assert again["new"] is False and again["supports"] == 1
    assert Visitor(app).support(first["id"]).get_json()["supports"] == 2


def test_support_needs_a_device_cookie(app, desk):
    sent = Visitor(app).propose().get_json()
    bare = app.test_client().post(f"/api/v1/public/proposals/{sent['id']}/support", json={})
    assert bare.get_json()["error"]["code"] == "no_device"


def test_the_same_text_twice_is_a_duplicate_pointing_at_the_first(app, desk):
    first = Visitor(app).propose("幸福小区加装电梯", "幸福小区 3 幢加装电梯，方便老人。").get_json()
    twin = Visitor(app).propose("幸福小区 加装电梯！", "幸福小区3幢加装电梯,方便老人")
    assert twin.status_code == 409
    error = twin.get_json()["error"]
    assert error["code"] == "duplicate_text" and error["problems"][0]["id"] == first["id"]


def test_lengths_areas_and_the_honeypot_are_checked(app, desk):
    visitor = Visitor(app)
    assert visitor.propose("电梯").get_json()["error"]["code"] == "too_short"
    assert visitor.propose("x" * 41).get_json()["error"]["code"] == "too_long"
    assert visitor.propose(area="火星").get_json()["error"]["code"] == "bad_area"
    assert visitor.propose(website="http://spam").get_json()["error"]["code"] == "rejected"
    assert visitor.propose(form_token="1.abc").get_json()["error"]["code"] == "form_expired"
    assert desk.get("/api/v1/admin/proposals").get_json()["total"] == 0


def test_a_form_sent_faster_than_a_person_types_is_refused(app, desk):
    app.config["PROPOSAL_MIN_FILL_SECONDS"] = 30
    refused = Visitor(app).propose()
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "too_fast"


def test_one_device_is_throttled_but_a_nat_of_honest_phones_is_not(app, desk):
    phone = Visitor(app, "10.0.0.9")
    answers = [phone.propose(f"第{n}号小区加装电梯").status_code for n in range(6)]
    assert answers == [201] * 5 + [429]
    neighbours = [Visitor(app, "10.0.0.9") for _ in range(30)]  # one NAT, thirty phones
    codes = {
        v.propose(f"第{n + 100}号路口增设红绿灯").status_code for n, v in enumerate(neighbours)
    }
    assert codes == {201}


def test_submissions_outside_the_round_are_refused(app, factory, admin_client):
    factory.meeting()
    no_fill_wait(app)
    open_round(admin_client, opens_on="2020-01-01", closes_on="2020-01-31")
    refused = Visitor(app).propose()
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "round_closed"
    bad = admin_client.post(
        "/api/v1/admin/proposal-round", json={"opens_on": "2020-02-01", "closes_on": "2020-01-01"}
    )
    assert bad.get_json()["error"]["code"] == "bad_dates"


def test_the_desk_filters_and_pages_the_queue(app, desk):
    for n in range(25):
        Visitor(app).propose(f"第{n}号楼加装电梯", area="养老" if n % 2 else "交通")
    page = desk.get("/api/v1/admin/proposals?area=交通&per_page=20&page=1").get_json()
    assert page["total"] == 13 and len(page["proposals"]) == 13
    both = desk.get("/api/v1/admin/proposals?page=2").get_json()
    assert both["total"] == 25 and len(both["proposals"]) == 5 and both["page"] == 2
    found = desk.get("/api/v1/admin/proposals?q=第7号").get_json()
    assert [p["title"] for p in found["proposals"]] == ["第7号楼加装电梯"]
    online = desk.get("/api/v1/admin/proposals?channel=online&state=received").get_json()
    assert online["total"] == 25


def test_merging_keeps_sources_and_supports(app, desk):
    ids = [Visitor(app).propose(f"幸福小区加装电梯第{n}幢").get_json()["id"] for n in range(3)]
    both = Visitor(app)
    both.support(ids[0]), both.support(ids[1])
    Visitor(app).support(ids[2])
    merged = desk.post(
        "/api/v1/admin/proposals/merge", json={"target_id": ids[0], "source_ids": ids[1:]}
    )
    assert merged.status_code == 200 and merged.get_json()["supports"] == 2
    detail = desk.get(f"/api/v1/admin/proposals/{ids[0]}").get_json()
    assert len(detail["merged_from"]) == 2
    source = desk.get(f"/api/v1/admin/proposals/{ids[1]}").get_json()
    assert source["state"] == "merged" and source["merged_into"] == ids[0]
    late = Visitor(app).support(ids[1]).get_json()  # a merged one counts for its target
    assert late["id"] == ids[0] and late["supports"] == 3


def test_hiding_takes_a_proposal_out_of_search_and_tells_the_proposer_why(app, desk):
    sent = Visitor(app).propose("幸福小区加装电梯").get_json()
    no_reason = desk.post(f"/api/v1/admin/proposals/{sent['id']}/hide", json={})
    assert no_reason.get_json()["error"]["code"] == "too_short"
    desk.post(f"/api/v1/admin/proposals/{sent['id']}/hide", json={"reason": "含有个人隐私"})
    visitor = Visitor(app)
    assert visitor.get("/api/v1/public/proposals/similar?q=幸福小区").get_json()["proposals"] == []
    assert visitor.support(sent["id"]).status_code == 404
    status = visitor.get(f"/api/v1/public/proposals/{sent['code']}").get_json()
    assert status["state_text"] == "未公开" and status["hidden_reason"] == "含有个人隐私"


def test_department_answer_and_statistics(app, desk):
    sent = Visitor(app).propose().get_json()
    desk.post(f"/api/v1/admin/proposals/{sent['id']}/department", json={"department": "市住建局"})
    bad = desk.post(f"/api/v1/admin/proposals/{sent['id']}/answer", json={"answer": "maybe"})
    assert bad.get_json()["error"]["code"] == "bad_answer"
    answer(desk, sent["id"], "declined", "已列入老旧小区改造计划")
    stats = desk.get("/api/v1/admin/proposals/stats").get_json()
    assert stats["total"] == 1 and stats["by_area"] == {"养老": 1}
    assert stats["by_answer"] == {"暂不采纳": 1} and stats["by_channel"] == {"群众在线": 1}
    status = Visitor(app).get(f"/api/v1/public/proposals/{sent['code']}").get_json()
    assert status["department"] == "市住建局" and status["answer_text"] == "暂不采纳"


def test_unknown_codes_are_not_found(app, desk):
    for code in ("JY-0000-0000", "nonsense", "x" * 500):
        answer_ = Visitor(app).get(f"/api/v1/public/proposals/{code}")
        assert answer_.status_code == 404 and answer_.get_json()["error"]["code"] == "not_found"


def test_the_audit_page_names_the_proposal_actions_in_chinese(app, desk):
    sent = Visitor(app).propose().get_json()
    answer(desk, sent["id"], "partly", "先试点")
    desk.post("/api/v1/admin/proposals/merge", json={"target_id": sent["id"], "source_ids": [1]})
    page = desk.get("/admin/audit").get_data(as_text=True)
    assert "修改征集设置" in page and "答复建议" in page and "部分采纳" in page
    assert ">proposal_answer<" not in page and "答复：</span>部分采纳" in page
