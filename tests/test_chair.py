"""The chair's view (/chair): its own key, read-only, no tally while a ballot is open, the result
before the hall sees it, and the 主持词 filled with the result's own figures."""

import re

import pytest

from hall.chair.access import chair_key
from hall.demo.load import load_demo
from hall.store.db import write_session
from hall.store.models import Meeting
from hall.voting.receipts import new_receipt
from tests.test_ballot_life import admin_post, tie_for_the_last_place, vote
from tests.test_rating import cast_pattern


def key_of(app, meeting_id):
    with app.app_context(), write_session(app) as db:
        return chair_key(db.get(Meeting, meeting_id))


def snapshot(client, key):
    answer = client.get(f"/api/v1/chair/snapshot?key={key}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_the_chair_has_its_own_key(app, factory, client):
    meeting = factory.meeting()
    key = key_of(app, meeting)
    assert key != "screen-key" and len(key) == 20
    assert "主持人屏密钥" in client.get("/chair").get_data(as_text=True)
    assert client.get("/chair?key=screen-key").status_code == 403
    page = client.get(f"/chair?key={key}")
    assert page.status_code == 200 and "js/chair/chair.js" in page.get_data(as_text=True)
    refused = client.get("/api/v1/chair/snapshot?key=screen-key")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "bad_chair_key"


def test_the_desk_shows_the_chairs_link(app, factory, admin_client):
    meeting = factory.meeting()
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert f"/chair?key={key_of(app, meeting)}" in page and 'id="copy-chair-link"' in page


def test_the_roll_is_read_with_its_figures(app, factory, client):
    meeting = factory.meeting(sign_in_open=True)
    factory.deputies(meeting, 2)
    factory.deputy(meeting, signed_in=False)
    view = snapshot(client, key_of(app, meeting))
    assert view["step"] == "sign_in" and view["ballot"] is None and view["result"] is None
    assert view["script"] == [
        "本次会议应到代表 3 名，实到 2 名，超过应到代表的半数，符合法定人数，可以开会。"
    ]


def test_no_tally_while_open_then_the_result_before_publication(
    app, factory, client, admin_client, deputy_client
):
    parent, (a, b, _), tokens = tie_for_the_last_place(factory, admin_client, deputy_client)
    with write_session(app) as db:
        meeting = db.get(Meeting, 1).id
    key = key_of(app, meeting)
    closed = snapshot(client, key)
    assert closed["step"] == "closed" and closed["step_name"] == "投票已结束 · 结果尚未公布"
    result = admin_client.get(f"/api/v1/admin/ballots/{parent}/result").get_json()
    assert closed["result"]["chosen_ids"] == result["chosen_ids"] == [a]
    script = "\n".join(closed["script"])
    assert "应到代表 7 名，实到 7 名，发出选票 7 张，收回选票 7 张，其中有效 7 张" in script
    assert f"入选线为赞成 {result['threshold']} 票" in script
    assert "以下 1 个项目确定为 2026 年民生实事项目：候选项目1（赞成 5 票）。" in script
    assert "候选项目2、候选项目3共 2 个项目得票相同，争夺剩余 1 个名额，须重新票决。" in script

    revote = admin_post(admin_client, f"/ballots/{parent}/revote").get_json()["id"]
    admin_post(admin_client, f"/ballots/{revote}/open")
    vote(deputy_client, tokens[0], revote, [b])
    running = snapshot(client, key)
    assert running["step"] == "open" and running["result"] is None
    assert running["ballot"]["turnout"]["voted"] == 1
    assert not re.search(r"候选项目\d|票）", "".join(running["script"]))  # no name, no count
    assert running["script"][0].startswith("现在进行《")
    for token in tokens[1:5]:
        vote(deputy_client, token, revote, [b])
    admin_post(admin_client, f"/ballots/{revote}/close")

    final = snapshot(client, key)
    assert final["result"]["final"]["chosen_ids"] == [a, b]
    assert (
        "经 2 轮票决，以下 2 个项目确定为 2026 年民生实事项目：候选项目1、候选项目2。"
        in (final["script"])
    )
    admin_post(admin_client, f"/ballots/{revote}/publish")
    assert snapshot(client, key)["step_name"] == "结果已公布"


@pytest.fixture
def open_rating(app, factory, admin_client):
    """The demo's rating ballot, open, with ten signed-in deputies (as in tests/test_rating.py)."""
    with write_session(app) as db:
        load_demo(db, app.config["SECRET_KEY"])
    overview = admin_client.get("/api/v1/admin/overview").get_json()
    ballot = next(b for b in overview["ballots"] if b["kind"] == "rating")
    tokens = [token for _, token in factory.deputies(1, 10)]
    assert admin_post(admin_client, f"/ballots/{ballot['id']}/open").status_code == 200
    return ballot["id"], factory.item_ids(ballot["id"]), tokens


def test_a_rating_is_read_as_测评_with_its_grades(
    app, open_rating, client, admin_client, deputy_client
):
    ballot, projects, tokens = open_rating
    cast_pattern(deputy_client, ballot, projects, tokens)
    key = key_of(app, 1)
    running = snapshot(client, key)
    assert running["step_name"] == "测评进行中" and running["result"] is None
    admin_post(admin_client, f"/ballots/{ballot}/close")
    closed = snapshot(client, key)
    assert closed["step_name"] == "测评已结束 · 结果尚未公布"
    result = admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json()
    first = result["rows"][0]
    line = f"{first['name']}：满意（满意率 60.00%，综合满意率 90.00%）。"
    assert closed["script"][0].endswith("收回测评票 10 张，其中有效 10 张，无效 0 张。")
    assert line in closed["script"]
    assert closed["script"][-1].startswith(f"{len(result['rectification_ids'])} 个项目评为不满意")


def test_a_yes_no_abstain_table_has_all_three_columns_even_when_every_mark_is_yes(
    app, factory, client, admin_client, deputy_client
):
    """The columns follow the ballot's kind (the registry), not the figures cast."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=2, places=2, form="yes_no_abstain")
    items = factory.item_ids(ballot)
    deputies = factory.deputies(meeting, 3)
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    for _, token in deputies:
        sheet = {"marks": {str(item): "yes" for item in items}}
        answer = deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets", json={"receipt": new_receipt(), "sheet": sheet}
        )
        assert answer.status_code == 201, answer.get_json()
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    view = snapshot(client, key_of(app, meeting))
    assert view["step"] == "closed"
    assert view["ballot"]["marks"] == ["yes", "no", "abstain"]
    assert [(row["yes"], row["no"], row["abstain"]) for row in view["result"]["rows"]] == [
        (3, 0, 0),
        (3, 0, 0),
    ]


def test_an_approve_ballots_table_has_only_the_yes_column(app, factory, client):
    meeting = factory.meeting()
    factory.ballot(meeting, candidates=2, places=1, state="open")
    view = snapshot(client, key_of(app, meeting))
    assert view["ballot"]["marks"] == ["yes"]
