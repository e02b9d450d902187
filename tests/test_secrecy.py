"""Secret means secret: nothing stored links a deputy to a sheet, not even the row order."""

import logging
import random

import sqlalchemy as sa

from hall.store.db import session_factory
from hall.store.models import Sheet
from hall.voting import box as ballot_box
from hall.voting.receipts import fingerprint, new_receipt


def spearman(first: list[int], second: list[int]) -> float:
    """Rank correlation of two orderings of the same items (no ties)."""
    n = len(first)
    where = {item: index for index, item in enumerate(second)}
    squared = sum((index - where[item]) ** 2 for index, item in enumerate(first))
    return 1 - 6 * squared / (n * (n * n - 1))


def test_the_stored_order_of_sheets_is_unrelated_to_the_order_of_submission(app, factory):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    deputies = factory.deputies(meeting, 200)
    submitted = []
    with app.app_context():
        for deputy, _ in deputies:
            receipt = new_receipt()
            ballot_box.cast(
                ballot_id=ballot, deputy_id=deputy, receipt=receipt, sheet={"approve": items[:1]}
            )
            submitted.append(fingerprint(receipt))

    with session_factory(app)() as db:
        natural = list(db.execute(sa.text("SELECT receipt_hash FROM sheets")).scalars())
        by_ballot = list(
            db.execute(
                sa.text("SELECT receipt_hash FROM sheets WHERE ballot_id = :b"), {"b": ballot}
            ).scalars()
        )
    assert sorted(natural) == sorted(submitted)
    for stored in (natural, by_ballot):
        assert stored != submitted
        assert stored != list(reversed(submitted))
        # A random order of 200 has |rho| around 0.07; submission order would give 1.
        assert abs(spearman(submitted, stored)) < 0.3
    assert natural == sorted(natural), "stored in key order, and keys are random"


def test_the_ballot_box_table_holds_no_link_no_time_and_no_rowid(app):
    with session_factory(app)() as db:
        columns = {row[1] for row in db.execute(sa.text("PRAGMA table_info(sheets)"))}
        assert columns == {"receipt_hash", "ballot_id", "marks", "valid", "source"}
        sql = db.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE name = 'sheets'")
        ).scalar_one()
        assert "WITHOUT ROWID" in sql
        participation = {row[1] for row in db.execute(sa.text("PRAGMA table_info(participations)"))}
        assert participation == {"ballot_id", "deputy_id", "via"}
    sheet_columns = {column.name for column in Sheet.__table__.columns}
    assert not {name for name in sheet_columns if "deputy" in name or name.endswith("_at")}


def test_what_a_deputy_chose_is_never_logged(app, factory, caplog):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=2)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    _, token = factory.deputy(meeting, name="保密测试代表")
    client = app.test_client()
    client.set_cookie("hall_deputy", token)
    caplog.set_level(logging.DEBUG)
    choice = random.sample(items, 2)
    answer = client.post(
        f"/api/v1/ballots/{ballot}/sheets",
        json={"receipt": new_receipt(), "sheet": {"approve": choice}},
    )
    assert answer.status_code == 201
    logged = caplog.text
    assert '"yes"' not in logged and "approve" not in logged
    assert "保密测试代表" not in logged


def _answer_over_http(phone, ballot: int, receipt: str, approve: list[int]) -> tuple:
    reply = phone.post(
        f"/api/v1/ballots/{ballot}/sheets", json={"receipt": receipt, "sheet": {"approve": approve}}
    )
    body = reply.get_json()
    return reply.status_code, body.get("status"), (body.get("error") or {}).get("code")


def _answer_over_socket(socket, ballot: int, receipt: str, approve: list[int]) -> tuple:
    sheet = {"ballot_id": ballot, "receipt": receipt, "sheet": {"approve": approve}}
    ack = socket.emit("submit", sheet, namespace="/deputy", callback=True)
    return ack["ok"], ack.get("status"), (ack.get("error") or {}).get("code")


def test_no_answer_tells_whether_a_guess_matches_another_deputys_sheet(
    app, factory, deputy_client, socket_client
):
    """The receipt oracle: a deputy who has voted sends B's receipt with guessed sheets. The
    answer must be one and the same for the right guess and every wrong one, over HTTP and
    over the socket, while the ballot is open and after it is published."""
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=4, places=2)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    (_, snoop_token), (_, victim_token) = factory.deputies(meeting, 2)
    snoop = deputy_client(snoop_token)
    snoop_socket = socket_client("/deputy", snoop)
    victims_receipt, victims_sheet = new_receipt(), items[1:3]
    assert (
        _answer_over_http(deputy_client(victim_token), ballot, victims_receipt, victims_sheet)[0]
        == 201
    )
    assert _answer_over_http(snoop, ballot, new_receipt(), items[:1])[0] == 201
    guesses = [[], items[:1], items[:2], items[1:3], items[2:4], [items[3]]]
    assert victims_sheet in guesses

    for state in ("open", "published"):
        factory.set_state(ballot, state)
        for ask in (
            lambda guess: _answer_over_http(snoop, ballot, victims_receipt, guess),
            lambda guess: _answer_over_socket(snoop_socket, ballot, victims_receipt, guess),
        ):
            answers = {ask(guess) for guess in guesses}
            assert len(answers) == 1, f"{state}: the answers tell the guesses apart: {answers}"


def test_a_genuine_retry_is_still_recognised(app, factory, deputy_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=4, places=2)
    factory.set_state(ballot, "open")
    items = factory.item_ids(ballot)
    _, token = factory.deputy(meeting)
    phone, receipt = deputy_client(token), new_receipt()
    assert _answer_over_http(phone, ballot, receipt, items[:2]) == (201, "counted", None)
    assert _answer_over_http(phone, ballot, receipt, items[:2]) == (200, "already_counted", None)
    refused = _answer_over_http(phone, ballot, new_receipt(), items[:2])
    assert refused == (409, None, "already_voted")
