"""Group commit for the public's proposals: submissions that arrive while one transaction is
being written go into the next one together, each in its own savepoint.

A collection month's busy evening is a stream of single proposals, and every SQLite commit
waits for its fsync (synchronous=FULL, hall.store.db). One background task takes every
submission waiting, stores them in one transaction (a refusal rolls back its own savepoint
only) and, after the commit, wakes each waiting handler with its own answer: a tracking code
or the refusal. Alone, a submission is written alone, without delay. run.py starts it (through
hall.start_live_pusher); without it, as in the tests' clients, `submit` writes directly.
"""

import logging

from sqlalchemy.exc import IntegrityError

from hall.base.errors import HallError
from hall.base.extensions import socketio
from hall.meeting.roll import current_meeting
from hall.proposals import intake
from hall.store.db import write_session
from hall.store.group_commit import GroupWriter

log = logging.getLogger(__name__)


def no_round() -> HallError:
    return HallError("not_found", "目前没有进行中的征集", 404)


def duplicate() -> HallError:
    return HallError("duplicate_text", "已有内容相同的建议，请稍后查看", 409)


def submit_one(body: dict, app=None) -> tuple[str, int]:
    """Store one proposal in its own transaction: (code, id), or a HallError raised."""
    try:
        with write_session(app) as session:
            meeting = current_meeting(session)
            if meeting is None:
                raise no_round()
            proposal = intake.submit_public(session, meeting, body)
            return proposal.code, proposal.id
    except IntegrityError:  # the same words at the same instant, from another process
        raise duplicate() from None


def submit_many(bodies: list[dict], app=None) -> list:
    """Store many in one transaction, each answered as `submit_one` would answer it alone."""
    answers: list = [None] * len(bodies)
    try:
        with write_session(app) as session:
            meeting = current_meeting(session)
            for index, body in enumerate(bodies):
                answers[index] = _in_savepoint(session, meeting, body)
    except Exception as error:  # the batch failed as a whole: each goes alone
        log.warning("a batch of %d proposals is written alone: %s", len(bodies), type(error))
        answers = [_alone(body, app) for body in bodies]
    return answers


def _in_savepoint(session, meeting, body: dict):
    if meeting is None:
        return no_round()
    try:
        with session.begin_nested():
            proposal = intake.submit_public(session, meeting, body)
            return proposal.code, proposal.id
    except HallError as error:
        return error


def _alone(body: dict, app):
    try:
        return submit_one(body, app)
    except HallError as error:
        return error


class ProposalWriter(GroupWriter):
    what = "proposals"
    max_batch = 200  # submissions per transaction: keeps each hold of the write lock short

    def start(self, app) -> None:
        # The queue is made by the task itself: until it runs (or if it never does), `submit`
        # writes directly and never waits on a queue nobody reads.
        socketio.start_background_task(self._serve, app)

    def _serve(self, app) -> None:
        self._queue = socketio.server.eio.create_queue()
        self._run(app)

    def submit(self, body: dict) -> tuple[str, int]:
        """(code, id) once committed, or the refusal raised."""
        if self._queue is None:
            return submit_one(body)
        return self.queued(body)

    def write_many(self, items: list, app) -> list:
        return submit_many(items, app)


writer = ProposalWriter()
