"""The proposals' group commit: a batch answers each submission as writing it alone would
(a refusal rolls back only its own savepoint), and the writer answers every waiting caller."""

import threading

import sqlalchemy as sa

from hall import create_app
from hall.base.errors import HallError
from hall.migrations import create_schema
from hall.proposals.rounds import save_round
from hall.proposals.writer import ProposalWriter, submit_many
from hall.store.db import session_factory, write_session
from hall.store.models import Meeting, Proposal
from tests.conftest import Factory
from tests.proposals_helpers import round_body


def hall_with_round(tmp_path):
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'hall.sqlite3'}",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "k",
            "ASYNC_MODE": "threading",
        }
    )
    create_schema(app)
    meeting = Factory(app).meeting()
    with write_session(app) as db:
        save_round(db, db.get(Meeting, meeting), round_body(), "test")
    return app


def body(title: str, area: str = "交通") -> dict:
    return {"area": area, "title": title, "body": f"{title}：上下学时段车多，过马路危险。"}


def stored_titles(app) -> list[str]:
    with session_factory(app)() as db:
        return sorted(db.scalars(sa.select(Proposal.title)))


def test_a_batch_answers_each_submission_as_alone_and_stores_only_the_good(tmp_path):
    app = hall_with_round(tmp_path)
    bodies = [
        body("一号路口增设红绿灯"),
        body("一号路口增设红绿灯"),  # the same words, later in the same batch
        body("二号路口增设红绿灯", area="火星"),
        body("灯"),
        body("三号路口增设红绿灯"),
    ]
    answers = submit_many(bodies, app)
    codes = [a if isinstance(a, HallError) else "ok" for a in answers]
    assert codes[0] == "ok" and codes[4] == "ok"
    assert [a.code for a in answers[1:4]] == ["duplicate_text", "bad_area", "too_short"]
    assert stored_titles(app) == ["一号路口增设红绿灯", "三号路口增设红绿灯"]


def test_the_writer_answers_every_waiting_caller_after_its_commit(tmp_path):
    app = hall_with_round(tmp_path)
    writer = ProposalWriter()
    writer.start(app)
    answers = {}

    def visitor(number: int):
        with app.app_context():
            try:
                answers[number] = writer.submit(body(f"第{number}号路口增设红绿灯"))[0]
            except HallError as error:
                answers[number] = error.code

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    writer.stop()
    assert len(answers) == 40 and all(code.startswith("JY-") for code in answers.values())
    assert len(stored_titles(app)) == 40


def test_a_failed_batch_is_answered_and_the_writer_keeps_running(tmp_path, monkeypatch):
    """A batch that fails beyond its savepoints (the database gone, say) answers its callers
    with the failure; the writer does not die leaving every later visitor waiting forever."""
    import time

    from hall.proposals import writer as writer_module

    app = hall_with_round(tmp_path)
    writer = ProposalWriter()
    writer.start(app)
    deadline = time.monotonic() + 10
    while not writer.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.running
    real = writer_module.submit_many
    monkeypatch.setattr(writer_module, "submit_many", lambda *a: 1 / 0)
    outcome = {}

    def visitor():
        with app.app_context():
            try:
                outcome["first"] = writer.submit(body("一号路口增设红绿灯"))
            except Exception as error:
                outcome["first"] = type(error).__name__

    thread = threading.Thread(target=visitor)
    thread.start()
    thread.join(timeout=10)
    assert outcome == {"first": "RuntimeError"}
    monkeypatch.setattr(writer_module, "submit_many", real)
    with app.app_context():
        code, _ = writer.submit(body("二号路口增设红绿灯"))
    writer.stop()
    assert code.startswith("JY-") and stored_titles(app) == ["二号路口增设红绿灯"]
