"""Group commit for the ballot box: sheets that arrive while it is writing go in together.

When a hall of 3,000 phones submits within a second, one SQLite transaction per sheet
serializes on the write lock and, under eventlet or gevent, holds the whole server for each
one. The writer is one background task: it takes every sheet that is waiting, casts them
all in one transaction (`ballot_box.cast_many`, the same rules and answers as `cast`), and
only after the commit wakes each waiting handler with its own answer (hall/store/group_commit.py).
A sheet that arrives alone is cast alone, without delay; batches grow only as fast as sheets
arrive.

run.py starts it (with the live pusher); without it, as in the tests' in-process clients,
`cast` is called directly.
"""

from hall.base.extensions import socketio
from hall.store.group_commit import GroupWriter
from hall.voting import box as ballot_box


class BallotWriter(GroupWriter):
    what = "sheets"
    max_batch = 500  # sheets per transaction: keeps each hold of the write lock short

    def start(self, app) -> None:
        self._queue = socketio.server.eio.create_queue()
        socketio.start_background_task(self._run, app)

    def cast(self, *, ballot_id: int, deputy_id: int, receipt: object, sheet: object, check=None):
        """As `ballot_box.cast`: an Ack once committed, or a HallError."""
        if self._queue is None:
            return ballot_box.cast(
                ballot_id=ballot_id, deputy_id=deputy_id, receipt=receipt, sheet=sheet, check=check
            )
        return self.queued(ballot_box.Request(ballot_id, deputy_id, receipt, sheet, check))

    def write_many(self, items: list, app) -> list:
        return ballot_box.cast_many(items, app)


writer = BallotWriter()
