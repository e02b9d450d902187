"""The published result on the deputy's phone: only once published, only the card's meeting."""

from tests.test_ballot_life import admin_post, run_round, tie_for_the_last_place


def test_the_result_reaches_the_phone_only_once_published(factory, admin_client, deputy_client):
    parent, (_, b, _), tokens = tie_for_the_last_place(factory, admin_client, deputy_client)
    phone = deputy_client(tokens[0])
    early = phone.get(f"/api/v1/ballots/{parent}/result")
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "not_published"
    admin_post(admin_client, f"/ballots/{parent}/publish")
    first = phone.get(f"/api/v1/ballots/{parent}/result").get_json()
    assert first == {"kind": "project_vote", "valid": True, "chosen": ["候选项目1"], "rounds": 1}

    revote = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    run_round(admin_client, deputy_client, revote, tokens, [[b]] * 5)
    admin_post(admin_client, f"/ballots/{revote}/publish")
    final = phone.get(f"/api/v1/ballots/{revote}/result").get_json()
    assert final["chosen"] == ["候选项目1", "候选项目2"] and final["rounds"] == 2


def test_a_card_sees_no_other_meetings_result(factory, admin_client, deputy_client):
    parent, _, _ = tie_for_the_last_place(factory, admin_client, deputy_client)
    admin_post(admin_client, f"/ballots/{parent}/publish")
    other = factory.meeting()
    _, token = factory.deputy(other)
    answer = deputy_client(token).get(f"/api/v1/ballots/{parent}/result")
    assert answer.status_code == 404
    assert deputy_client("no-card").get(f"/api/v1/ballots/{parent}/result").status_code == 401
