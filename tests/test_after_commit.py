"""The live state hears of a change only after its commit, and never of a rolled-back one
(hall.store.changes)."""

import pytest
import sqlalchemy as sa

from hall.live.state import live
from hall.store import changes
from hall.store.changes import meeting_changed
from hall.store.db import session_factory, write_session
from hall.store.models import Meeting


@pytest.fixture
def heard(app, monkeypatch):
    """What a listener heard, and for each meeting the name another session read then."""
    heard = []

    def listener(meeting_id):
        with session_factory(app)() as other:
            heard.append((meeting_id, other.get(Meeting, meeting_id).name))

    monkeypatch.setattr(changes, "_listeners", [*changes._listeners, listener])
    return heard


def test_a_change_is_heard_after_its_commit_with_the_new_figures(app, factory, heard):
    meeting_id = factory.meeting()
    with write_session(app) as db:
        db.get(Meeting, meeting_id).name = "改过的会议名称"
        meeting_changed(db, meeting_id)
        db.flush()
        assert heard == [], "nothing before the commit"
    assert heard == [(meeting_id, "改过的会议名称")], "another session already reads the change"


def test_a_rolled_back_change_is_never_heard(app, factory, heard):
    meeting_id = factory.meeting()
    with pytest.raises(RuntimeError), write_session(app) as db:
        db.get(Meeting, meeting_id).name = "不会保存"
        meeting_changed(db, meeting_id)
        raise RuntimeError("refused halfway")
    with write_session(app) as db:  # the next transaction on a fresh session says nothing
        db.execute(sa.select(1))
    assert heard == []


def test_a_session_forgets_the_changes_of_a_transaction_it_rolled_back(app, factory, heard):
    meeting_id = factory.meeting()
    with session_factory(app)() as db:
        meeting_changed(db, meeting_id)
        db.rollback()
        db.execute(sa.select(1))
        db.commit()
    assert heard == []


def test_the_live_state_is_marked_by_a_desk_change_and_not_by_a_refused_one(
    app, factory, admin_client
):
    meeting_id = factory.meeting()
    live.reset()
    refused = admin_client.post("/api/v1/admin/rehearsal/wipe", json={})
    assert refused.status_code == 409, refused.get_json()
    assert meeting_id not in live._dirty
    assert admin_client.post("/api/v1/admin/rehearsal", json={"on": True}).status_code == 200
    assert meeting_id in live._dirty


def test_a_failing_listener_does_not_undo_a_committed_write(app, factory, monkeypatch):
    def broken(_meeting_id):
        raise RuntimeError("listener down")

    monkeypatch.setattr(changes, "_listeners", [broken])
    meeting_id = factory.meeting()
    with write_session(app) as db:
        db.get(Meeting, meeting_id).name = "照样保存"
        meeting_changed(db, meeting_id)
    with session_factory(app)() as db:
        assert db.get(Meeting, meeting_id).name == "照样保存"
