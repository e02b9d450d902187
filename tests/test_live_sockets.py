"""Socket.IO: phones get the opened ballot, screens get numbered snapshots that only rise."""

import csv
import io

from hall.deputy.events import claims_by_sid, submit
from hall.live.state import live
from hall.voting.receipts import new_receipt


def flush(app):
    live.flush(app)


def snapshots(client, event="snapshot"):
    return [
        message["args"][0]
        for message in client.get_received(client.namespace_name)
        if message["name"] == event
    ]


def test_a_phone_is_shown_the_ballot_when_the_secretariat_opens_it(
    app, factory, deputy_client, admin_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    _, token = factory.deputy(meeting)
    phone = socket_client("/deputy", deputy_client(token))
    phone.namespace_name = "/deputy"
    first = snapshots(phone, "state")
    assert first and first[-1]["ballot"] is None

    assert admin_client.post(f"/api/v1/admin/ballots/{ballot}/open").status_code == 200
    flush(app)
    pushed = snapshots(phone, "state")
    assert len(pushed) == 1
    assert pushed[0]["ballot"]["id"] == ballot
    assert pushed[0]["ballot"]["state"] == "open"
    assert len(pushed[0]["ballot"]["items"]) == 15
    assert pushed[0]["seq"] > first[-1]["seq"]


def test_a_phone_without_a_card_cannot_connect(app, socket_client):
    phone = socket_client("/deputy", app.test_client())
    assert not phone.is_connected("/deputy")


def test_a_sheet_cast_over_the_socket_is_acknowledged_after_it_is_counted(
    app, factory, deputy_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    _, token = factory.deputy(meeting)
    phone = socket_client("/deputy", deputy_client(token))
    items = factory.item_ids(ballot)
    sheet = {"ballot_id": ballot, "receipt": new_receipt(), "sheet": {"approve": items[:2]}}
    ack = phone.emit("submit", sheet, namespace="/deputy", callback=True)
    assert ack == {"ok": True, "status": "counted", "receipt": sheet["receipt"]}
    again = phone.emit("submit", sheet, namespace="/deputy", callback=True)
    assert again["status"] == "already_counted"
    over = dict(sheet, receipt=new_receipt(), sheet={"approve": items[:3]})
    refused = phone.emit("submit", over, namespace="/deputy", callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "already_voted"


def test_a_phone_socket_keeps_its_card_claims_only_while_connected(
    app, factory, deputy_client, socket_client
):
    """`submit` runs without a request context: it reads what `connect` kept for the socket."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    deputy_id, token = factory.deputy(meeting)
    before = set(claims_by_sid)
    phone = socket_client("/deputy", deputy_client(token))
    (sid,) = set(claims_by_sid) - before
    assert claims_by_sid[sid]["deputy_id"] == deputy_id
    assert claims_by_sid[sid]["meeting_id"] == meeting and claims_by_sid[sid]["card"]
    phone.disconnect(namespace="/deputy")
    assert sid not in claims_by_sid


def test_a_sheet_from_a_socket_that_never_connected_is_refused(app):
    with app.app_context():
        answer = submit({}, {"ballot_id": 1, "receipt": new_receipt(), "sheet": {"approve": []}})
    assert answer["ok"] is False and answer["error"]["code"] == "unauthenticated"


def test_the_screen_needs_its_key(app, factory, socket_client):
    factory.meeting()
    assert not socket_client("/screen", auth={"key": "wrong"}).is_connected("/screen")
    assert socket_client("/screen", auth={"key": "screen-key"}).is_connected("/screen")


def test_the_screen_gets_batched_snapshots_with_rising_numbers_and_no_tallies_while_secret(
    app, factory, deputy_client, admin_client, socket_client
):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    deputies = factory.deputies(meeting, 5)
    screen = socket_client("/screen", auth={"key": "screen-key"})
    screen.namespace_name = "/screen"
    seen = snapshots(screen)
    assert seen[-1]["scene"] == "sign_in"
    assert seen[-1]["roll"]["present"] == 5

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)
    for _, token in deputies[:3]:
        answer = deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets",
            json={"receipt": new_receipt(), "sheet": {"approve": items[:2]}},
        )
        assert answer.status_code == 201
    assert snapshots(screen) == [], "no message per vote"
    flush(app)
    voting = snapshots(screen)
    assert len(voting) == 1, "three votes, one snapshot"
    assert voting[0]["scene"] == "voting"
    assert voting[0]["ballot"]["turnout"] == {"voted": 3, "present": 5, "expected": 5}
    assert voting[0]["result"] is None

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    flush(app)
    closed = snapshots(screen)[-1]
    assert closed["scene"] == "closed" and closed["result"] is None

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/publish")
    flush(app)
    published = snapshots(screen)[-1]
    assert published["scene"] == "result"
    assert [row["yes"] for row in published["result"]["rows"][:2]] == [3, 3]
    numbers = [s["seq"] for s in [*seen, *voting, closed, published]]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)

    again = screen.emit("hello", namespace="/screen", callback=True)
    assert again["scene"] == "result" and again["seq"] > published["seq"]


def test_every_tally_of_an_open_secret_ballot_moves_only_in_batches_of_five(
    app, factory, deputy_client, admin_client, socket_client
):
    """RULES.md "Secrecy": the live screen, the desk's socket preview, the API's provisional
    result and the exports all stand still until five new sheets are in, then move together;
    at the close, the rest. One sheet at a time beside the monitor's "not yet voted" list
    would name each deputy's choice."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, display="live")
    deputies = factory.deputies(meeting, 12)
    screen = socket_client("/screen", auth={"key": "screen-key"})
    screen.namespace_name = "/screen"
    desk = socket_client("/desk", admin_client)
    desk.namespace_name = "/desk"
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    items = factory.item_ids(ballot)

    def yes_votes() -> dict:
        """The yes count of the voted candidate on every surface that shows a tally."""
        flush(app)
        tallies = {
            "screen": snapshots(screen)[-1]["result"],
            "desk": snapshots(desk)[-1]["preview"],
            "api": admin_client.get(f"/api/v1/admin/ballots/{ballot}/result").get_json(),
        }
        seen = {
            where: next(r["yes"] for r in result["rows"] if r["candidate_id"] == items[4])
            for where, result in tallies.items()
        }
        export = admin_client.get(f"/api/v1/admin/ballots/{ballot}/export.csv")
        lines = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
        header = next(line for line in lines if "赞成" in line)
        row = next(line for line in lines if "候选项目5" in line)
        seen["export"] = int(row[header.index("赞成")])
        return seen

    shown = []
    for _, token in deputies:
        answer = deputy_client(token).post(
            f"/api/v1/ballots/{ballot}/sheets",
            json={"receipt": new_receipt(), "sheet": {"approve": [items[4]]}},
        )
        assert answer.status_code == 201
        shown.append(yes_votes())
    assert [seen["api"] for seen in shown] == [0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 10]
    for seen in shown:
        assert len(set(seen.values())) == 1, f"every surface shows the same release: {seen}"

    admin_client.post(f"/api/v1/admin/ballots/{ballot}/close")
    assert set(yes_votes().values()) == {12}, "at the close, every sheet"


def test_the_desk_always_gets_a_preview(app, factory, admin_client, socket_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    desk = socket_client("/desk", admin_client)
    desk.namespace_name = "/desk"
    admin_client.post(f"/api/v1/admin/ballots/{ballot}/open")
    flush(app)
    latest = snapshots(desk)[-1]
    assert latest["preview"]["returned"] == 0
    assert latest["result"] is None
    assert latest["ballots"][0]["state"] == "open"


def test_the_desk_socket_needs_a_login(app, factory, socket_client):
    factory.meeting()
    assert not socket_client("/desk", app.test_client()).is_connected("/desk")
