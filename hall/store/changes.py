"""What a write changed, announced once it is committed: a write notes the meetings it changed
on its session, and the listeners (the live state) hear of them after the commit, never before
it and never for a rollback. Marked before the commit, a push could read the old figures and
drop the mark; marked for a rollback, it would push a change that never happened."""

import logging
from collections.abc import Callable

from sqlalchemy import event, orm

_KEY = "hall_changed_meetings"
_listeners: list[Callable[[int], None]] = []
logger = logging.getLogger(__name__)


def meeting_changed(session: orm.Session, meeting_id: int) -> None:
    """Note that this transaction changes what the meeting's screens, desks or phones show."""
    if not session.in_transaction():
        session.begin()  # so that a rollback, even before any SQL, forgets the note
    session.info.setdefault(_KEY, set()).add(meeting_id)


def after_commit(listener: Callable[[int], None]) -> Callable[[int], None]:
    """Call `listener(meeting_id)` for each meeting a committed transaction changed."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


@event.listens_for(orm.Session, "after_commit")
def _announce(session: orm.Session) -> None:
    for meeting_id in sorted(session.info.pop(_KEY, ())):
        for listener in _listeners:
            try:
                listener(meeting_id)
            except Exception:  # the write is committed: a listener's fault must not undo its answer
                logger.exception("after-commit listener %r failed", listener)


@event.listens_for(orm.Session, "after_soft_rollback")
def _forget(session: orm.Session, previous_transaction: orm.SessionTransaction) -> None:
    # Every rollback, even one before any SQL was sent (after_rollback would miss it); a
    # savepoint's rollback keeps the marks, which at worst costs a push of unchanged figures.
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
