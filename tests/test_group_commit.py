"""The burst path: many sheets in one transaction answer exactly as one at a time would, the
group-commit writer answers each waiting caller, and a connecting phone's state is reused only
while nothing it shows has changed."""

import random
import threading

import pytest
import sqlalchemy as sa

from hall import create_app
from hall.base.errors import HallError
from hall.live.state import live
from hall.migrations import create_schema
from hall.store.db import session_factory
from hall.store.models import Participation, Sheet
from hall.voting import box as ballot_box
from hall.voting.receipts import new_receipt
from hall.voting.writer import BallotWriter
from tests.conftest import Factory


def answer_of(result) -> tuple:
    """What a phone would be told: status and receipt, or the refusal's code."""
    if isinstance(result, HallError):
        return ("refused", result.code)
    return (result.status, result.receipt)


def box_of(app, ballot_id: int):
    with session_factory(app)() as db:
        sheets = sorted(
            db.execute(
                sa.select(Sheet.receipt_hash, Sheet.marks).where(Sheet.ballot_id == ballot_id)
            ).all()
        )
        voters = sorted(
            db.scalars(
                sa.select(Participation.deputy_id).where(Participation.ballot_id == ballot_id)
            )
        )
    return sheets, voters


def hall_with_ballot(tmp_path, name: str, deputies: int = 6):
    """A fresh app and database: an open vote, signed-in deputies, one revoked, one absent."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / (name + '.sqlite3')}",
            "INSTANCE_PATH": str(tmp_path / name),
            "SECRET_KEY": "k",
            "ASYNC_MODE": "threading",
        }
    )
    create_schema(app)
    factory = Factory(app)
    meeting = factory.meeting()
    ids = [d for d, _ in factory.deputies(meeting, deputies)]
    ids.append(factory.deputy(meeting, token_revoked=True)[0])
    ids.append(factory.deputy(meeting, signed_in=False)[0])
    ballot = factory.ballot(meeting, candidates=15, places=10)
    factory.set_state(ballot, "open")
    return app, ballot, factory.item_ids(ballot), ids


def random_requests(chooser, ballot, items, deputies, count):
    """Sheets as phones send them, with double taps, retries, clashes and mistakes mixed in."""
    sent = []
    for _ in range(count):
        kind = chooser.random()
        if sent and kind < 0.15:
            sent.append(chooser.choice(sent))  # the same submission again
            continue
        deputy = chooser.choice([*deputies, 99999])
        receipt = new_receipt()
        if sent and kind < 0.22:
            receipt = chooser.choice(sent).receipt  # another phone's receipt code
        elif kind < 0.26:
            receipt = "not-a-receipt"
        approve = chooser.sample(items, chooser.randint(0, 11))
        sent.append(ballot_box.Request(ballot, deputy, receipt, {"approve": approve}))
    return sent


@pytest.mark.parametrize("seed", range(8))
def test_a_batch_answers_and_stores_exactly_what_casting_one_by_one_would(tmp_path, seed):
    chooser = random.Random(seed)
    one_app, ballot, items, deputies = hall_with_ballot(tmp_path, "one")
    many_app, many_ballot, many_items, many_deputies = hall_with_ballot(tmp_path, "many")
    assert (ballot, items, deputies) == (many_ballot, many_items, many_deputies)
    requests = random_requests(chooser, ballot, items, deputies, 40)

    alone = []
    with one_app.app_context():
        for request in requests:
            try:
                alone.append(
                    ballot_box.cast(
                        ballot_id=request.ballot_id,
                        deputy_id=request.deputy_id,
                        receipt=request.receipt,
                        sheet=request.sheet,
                    )
                )
            except HallError as error:
                alone.append(error)
    together = []
    with many_app.app_context():
        for start in range(0, len(requests), 13):  # batches meet sheets of earlier batches
            together += ballot_box.cast_many(requests[start : start + 13], many_app)

    assert [answer_of(a) for a in together] == [answer_of(a) for a in alone]
    assert box_of(many_app, ballot) == box_of(one_app, ballot)


def test_a_double_tap_inside_one_batch_is_counted_once(tmp_path):
    app, ballot, items, deputies = hall_with_ballot(tmp_path, "hall")
    tap = ballot_box.Request(ballot, deputies[0], new_receipt(), {"approve": items[:2]})
    other = ballot_box.Request(ballot, deputies[0], new_receipt(), {"approve": items[:3]})
    clash = ballot_box.Request(ballot, deputies[1], tap.receipt, {"approve": items[:2]})
    with app.app_context():
        answers = ballot_box.cast_many([tap, tap, other, clash], app)
    assert [answer_of(a)[0] for a in answers] == [
        "counted",
        "already_counted",
        "refused",
        "refused",
    ]
    assert [a.code for a in answers[2:]] == ["already_voted", "receipt_taken"]
    sheets, voters = box_of(app, ballot)
    assert len(sheets) == 1 and voters == [deputies[0]]


def test_the_writer_answers_every_waiting_caller_after_its_commit(tmp_path):
    app, ballot, items, deputies = hall_with_ballot(tmp_path, "hall", deputies=30)
    writer = BallotWriter()
    writer.start(app)
    answers = {}

    def phone(deputy):
        receipt = new_receipt()
        with app.app_context():
            try:
                ack = writer.cast(
                    ballot_id=ballot,
                    deputy_id=deputy,
                    receipt=receipt,
                    sheet={"approve": items[:1]},
                )
                answers[deputy] = (ack.status, ack.receipt == receipt)
            except HallError as error:
                answers[deputy] = ("refused", error.code)

    threads = [threading.Thread(target=phone, args=(d,)) for d in deputies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    writer.stop()
    signed_in = deputies[:30]
    assert {answers[d] for d in signed_in} == {("counted", True)}
    assert answers[deputies[30]] == ("refused", "credential_revoked")
    assert answers[deputies[31]] == ("refused", "not_signed_in")
    assert box_of(app, ballot)[1] == sorted(signed_in)


def test_a_phone_state_is_reused_only_until_something_changes(app, factory):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    live._sole_process = True  # as when the pusher runs in one process
    try:
        with session_factory(app)() as db:
            first = live.phone_state_for(db, meeting)
        assert first["ballot"] is None
        factory.set_state(ballot, "open")  # behind live's back: reused within the second
        with session_factory(app)() as db:
            assert live.phone_state_for(db, meeting)["ballot"] is None
        live.mark_dirty(meeting)  # what every change a phone can see does
        with session_factory(app)() as db:
            fresh = live.phone_state_for(db, meeting)
        assert fresh["ballot"]["state"] == "open"
        assert fresh["seq"] > first["seq"]
    finally:
        live.reset()


def test_a_check_on_the_deputys_row_refuses_first_in_a_batch_and_alone(tmp_path):
    app, ballot, items, deputies = hall_with_ballot(tmp_path, "hall")
    seen = []

    def card_replaced(row):
        seen.append((row.id, row.token_revoked, row.one_phone_per_card))
        return HallError("credential_revoked", "换证了", 403)

    refused = ballot_box.Request(ballot, deputies[0], "not-a-receipt", None, card_replaced)
    fine = ballot_box.Request(
        ballot, deputies[1], new_receipt(), {"approve": items[:1]}, lambda row: None
    )
    with app.app_context():
        answers = ballot_box.cast_many([refused, fine], app)
        with pytest.raises(HallError) as alone:
            ballot_box.cast(
                ballot_id=ballot,
                deputy_id=deputies[2],
                receipt=new_receipt(),
                sheet={"approve": items[:1]},
                check=card_replaced,
            )
    assert answer_of(answers[0]) == ("refused", "credential_revoked")
    assert answers[1].status == "counted"
    assert alone.value.code == "credential_revoked"
    assert seen == [(deputies[0], False, False), (deputies[2], False, False)]
    assert box_of(app, ballot)[1] == [deputies[1]]


def test_a_poisoned_sheet_fails_alone_and_never_its_batch(tmp_path):
    """One sheet whose item key has 5,000 digits, one for ballot 10^30 and one for a deputy
    past any column, among 100 good ones in one batch: the 100 are counted, the three refused."""
    app, ballot, items, deputies = hall_with_ballot(tmp_path, "hall", deputies=100)
    good = [
        ballot_box.Request(ballot, deputy, new_receipt(), {"approve": items[:2]})
        for deputy in deputies[:100]
    ]
    poison = [
        ballot_box.Request(ballot, deputies[0], new_receipt(), {"approve": ["9" * 5000]}),
        ballot_box.Request(10**30, deputies[1], new_receipt(), {"approve": []}),
        ballot_box.Request(ballot, 2**31, new_receipt(), {"approve": []}),  # past PostgreSQL's
        ballot_box.Request(ballot, True, new_receipt(), {"approve": []}),
    ]
    batch = good[:50] + poison[:2] + good[50:] + poison[2:]
    with app.app_context():
        answers = ballot_box.cast_many(batch, app)
    told = [answer_of(answer)[0] for answer in answers]
    assert told == ["counted"] * 50 + ["refused"] * 2 + ["counted"] * 50 + ["refused"] * 2
    assert [a.code for a in answers if isinstance(a, HallError)] == [
        "sheet_malformed",
        "not_found",
        "not_found",
        "not_found",
    ]
    assert box_of(app, ballot)[1] == sorted(deputies[:100])


def test_a_batch_that_fails_for_any_reason_is_cast_sheet_by_sheet(tmp_path, monkeypatch):
    app, ballot, items, deputies = hall_with_ballot(tmp_path, "hall", deputies=5)
    requests = [
        ballot_box.Request(ballot, deputy, new_receipt(), {"approve": items[:1]})
        for deputy in deputies[:5]
    ]

    def broken(session, requests, answers):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(ballot_box, "_cast_batch", broken)
    with app.app_context():
        answers = ballot_box.cast_many(requests, app)
    assert [answer_of(a)[0] for a in answers] == ["counted"] * 5
    assert box_of(app, ballot)[1] == sorted(deputies[:5])
