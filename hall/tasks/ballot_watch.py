"""One look at the ballots, every TICK_SECONDS, for the tasks that pace themselves by them:
the collector's pacer (hall.tasks.gc_keeper) and the box sealer (hall.store.seal).

One query a tick ("is voting on anywhere?"), answered to both; run.py starts it with the
live pusher (hall.start_live_pusher). In-process test clients run without it.
"""

import logging

from hall.ballots.life import any_ballot_open
from hall.base.extensions import socketio
from hall.store.db import session_factory
from hall.store.seal import sealer
from hall.tasks.gc_keeper import keeper

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25  # how soon after an open the heap is frozen (the desk's push takes longer)


def voting_anywhere(app) -> bool:
    with session_factory(app)() as session:
        return any_ballot_open(session)


def look(app) -> None:
    """One tick: ask the ballots once, tell both."""
    voting = voting_anywhere(app)
    keeper.tick(voting)
    sealer.tick(app, voting)


def run(app) -> None:
    """The background task: a sweep at start, then a look every TICK_SECONDS."""
    keeper.sweep()
    while True:
        socketio.sleep(TICK_SECONDS)
        try:
            look(app)
        except Exception:
            log.exception("ballot watch failed; retrying")
