"""A ballot's life at the desk: drafts edited then frozen, countdown extended, void, re-vote."""

import json

import sqlalchemy as sa

from hall.live.state import live
from hall.store.db import write_session
from hall.store.models import AuditEntry, Ballot, Sheet
from hall.voting.receipts import new_receipt


def vote(deputy_client, token, ballot, approve):
    answer = deputy_client(token).post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": approve}},
    )
    assert answer.status_code == 201, answer.get_json()
    return answer


def audit_entries(app, action):
    with write_session(app) as db:
        entries = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()
        return [(entry.actor, json.loads(entry.detail)) for entry in entries]


def admin_post(admin_client, path, **body):
    return admin_client.post(f"/api/v1/admin{path}", json=body)


# ---------- drafts ----------


def test_a_draft_is_made_from_the_loaded_candidates(factory, admin_client):
    meeting = factory.meeting()
    template = factory.ballot(meeting, candidates=4, places=2)
    answer = admin_post(admin_client, "/ballots", title="补充票决")
    assert answer.status_code == 201
    draft = answer.get_json()
    assert draft["state"] == "draft" and draft["editable"] is True
    assert draft["title"] == "补充票决" and draft["kind"] == "project_vote"
    assert [item["id"] for item in draft["items"]] == factory.item_ids(template)
    assert draft["places"] == 4  # at most 10, and never more than the candidates
    assert draft["secret"] is True and draft["form"] == "approve"


def test_every_draft_setting_can_be_edited_and_each_edit_is_audited(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=5, places=3)
    items = factory.item_ids(ballot)
    changes = {
        "title": "2026年民生实事项目票决（修订）",
        "items": [items[3], items[0], items[1]],
        "form": "yes_no_abstain",
        "places": 2,
        "display": "live",
        "secret": False,
        "require_sign_in": False,
        "countdown_seconds": 300,
        "paper_two_person": True,
    }
    answer = admin_post(admin_client, f"/ballots/{ballot}/settings", **changes)
    assert answer.status_code == 200, answer.get_json()
    edited = answer.get_json()
    assert [item["id"] for item in edited["items"]] == changes["items"]
    assert [item["position"] for item in edited["items"]] == [1, 2, 3]
    for field, value in changes.items():
        if field != "items":
            assert edited[field] == value, field
    (actor, detail), *_ = audit_entries(app, "ballot_edit")
    assert actor == "admin"
    assert detail["before"]["places"] == 3 and detail["after"]["places"] == 2
    assert detail["after"]["items"] == changes["items"]
    shown = admin_client.get(f"/api/v1/admin/ballots/{ballot}").get_json()
    assert shown["countdown_seconds"] == 300


