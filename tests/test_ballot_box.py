"""The ballot box: one transaction, idempotent retries, clear refusals, never counted twice."""

import threading

import pytest
import sqlalchemy as sa

from hall.base.errors import HallError
from hall.store.db import session_factory, write_session
from hall.store.models import Deputy, Participation, Sheet
from hall.voting import box as ballot_box
from hall.voting.receipts import new_receipt


@pytest.fixture
def open_ballot(factory):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, "open")
    return meeting, ballot, factory.item_ids(ballot)


def cast(app, ballot, deputy, receipt, approve):
    with app.app_context():
        return ballot_box.cast(
            ballot_id=ballot, deputy_id=deputy, receipt=receipt, sheet={"approve": approve}
        )


def box(app, ballot):
    with session_factory(app)() as db:
        sheets = db.scalars(sa.select(Sheet).where(Sheet.ballot_id == ballot)).all()
        voters = db.scalars(
            sa.select(Participation.deputy_id).where(Participation.ballot_id == ballot)
        ).all()
        return sheets, voters


def refusal(app, *args) -> str:
    with pytest.raises(HallError) as caught:
        cast(app, *args)
    return caught.value.code


def test_a_sheet_is_counted_with_its_receipt(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    receipt = new_receipt()
    ack = cast(app, ballot, deputy, receipt, items[:3])
    assert ack.status == "counted"
    assert ack.receipt == receipt
    sheets, voters = box(app, ballot)
    assert voters == [deputy]
    assert len(sheets) == 1
    first, second, third = items[:3]
    assert sheets[0].marks == f'{{"{first}":"yes","{second}":"yes","{third}":"yes"}}'


def test_the_same_submission_again_is_already_counted_with_the_same_receipt(
    app, factory, open_ballot
):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    receipt = new_receipt()
    cast(app, ballot, deputy, receipt, items[:2])
    again = cast(app, ballot, deputy, receipt.replace("-", "").lower(), list(reversed(items[:2])))
    assert again.status == "already_counted"
    assert again.receipt == receipt
    assert len(box(app, ballot)[0]) == 1


def test_a_deputy_who_voted_is_refused_a_new_receipt_and_a_changed_sheet_changes_nothing(
    app, factory, open_ballot
):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    receipt = new_receipt()
    cast(app, ballot, deputy, receipt, items[:2])
    assert refusal(app, ballot, deputy, new_receipt(), items[:2]) == "already_voted"
    # Their own receipt with another sheet: the first sheet stands, and the answer is the same
    # as for a true retry (it never compares sheets, see test_secrecy.py).
    assert cast(app, ballot, deputy, receipt, items[:3]).status == "already_counted"
    sheets, _ = box(app, ballot)
    assert len(sheets) == 1 and sheets[0].marks.count('"yes"') == 2


def test_a_retry_after_the_close_still_answers_already_counted(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    receipt = new_receipt()
    cast(app, ballot, deputy, receipt, items[:1])
    factory.set_state(ballot, "closed")
    assert cast(app, ballot, deputy, receipt, items[:1]).status == "already_counted"


@pytest.mark.parametrize("state", ["draft", "closed", "published"])
def test_a_ballot_that_is_not_open_refuses_sheets(app, factory, state):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting)
    factory.set_state(ballot, state)
    deputy, _ = factory.deputy(meeting)
    assert refusal(app, ballot, deputy, new_receipt(), []) == "ballot_not_open"
    assert box(app, ballot) == ([], [])


def test_a_deputy_not_signed_in_is_refused_where_sign_in_is_required(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting, signed_in=False)
    assert refusal(app, ballot, deputy, new_receipt(), items[:1]) == "not_signed_in"


def test_sign_in_is_not_needed_when_the_ballot_does_not_require_it(app, factory):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, require_sign_in=False)
    factory.set_state(ballot, "open")
    deputy, _ = factory.deputy(meeting, signed_in=False)
    assert cast(app, ballot, deputy, new_receipt(), []).status == "counted"


def test_a_revoked_card_cannot_vote(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting, token_revoked=True)
    assert refusal(app, ballot, deputy, new_receipt(), items[:1]) == "credential_revoked"


def test_more_approvals_than_places_is_refused_and_nothing_is_written(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    assert refusal(app, ballot, deputy, new_receipt(), items[:11]) == "sheet_over_limit"
    assert box(app, ballot) == ([], [])


@pytest.mark.parametrize("sheet", [None, [], {"approve": [999]}, {"approve": "1"}, {"x": []}])
def test_a_malformed_sheet_is_refused(app, factory, open_ballot, sheet):
    meeting, ballot, _ = open_ballot
    deputy, _ = factory.deputy(meeting)
    with app.app_context(), pytest.raises(HallError) as caught:
        ballot_box.cast(ballot_id=ballot, deputy_id=deputy, receipt=new_receipt(), sheet=sheet)
    assert caught.value.code == "sheet_malformed"
    assert box(app, ballot) == ([], [])


@pytest.mark.parametrize("receipt", [None, "", "ABC", "U" * 26, 12345])
def test_a_bad_receipt_code_is_refused(app, factory, open_ballot, receipt):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    assert refusal(app, ballot, deputy, receipt, items[:1]) == "receipt_invalid"


def test_a_receipt_already_in_the_box_is_refused_for_another_deputy(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    (first, _), (second, _) = factory.deputies(meeting, 2)
    receipt = new_receipt()
    cast(app, ballot, first, receipt, items[:1])
    assert refusal(app, ballot, second, receipt, items[:1]) == "receipt_taken"
    assert box(app, ballot)[1] == [first]


def test_a_deputy_of_another_meeting_cannot_vote(app, factory, open_ballot):
    _, ballot, items = open_ballot
    stranger, _ = factory.deputy(factory.meeting())
    assert refusal(app, ballot, stranger, new_receipt(), items[:1]) == "not_found"


def test_twenty_concurrent_submissions_by_one_deputy_count_exactly_once(app, factory, open_ballot):
    meeting, ballot, items = open_ballot
    deputy, _ = factory.deputy(meeting)
    retried = new_receipt()
    # Ten retries of one submission, ten rival sheets with receipts of their own.
    attempts = [(retried, items[:4])] * 10 + [(new_receipt(), items[5:8]) for _ in range(10)]
    answers, start = [], threading.Barrier(len(attempts))

    def submit(receipt, approve):
        start.wait()
        try:
            answers.append(cast(app, ballot, deputy, receipt, approve))
        except HallError as error:
            answers.append(error.code)

    threads = [threading.Thread(target=submit, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    sheets, voters = box(app, ballot)
    assert voters == [deputy]
    assert len(sheets) == 1
    counted = [a for a in answers if not isinstance(a, str) and a.status == "counted"]
    assert len(counted) == 1
    winner = counted[0].receipt
    for answer in answers:
        if isinstance(answer, str):
            assert answer == "already_voted"
        else:
            assert answer.receipt == winner
    assert len(answers) == 20


def test_a_named_ballot_keeps_the_link_on_purpose(app, factory):
    from hall.store.models import NamedVote

    meeting = factory.meeting()
    ballot = factory.ballot(meeting, secret=False)
    factory.set_state(ballot, "open")
    deputy, _ = factory.deputy(meeting)
    cast(app, ballot, deputy, new_receipt(), [])
    with write_session(app) as db:
        links = db.scalars(sa.select(NamedVote)).all()
        assert [(link.ballot_id, link.deputy_id) for link in links] == [(ballot, deputy)]
        assert db.get(Deputy, deputy) is not None
