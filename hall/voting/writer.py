"""Group commit for the ballot box: sheets that arrive while it is writing go in together.

When a hall of 3,000 phones submits within a second, one SQLite transaction per sheet
serializes on the write lock and, under eventlet or gevent, holds the whole server for each
one. The writer is one background task: it takes every sheet that is waiting, casts them
all in one transaction (`ballot_box.cast_many`, the same rules and answers as `cast`), and
only after the commit wakes each waiting handler with its own answer. A sheet that arrives
alone is cast alone, without delay; batches grow only as fast as sheets arrive.

run.py starts it (with the live pusher); without it, as in the tests' in-process clients,
`cast` is called directly.
"""

import logging

from flask import has_app_context

from hall.base.extensions import socketio
from hall.store.db import release_db
from hall.voting import box as ballot_box

log = logging.getLogger(__name__)

MAX_BATCH = 500  # sheets per transaction: keeps each hold of the write lock short


class BallotWriter:
    def __init__(self):
        self._queue = None

    @property
    def running(self) -> bool:
        return self._queue is not None

    def start(self, app) -> None:
        self._queue = socketio.server.eio.create_queue()
        socketio.start_background_task(self._run, app)

    def stop(self) -> None:
        """Cast directly again; the task ends once it has answered what was queued (tests)."""
        queue, self._queue = self._queue, None
        if queue is not None:
            queue.put(None)

    def cast(self, *, ballot_id: int, deputy_id: int, receipt: object, sheet: object, check=None):
        """As `ballot_box.cast`: an Ack once committed, or a HallError.

        The caller's read session (get_db) is closed first: thousands of handlers waiting here
        while each held a pooled connection would leave none for the writer itself.
        """
        queue = self._queue
        if queue is None:
            return ballot_box.cast(
                ballot_id=ballot_id, deputy_id=deputy_id, receipt=receipt, sheet=sheet, check=check
            )
        if has_app_context():
            release_db()
        request = ballot_box.Request(ballot_id, deputy_id, receipt, sheet, check)
        slot = _Slot(request, socketio.server.eio.create_event())
        queue.put(slot)
        slot.done.wait()
        if isinstance(slot.answer, BaseException):
            raise slot.answer
        return slot.answer

    def _run(self, app) -> None:
        queue = self._queue
        stopping = False
        while not stopping:
            batch = [queue.get()]
            while len(batch) < MAX_BATCH and not queue.empty():
                batch.append(queue.get_nowait())
            stopping = None in batch
            batch = [slot for slot in batch if slot is not None]
            if not batch:
                continue
            try:
                with app.app_context():
                    answers = ballot_box.cast_many([slot.request for slot in batch], app)
            except Exception:
                log.exception("casting a batch of %d sheets failed", len(batch))
                answers = [RuntimeError("ballot box write failed") for _ in batch]
            for slot, answer in zip(batch, answers, strict=True):
                slot.answer = answer
                slot.done.set()


class _Slot:
    __slots__ = ("answer", "done", "request")

    def __init__(self, request, done):
        self.request, self.done, self.answer = request, done, None


writer = BallotWriter()
