"""Live state: the snapshots that screens, desks and phones receive, and the task that pushes them.

A vote never sends a message by itself: it marks its meeting dirty, and the background task
builds one snapshot per dirty meeting at most every LIVE_PUSH_INTERVAL seconds, numbered
with a sequence that rises across restarts (it starts from the clock).
"""

import json
import logging
import time

import sqlalchemy as sa

from hall.ballots.life import (
    ballot_for_phones,
    close_ballot,
    expired_ballot_ids,
    get_ballot,
)
from hall.ballots.views import ballot_summary, phone_view
from hall.base.clock import now_ms
from hall.base.extensions import socketio
from hall.live.feed import feed_items, feed_totals
from hall.live.pacing import Pacer
from hall.live.queue import QueueHealth, listen_now
from hall.live.rooms import deputies_room, desk_room, screen_room
from hall.live.screen_ballot import (
    PINNED_SCENES,
    may_show_result,
    scene_of,
    screen_ballot,
    screen_ballot_choice,
)
from hall.live.screens import screens
from hall.live.shared_counts import LocalCounts, RedisCounts
from hall.meeting.current import meeting_dict
from hall.meeting.roll import leave_cleared, roll_call
from hall.projects.ballot_provenance import provenance_lines
from hall.projects.showcase import showcase
from hall.rules.kinds import FEED_KINDS, kind_of
from hall.store.changes import after_commit, meeting_changed
from hall.store.db import session_factory, write_session
from hall.store.models import Ballot, Meeting
from hall.voting.released import listeners, settle, unsettled_ballot_ids, visible_result

log = logging.getLogger(__name__)

# How long a phone state built for one connecting phone serves the next ones (see
# LiveState.phone_state_for): a reconnect storm of 3,000 phones then builds it a few times.
PHONE_STATE_REUSE_SECONDS = 1.0