def test_bad_draft_settings_are_refused_in_chinese(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    path = f"/ballots/{ballot}/settings"
    for body in (
        {"places": 4},
        {"items": []},
        {"items": [999999]},
        {"form": "ranked"},
        {"display": "everything"},
        {"countdown_seconds": 5},
        {"secret": "yes"},
        {"colour": "red"},
    ):
        answer = admin_post(admin_client, path, **body)
        assert answer.status_code == 400, body
        assert answer.get_json()["error"]["code"] == "bad_request"
    assert "应选名额" in admin_post(admin_client, path, places=4).get_json()["error"]["message"]


def test_once_open_every_setting_is_frozen(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    assert admin_post(admin_client, f"/ballots/{ballot}/open").status_code == 200
    for body in ({"title": "改名"}, {"places": 1}, {"items": factory.item_ids(ballot)[:2]}):
        answer = admin_post(admin_client, f"/ballots/{ballot}/settings", **body)
        assert answer.status_code == 409
        error = answer.get_json()["error"]
        assert error["code"] == "ballot_frozen"
        assert "已锁定" in error["message"] and "投票中" in error["message"]
    assert admin_client.get(f"/api/v1/admin/ballots/{ballot}").get_json()["editable"] is False


def test_the_preset_countdown_starts_when_the_ballot_opens(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    admin_post(admin_client, f"/ballots/{ballot}/settings", countdown_seconds=120)
    opened = admin_post(admin_client, f"/ballots/{ballot}/open").get_json()
    assert opened["closes_at"] - opened["opened_at"] == 120_000


# ---------- countdown and void ----------


def test_an_open_ballot_gets_more_time_and_the_audit_says_how_much(app, factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    opened = admin_post(admin_client, f"/ballots/{ballot}/open", countdown_seconds=60).get_json()
    extended = admin_post(admin_client, f"/ballots/{ballot}/extend", seconds=120).get_json()
    assert extended["closes_at"] == opened["closes_at"] + 120_000
    (actor, detail), *_ = audit_entries(app, "ballot_extend")
    assert actor == "admin"
    assert (detail["before"], detail["after"], detail["seconds"]) == (
        opened["closes_at"],
        extended["closes_at"],
        120,
    )


def test_a_ballot_without_a_countdown_gets_one_when_extended(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    opened = admin_post(admin_client, f"/ballots/{ballot}/open").get_json()
    assert opened["closes_at"] is None
    extended = admin_post(admin_client, f"/ballots/{ballot}/extend", seconds=60).get_json()
    assert 59_000 <= extended["closes_at"] - opened["opened_at"] <= 65_000


def test_only_an_open_ballot_can_be_extended(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    assert admin_post(admin_client, f"/ballots/{ballot}/extend", seconds=60).status_code == 409
    admin_post(admin_client, f"/ballots/{ballot}/open")
    bad = admin_post(admin_client, f"/ballots/{ballot}/extend", seconds="60")
    assert bad.get_json()["error"]["code"] == "bad_request"
    admin_post(admin_client, f"/ballots/{ballot}/close")
    late = admin_post(admin_client, f"/ballots/{ballot}/extend", seconds=60)
    assert late.get_json()["error"]["code"] == "invalid_state"


def test_a_voided_ballot_keeps_its_sheets_and_shows_no_result(
    app, factory, admin_client, deputy_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, display="live")
    (_, token), *_ = factory.deputies(meeting, 3)
    admin_post(admin_client, f"/ballots/{ballot}/open")
    vote(deputy_client, token, ballot, factory.item_ids(ballot)[:1])
    refused = admin_post(admin_client, f"/ballots/{ballot}/void", reason="  ")
    assert refused.get_json()["error"]["code"] == "bad_request"

    voided = admin_post(admin_client, f"/ballots/{ballot}/void", reason="选票印制错误").get_json()
    assert voided["state"] == "void" and voided["void_reason"] == "选票印制错误"
    assert voided["closed_at"] is not None
    with write_session(app) as db:
        assert db.scalar(sa.select(sa.func.count()).where(Sheet.ballot_id == ballot)) == 1
        screen = live.screen_snapshot(db, db.get(Ballot, ballot).meeting)
    assert screen["result"] is None and screen["ballot"] is None
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    assert result["void_reason"] == "选票印制错误"
    (_, detail), *_ = audit_entries(app, "ballot_void")
    assert detail == {"ballot": ballot, "reason": "选票印制错误", "before": "open", "after": "void"}
    again = admin_post(admin_client, f"/ballots/{ballot}/void", reason="再次")
    assert again.get_json()["error"]["code"] == "invalid_state"
    assert admin_post(admin_client, f"/ballots/{ballot}/publish").status_code == 409


# ---------- re-vote ----------


def tie_for_the_last_place(factory, admin_client, deputy_client, **settings):
    """7 deputies, K = 2 of A, B, C: A 5, B 4, C 4 (threshold 4): A chosen, B and C tied."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, **settings)
    a, b, c = factory.item_ids(ballot)
    tokens = [token for _, token in factory.deputies(meeting, 7)]
    admin_post(admin_client, f"/ballots/{ballot}/open")
    for token, approve in zip(
        tokens, [[a, b], [a, b], [a, c], [a, c], [a], [b, c], [b, c]], strict=True
    ):
        vote(deputy_client, token, ballot, approve)
    admin_post(admin_client, f"/ballots/{ballot}/close")
    return ballot, (a, b, c), tokens


def run_round(admin_client, deputy_client, ballot, tokens, sheets):
    assert admin_post(admin_client, f"/ballots/{ballot}/open").status_code == 200
    for token, approve in zip(tokens, sheets, strict=False):
        vote(deputy_client, token, ballot, approve)
    assert admin_post(admin_client, f"/ballots/{ballot}/close").status_code == 200


def test_a_tie_at_the_cut_off_leads_to_a_revote_and_a_combined_result(
    factory, admin_client, deputy_client
):
    parent, (a, b, c), tokens = tie_for_the_last_place(factory, admin_client, deputy_client)
    result = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()
    assert (result["chosen_ids"], result["tied_ids"], result["places_left"]) == ([a], [b, c], 1)
    assert "final" not in result

    answer = admin_post(admin_client, f"/ballots/{parent}/revote")
    assert answer.status_code == 201, answer.get_json()
    revote = answer.get_json()
    assert revote["state"] == "draft" and revote["parent_id"] == parent
    assert [item["id"] for item in revote["items"]] == [b, c]
    assert revote["places"] == 1 and revote["form"] == "approve"
    twice = admin_post(admin_client, f"/ballots/{parent}/revote")
    assert twice.status_code == 409 and "尚未结束" in twice.get_json()["error"]["message"]
    frozen_items = admin_post(admin_client, f"/ballots/{revote['id']}/settings", places=2)
    assert frozen_items.status_code == 400

    pending = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()["final"]
    assert pending["pending_id"] == revote["id"] and pending["complete"] is False
    assert pending["chosen_ids"] == [a] and pending["tied_ids"] == [b, c]

    run_round(admin_client, deputy_client, revote["id"], tokens, [[b]] * 4 + [[c]] * 3)
    final = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()["final"]
    assert final["chosen_ids"] == [a, b]
    assert (final["tied_ids"], final["places_left"]) == ([], 0)
    assert final["rounds"] == [parent, revote["id"]]
    assert final["complete"] is True and final["shortfall"] == 0
    assert [entry["name"] for entry in final["chosen"]] == ["候选项目1", "候选项目2"]
    on_revote = admin_client.get(f"/api/v1/admin/ballots/{revote['id']}/result").get_json()
    assert on_revote["final"] == final
    no_tie = admin_post(admin_client, f"/ballots/{parent}/revote")
    assert no_tie.status_code == 409 and no_tie.get_json()["error"]["code"] == "no_tie"


def test_a_revote_that_ties_again_gets_another_revote(factory, admin_client, deputy_client):
    # A quarter of the deputies is enough here, so a re-vote can tie again above the line.
    parent, (a, b, c), tokens = tie_for_the_last_place(
        factory, admin_client, deputy_client, threshold_fraction="1/4"
    )
    result = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()
    assert result["tied_ids"] == [b, c] and result["places_left"] == 1
    second = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    run_round(admin_client, deputy_client, second, tokens, [[b]] * 3 + [[c]] * 3 + [[]])
    tied_again = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()["final"]
    assert tied_again["chosen_ids"] == [a] and tied_again["tied_ids"] == [b, c]
    assert tied_again["rounds"] == [parent, second] and tied_again["complete"] is False

    third = admin_post(admin_client, f"/ballots/{second}/revote").get_json()
    assert third["parent_id"] == second and third["places"] == 1
    assert third["title"] == "第三轮票决：2 个并列项目选 1 项"
    run_round(admin_client, deputy_client, third["id"], tokens, [[c]] * 4 + [[b]] * 3)
    final = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()["final"]
    assert final["chosen_ids"] == [a, c] and final["rounds"] == [parent, second, third["id"]]
    assert final["complete"] is True


def test_a_voided_revote_can_be_held_again(factory, admin_client, deputy_client):
    parent, (_, b, c), _ = tie_for_the_last_place(factory, admin_client, deputy_client)
    first = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    admin_post(admin_client, f"/ballots/{first}/void", reason="宣读有误，重新组织")
    again = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()
    assert again["id"] != first and [item["id"] for item in again["items"]] == [b, c]


def test_only_a_closed_vote_with_a_tie_can_be_revoted(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    assert admin_post(admin_client, f"/ballots/{ballot}/revote").status_code == 409
    admin_post(admin_client, f"/ballots/{ballot}/open")
    admin_post(admin_client, f"/ballots/{ballot}/close")
    answer = admin_post(admin_client, f"/ballots/{ballot}/revote")
    assert answer.get_json()["error"]["code"] == "no_tie"


def test_the_screen_shows_the_combined_result_of_a_published_revote(
    app, factory, admin_client, deputy_client
):
    parent, (a, b, _), tokens = tie_for_the_last_place(factory, admin_client, deputy_client)
    admin_post(admin_client, f"/ballots/{parent}/publish")
    revote = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    run_round(admin_client, deputy_client, revote, tokens, [[b]] * 5)
    admin_post(admin_client, f"/ballots/{revote}/publish")
    with write_session(app) as db:
        screen = live.screen_snapshot(db, db.get(Ballot, revote).meeting)
    assert screen["scene"] == "result" and screen["ballot"]["id"] == revote
    assert screen["result"]["final"]["chosen_ids"] == [a, b]


def test_the_exports_carry_the_combined_result(factory, admin_client, deputy_client):
    parent, (_, b, _), tokens = tie_for_the_last_place(factory, admin_client, deputy_client)
    revote = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    run_round(admin_client, deputy_client, revote, tokens, [[b]] * 5)
    text = admin_client.get(f"/api/v1/admin/ballots/{parent}/export.csv").data.decode("utf-8-sig")
    assert "最终结果（含重新票决）" in text and "入选 2 项：候选项目1、候选项目2" in text


def test_the_dashboard_loads_the_ballot_tools_and_names_a_void_ballot(factory, admin_client):
    ballot = factory.ballot(factory.meeting(), candidates=3, places=2)
    admin_post(admin_client, f"/ballots/{ballot}/void", reason="测试作废")
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "js/admin/ballot_life.js" in page and "css/admin-ballot-life.css" in page
    assert ">已作废<" in page  # the state pill says the one table's word
