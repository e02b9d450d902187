"""The public receipt check: a counted receipt is found, any other is not, no choice is shown."""

import pytest

from hall.voting import receipt_check
from hall.voting.receipts import new_receipt


@pytest.fixture(autouse=True)
def fresh_limit():
    receipt_check.limit.reset()
    yield
    receipt_check.limit.reset()


@pytest.fixture
def counted(factory, admin_client, deputy_client):
    """One deputy's sheet in the box, approving 候选项目2 only; its receipt code."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    (_, token), *_ = factory.deputies(meeting, 2)
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    receipt = new_receipt()
    answer = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": receipt, "sheet": {"approve": factory.item_ids(ballot)[1:2]}},
    )
    assert answer.status_code == 201
    return ballot, receipt


def test_a_counted_receipt_is_included(client, counted):
    _, receipt = counted
    answer = client.get(f"/api/v1/receipts/{receipt}")
    assert answer.status_code == 200
    assert answer.get_json() == {"included": True, "ballot": "2026年民生实事项目票决"}
    # Typed without dashes, in lower case, with O for 0: still the same code.
    loose = receipt.replace("-", "").lower().replace("0", "o")
    assert client.get(f"/api/v1/receipts/{loose}").get_json()["included"] is True


def test_another_receipt_is_not_included(client, counted):
    assert client.get(f"/api/v1/receipts/{new_receipt()}").get_json() == {"included": False}
    bad = client.get("/api/v1/receipts/not-a-code")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "receipt_invalid"


def test_the_page_says_included_and_never_shows_the_choice(client, counted):
    _, receipt = counted
    form = client.get("/receipt")
    assert form.status_code == 200 and 'name="code"' in form.get_data(as_text=True)
    html = client.post("/receipt", data={"code": receipt}).get_data(as_text=True)
    assert 'data-included="true"' in html and "已计入「2026年民生实事项目票决」" in html
    for choice in ("候选项目1", "候选项目2", "候选项目3", "赞成", "approve"):
        assert choice not in html
    other = client.post("/receipt", data={"code": new_receipt()}).get_data(as_text=True)
    assert 'data-included="false"' in other and "没有这个回执码" in other
    wrong = client.post("/receipt", data={"code": "12345"})
    assert wrong.status_code == 400 and "格式不正确" in wrong.get_data(as_text=True)


def test_a_voided_ballot_is_named_as_such(client, counted, admin_client):
    ballot, receipt = counted
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/void", json={"reason": "重新组织投票"})
    answer = client.get(f"/api/v1/receipts/{receipt}").get_json()
    assert answer == {"included": True, "ballot": "2026年民生实事项目票决", "void": True}


def test_lookups_are_limited_per_address(client, counted):
    _, receipt = counted
    for _ in range(receipt_check.limit.limit):
        assert client.get(f"/api/v1/receipts/{receipt}").status_code == 200
    refused = client.get(f"/api/v1/receipts/{receipt}")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "too_many_attempts"
    page = client.post("/receipt", data={"code": receipt})
    assert page.status_code == 429 and "频繁" in page.get_data(as_text=True)
    elsewhere = client.get(f"/api/v1/receipts/{receipt}", environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert elsewhere.status_code == 200