class LiveState:
    """Dirty marks, the sequence counter and the last phone state sent, per process."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        """Forget everything pending (a fresh app in tests)."""
        self._dirty: set[int] = set()
        self._pacer = None  # once the pusher runs (hall/live/pacing.py)
        self._last_seq = 0
        self._phone_sent: dict[int, str] = {}
        # meeting id -> (monotonic time, phone state without seq/server_time); used only
        # while the pusher runs in a single process (no message queue): see phone_state_for.
        self._phone_cache: dict[int, tuple[float, dict]] = {}
        self._sole_process = False
        # The phones connected: in memory, or in Redis when several processes serve (run()).
        self.counts = LocalCounts()
        self.queue = QueueHealth()  # the message queue, when several processes serve

    def phone_connected(self, meeting_id: int, sid: str) -> None:
        self.counts.phone_connected(meeting_id, sid)

    def phone_disconnected(self, meeting_id: int, sid: str) -> None:
        self.counts.phone_disconnected(meeting_id, sid)

    def phones_connected(self, meeting_id: int) -> int:
        """Phones connected to every process serving the meeting."""
        return self.counts.phones(meeting_id)

    def mark_dirty(self, meeting_id: int) -> None:
        self._dirty.add(meeting_id)
        self._phone_cache.pop(meeting_id, None)
        if self._pacer is not None:
            self._pacer.poke()

    def next_seq(self) -> int:
        self._last_seq = max(self._last_seq + 1, now_ms())
        return self._last_seq

    def screen_snapshot(self, session, meeting: Meeting) -> dict:
        """What the hall screen shows now (the result only where the screen may show it)."""
        return self._snapshot(session, meeting)

    def desk_snapshot(self, session, meeting: Meeting, screen: dict | None = None) -> dict:
        """The screen's snapshot plus what only the desk sees: the preview (always), every
        ballot and the chosen scene. Built on `screen` when given, so no figure is counted twice."""
        desk = {**(screen or self._snapshot(session, meeting)), "seq": self.next_seq()}
        preview = desk["result"]
        if preview is None and desk["ballot"] is not None:
            preview = visible_result(session, session.get(Ballot, desk["ballot"]["id"]))
        desk["preview"] = preview
        desk["screen_scene"] = meeting.screen_scene
        desk["leave_cleared"] = leave_cleared(session, meeting)
        desk["queue"] = self.queue.status()
        desk["ballots"] = [ballot_summary(session, b) for b in meeting.ballots]
        return desk

    def phone_state(self, session, meeting: Meeting) -> dict:
        ballot = ballot_for_phones(session, meeting.id)
        # The candidates' 来源 lines, once per opened ballot, not per push (ballot_provenance.py).
        sources = provenance_lines.lines(session, ballot) if ballot else None
        return {
            "meeting": meeting_dict(meeting),
            "sign_in_open": meeting.sign_in_open,
            "ballot": phone_view(ballot, sources) if ballot else None,
            "seq": self.next_seq(),
            "server_time": now_ms(),
        }

    def phone_state_for(self, session, meeting_id: int) -> dict:
        """The phone state for a connecting phone, reusing one built moments ago.

        Every change a phone can see marks its meeting dirty; a state built while the
        meeting was clean stays right until then, so it serves the next phones for up to
        PHONE_STATE_REUSE_SECONDS (building it means a dozen queries: a storm of reconnects
        would otherwise build it 3,000 times).
        """
        cached = self._phone_cache.get(meeting_id)
        clean = meeting_id not in self._dirty
        if cached and clean and time.monotonic() - cached[0] < PHONE_STATE_REUSE_SECONDS:
            return {**cached[1], "seq": self.next_seq(), "server_time": now_ms()}
        state = self.phone_state(session, session.get(Meeting, meeting_id))
        if self._sole_process and clean:
            self._keep_phone_state(meeting_id, state)
        return state

    def _keep_phone_state(self, meeting_id: int, state: dict) -> None:
        body = {k: v for k, v in state.items() if k not in ("seq", "server_time")}
        self._phone_cache[meeting_id] = (time.monotonic(), body)

    def _snapshot(self, session, meeting: Meeting) -> dict:
        ballot = screen_ballot_choice(session, meeting)
        snapshot = {
            "seq": self.next_seq(),
            "server_time": now_ms(),
            "meeting": meeting_dict(meeting),
            "roll": roll_call(session, meeting).to_dict(),
            "scene": scene_of(ballot),
            "ballot": screen_ballot(session, ballot) if ballot else None,
            "result": None,
            "showcase": None,
        }
        if meeting.screen_scene in PINNED_SCENES:
            snapshot["scene"] = meeting.screen_scene
        if meeting.screen_scene == "showcase":
            snapshot["showcase"] = showcase(session, meeting)
        if ballot is not None and may_show_result(ballot):
            snapshot["result"] = visible_result(session, ballot)
        return snapshot

    def flush(self, app) -> None:
        """Push one snapshot to each room of every dirty meeting."""
        dirty, self._dirty = self._dirty, set()
        if not dirty:
            return
        with app.app_context(), session_factory(app)() as session:
            self._release_feed(session, dirty)  # a closed rating's last items before its close
            for meeting_id in dirty:
                meeting = session.get(Meeting, meeting_id)
                if meeting is not None:
                    self._push(session, meeting)

    def _push(self, session, meeting: Meeting) -> None:
        screen = self.screen_snapshot(session, meeting)
        self._emit("snapshot", screen, screen_room(meeting.id), "/screen")
        if self._pushes_to_desk(meeting.id):
            desk = self.desk_snapshot(session, meeting, screen)
            self._emit("snapshot", desk, desk_room(meeting.id), "/desk")
        phone = self.phone_state(session, meeting)
        fingerprint = json.dumps(
            {k: v for k, v in phone.items() if k not in ("seq", "server_time")}, sort_keys=True
        )
        if self._phone_sent.get(meeting.id) != fingerprint:
            self._phone_sent[meeting.id] = fingerprint
            self._emit("state", phone, deputies_room(meeting.id), "/deputy")

    def _emit(self, event: str, data: dict, room: str, namespace: str) -> None:
        """To every process through the queue; to this process's own clients only while the
        queue is down (the others then serve theirs from the database, see keep_up)."""
        socketio.emit(event, data, to=room, namespace=namespace, ignore_queue=self.queue.degraded)

    def _pushes_to_desk(self, meeting_id: int) -> bool:
        """False when no desk is connected (to this single process): its snapshot computes the
        whole result from the box, 5 times a second while 3,000 sheets arrive, for nobody."""
        if not self._sole_process:  # not known here: a message queue, or no pusher
            return True
        desks = socketio.server.manager.get_participants("/desk", desk_room(meeting_id))
        return next(iter(desks), None) is not None

    def close_expired(self, app) -> None:
        """Close every ballot whose countdown has run out."""
        with session_factory(app)() as session:
            expired = expired_ballot_ids(session)
        for ballot_id in expired:
            with write_session(app) as session:
                ballot = get_ballot(session, ballot_id)
                if ballot.state == "open":
                    close_ballot(session, ballot, actor="countdown")
                    meeting_changed(session, ballot.meeting_id)

    def release_feed(self, app, meeting_ids=None) -> None:
        """Release what is due of every rating shown live (of the meetings given): a new batch
        while it is open, the rest once it stops (hall/voting/released.py); each release reaches the
        screens as the feed."""
        with app.app_context(), session_factory(app)() as session:
            self._release_feed(session, meeting_ids)

    def _release_feed(self, session, meeting_ids) -> None:
        due = (
            ballot_id
            for kind in FEED_KINDS
            for ballot_id in unsettled_ballot_ids(session, meeting_ids, kind=kind, display="live")
        )
        for ballot_id in due:
            ballot = session.get(Ballot, ballot_id)
            if ballot.state == "open":
                visible_result(session, ballot)
            else:
                settle(session, ballot)

    def emit_feed(self, ballot: Ballot, before: dict, after: dict) -> None:
        """A new release of a rating shown live: what it adds scrolls on the screens."""
        if not kind_of(ballot).live_feed or ballot.display != "live":
            return
        items = feed_items(before, after)
        if not items:
            return
        message = {
            "ballot_id": ballot.id,
            "seq": self.next_seq(),
            "items": items,
            "totals": feed_totals(after),
        }
        self._emit("feed", message, screen_room(ballot.meeting_id), "/screen")

    def run(self, app) -> None:
        """The background task: close expired ballots, release the feed, push what changed."""
        interval = float(app.config["LIVE_PUSH_INTERVAL"])  # HALL_LIVE_PUSH_INTERVAL is text
        # With a message queue, other processes change things without marking this one dirty,
        # and serve desks this one cannot see.
        queue = app.config.get("MESSAGE_QUEUE")
        self._sole_process = not queue
        self.queue.watch(queue, socketio.server.manager)
        self.counts.port = app.config.get("SERVER_PORT")
        if self.queue.url:
            shared = RedisCounts(queue, app.config["MESSAGE_QUEUE_CHANNEL"])
            shared.take_phones(self.counts)  # any phone already connected
            shared.port = self.counts.port
            self.counts = shared
            listen_now(socketio.server)
        self._pacer = Pacer(interval)
        while True:
            self._pacer.wait()  # a change wakes it; pushes stay `interval` apart
            try:
                self.counts.report()
                self.keep_up(app)
                screens.kick_stale(app)
                self.close_expired(app)
                self.flush(app)
            except Exception:
                log.exception("live state push failed; retrying")

    def keep_up(self, app) -> None:
        """Follow the queue: when it goes down or comes back, push everything afresh (to this
        process's clients, or through the queue to all); while it is down, rebuild what the
        current meetings show every second, since the other processes' changes reach this one
        only through the database."""
        changed = self.queue.check()
        if changed:
            self._phone_sent.clear()  # unchanged states too: other processes' phones missed them
        if changed or (self.queue.degraded and self.queue.check_due()):
            with app.app_context(), session_factory(app)() as session:
                current = session.scalars(sa.select(Meeting.id).where(Meeting.is_current))
                for meeting_id in current:
                    self.mark_dirty(meeting_id)


live = LiveState()
listeners.append(live.emit_feed)
after_commit(live.mark_dirty)  # every committed change a screen, desk or phone shows
