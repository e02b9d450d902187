"""A yes / no / abstain ballot on the hall screen (issue 16): the snapshot says the form and
carries 赞成, 反对 and 弃权 per candidate, live in batches and once published, so the screen
can show all three in the keypads' colours (static/js/screen/marks.js)."""

from hall.live.state import live
from hall.voting.receipts import new_receipt


def last_snapshot(app, screen) -> dict:
    live.flush(app)
    received = [m["args"][0] for m in screen.get_received("/screen") if m["name"] == "snapshot"]
    return received[-1]


def marks_of(snapshot: dict) -> dict:
    rows = snapshot["result"]["rows"]
    return {row["candidate_id"]: (row["yes"], row["no"], row["abstain"]) for row in rows}


def test_the_screen_gets_yes_no_and_abstain_per_candidate(
    app, factory, deputy_client, admin_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2, form="yes_no_abstain", display="live")
    first, second, third = factory.item_ids(ballot)
    deputies = factory.deputies(meeting, 5)
    screen = socket_client("/screen", auth={"key": "screen-key"})
    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    # 5 sheets (one release): the first candidate 3 赞成, 1 反对, 1 left unmarked (弃权).
    sheets = [
        {first: "yes", second: "no", third: "abstain"},
        {first: "yes", second: "no"},
        {first: "yes", second: "yes", third: "no"},
        {first: "no", second: "abstain", third: "yes"},
        {second: "no"},
    ]
    for (_, token), marks in zip(deputies, sheets, strict=True):
        sheet = {"marks": {str(item): mark for item, mark in marks.items()}}
        answer = deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets", json={"receipt": new_receipt(), "sheet": sheet}
        )
        assert answer.status_code == 201, answer.get_json()

    expected = {first: (3, 1, 1), second: (1, 3, 1), third: (1, 1, 3)}
    voting = last_snapshot(app, screen)
    assert voting["scene"] == "voting"
    assert voting["ballot"]["form"] == "yes_no_abstain"
    assert marks_of(voting) == expected

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    published = last_snapshot(app, screen)
    assert published["scene"] == "result"
    assert published["ballot"]["form"] == "yes_no_abstain"
    assert marks_of(published) == expected
    outcomes = {row["candidate_id"]: row["outcome"] for row in published["result"]["rows"]}
    # More than half of the 5 deputies is 3 赞成: only the first passes.
    assert outcomes == {first: "chosen", second: "not_passed", third: "not_passed"}


def test_an_approve_ballot_says_its_form_so_the_screen_shows_yes_alone(
    app, factory, admin_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    screen = socket_client("/screen", auth={"key": "screen-key"})
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    assert last_snapshot(app, screen)["ballot"]["form"] == "approve"
