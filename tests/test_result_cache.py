"""A stopped ballot's count is kept (hall/voting/result_cache.py): the close, the publish, the
screen, the desk and the phones read one count of the box, and whatever changes the box or the
ballot after the close (a paper sheet typed in, a void) is counted again."""

import pytest

from hall.voting import results as results_module
from tests import test_paper
from tests.test_paper import phone_vote, post

hall = test_paper.hall  # an open ballot (K = 2 of 3), four deputies, the last two on paper


@pytest.fixture
def counts(monkeypatch):
    """How many times the box was read and counted."""
    calls = []
    original = results_module._count_box

    def counting(session, ballot):
        calls.append(ballot.id)
        return original(session, ballot)

    monkeypatch.setattr(results_module, "_count_box", counting)
    return calls


def two_phones_then_close(hall, admin_client, deputy_client) -> None:
    ballot, items, deputies = hall
    for _, token in deputies[:2]:
        assert phone_vote(deputy_client, token, ballot, items[:1]).status_code == 201
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/close").status_code == 200


def desk_result(admin_client, ballot):
    answer = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result")
    assert answer.status_code == 200
    return answer.get_json()


def test_a_closed_ballot_is_counted_once_for_every_reader(
    hall, admin_client, deputy_client, counts
):
    ballot, _, deputies = hall
    two_phones_then_close(hall, admin_client, deputy_client)
    first = desk_result(admin_client, ballot)
    assert desk_result(admin_client, ballot) == first
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish").status_code == 200
    published = desk_result(admin_client, ballot)
    phone = deputy_client(deputies[0][1])
    assert phone.get(f"/api/v1/ballots/{ballot}/result").status_code == 200
    me = phone.get("/api/v1/me").get_json()
    assert me["ballot"]["result"]["kind"] == "project_vote"
    assert published["rows"] == first["rows"] and published["returned"] == 2
    assert counts.count(ballot) == 1


def test_a_paper_sheet_typed_in_after_the_close_is_counted(
    hall, admin_client, deputy_client, counts
):
    ballot, items, _ = hall
    two_phones_then_close(hall, admin_client, deputy_client)
    before = desk_result(admin_client, ballot)
    assert (before["returned"], before["rows"][0]["yes"]) == (2, 2)
    typed = post(admin_client, f"/{ballot}/paper/sheets", sheet={"approve": items[:1]})
    assert typed.status_code < 300
    after = desk_result(admin_client, ballot)
    assert (after["returned"], after["rows"][0]["yes"]) == (3, 3)
    assert after["sources"]["paper"]["returned"] == 1
    assert counts.count(ballot) == 2


def test_a_voided_ballot_says_so_though_its_box_did_not_change(
    hall, admin_client, deputy_client, counts
):
    ballot, items, deputies = hall
    phone_vote(deputy_client, deputies[0][1], ballot, items[:1])
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    assert desk_result(admin_client, ballot)["void_reason"] is None
    voided = admin_client.post(f"/api/v1/admin/ballots/{ballot}/void", json={"reason": "设备故障"})
    assert voided.status_code == 200
    assert desk_result(admin_client, ballot)["void_reason"] == "设备故障"


def test_a_reader_changing_its_copy_changes_nobody_else_s(hall, admin_client, counts):
    from hall.store.db import session_factory
    from hall.store.models import Ballot

    ballot, _, _ = hall
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    with session_factory(admin_client.application)() as session:
        row = session.get(Ballot, ballot)
        results_module.compute_result(session, row)  # counted and kept
        mine = results_module.compute_result(session, row)
        mine["rows"][0]["name"] = "改过的名字"
        again = results_module.compute_result(session, row)
    assert again["rows"][0]["name"] != "改过的名字"
