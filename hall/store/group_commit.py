"""Group commit: what arrives while one transaction is being written goes into the next one.

One background task takes everything waiting (up to `max_batch`), writes it in one
transaction through `write_many`, and only after the commit wakes each waiting caller with
its own answer. An item that arrives alone is written alone, without delay. A batch that
fails as a whole answers each caller with the failure; the task keeps running. Used by the
ballot box (hall/voting/writer.py) and the public's proposals (hall/proposals/writer.py).
"""

import logging

from flask import has_app_context

from hall.base.extensions import socketio
from hall.store.db import release_db

log = logging.getLogger(__name__)


class GroupWriter:
    what = "items"  # for the log line of a failed batch
    max_batch = 500

    def __init__(self):
        self._queue = None

    @property
    def running(self) -> bool:
        return self._queue is not None

    def stop(self) -> None:
        """Write directly again; the task ends once it has answered what was queued (tests)."""
        queue, self._queue = self._queue, None
        if queue is not None:
            queue.put(None)

    def write_many(self, items: list, app) -> list:
        """One transaction for `items`: an answer (or an exception to raise) for each."""
        raise NotImplementedError

    def queued(self, item):
        """`item`'s answer once its batch has committed; an exception answer is raised.

        The caller's read session (get_db) is closed first: thousands of handlers waiting here
        while each held a pooled connection would leave none for the writer itself.
        """
        if has_app_context():
            release_db()
        slot = _Slot(item, socketio.server.eio.create_event())
        self._queue.put(slot)
        slot.done.wait()
        if isinstance(slot.answer, BaseException):
            raise slot.answer
        return slot.answer

    def _run(self, app) -> None:
        queue = self._queue
        stopping = False
        while not stopping:
            batch = [queue.get()]
            while len(batch) < self.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            stopping = None in batch
            batch = [slot for slot in batch if slot is not None]
            if batch:
                self._answer(batch, app)

    def _answer(self, batch: list, app) -> None:
        try:
            with app.app_context():
                answers = self.write_many([slot.item for slot in batch], app)
        except Exception:
            log.exception("writing a batch of %d %s failed", len(batch), self.what)
            answers = [RuntimeError(f"{self.what} write failed") for _ in batch]
        for slot, answer in zip(batch, answers, strict=True):
            slot.answer = answer
            slot.done.set()


class _Slot:
    __slots__ = ("answer", "done", "item")

    def __init__(self, item, done):
        self.item, self.done, self.answer = item, done, None
