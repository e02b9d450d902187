"""The watch on the ballots: one query a tick, told to the collector's pacer and the sealer."""

from hall import start_live_pusher
from hall.base.extensions import socketio
from hall.proposals.writer import writer as proposal_writer
from hall.tasks import ballot_watch
from hall.tasks.ballot_watch import look, voting_anywhere
from hall.voting.writer import writer


def test_voting_anywhere_reads_the_ballots(app, factory, admin_client):
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=1)
    assert voting_anywhere(app) is False
    opened = admin_client.post(f"/api/v1/admin/ballots/{ballot}/open", json={})
    assert opened.status_code == 200
    assert voting_anywhere(app) is True


class Told:
    def __init__(self):
        self.heard = []

    def tick(self, *arguments):
        self.heard.append(arguments[-1])


def test_one_look_tells_the_keeper_and_the_sealer_the_same(app, factory, monkeypatch):
    keeper, sealer = Told(), Told()
    monkeypatch.setattr(ballot_watch, "keeper", keeper)
    monkeypatch.setattr(ballot_watch, "sealer", sealer)
    meeting = factory.meeting()
    ballot = factory.ballot(meeting, candidates=3, places=1)
    look(app)
    factory.set_state(ballot, "open")
    look(app)
    assert keeper.heard == sealer.heard == [False, True]


def test_the_server_starts_the_watch_with_the_live_pusher(app, monkeypatch):
    """run.py calls start_live_pusher: the watch, and with it the keeper and the sealer."""
    started = []
    monkeypatch.setattr(socketio, "start_background_task", lambda task, *a: started.append(task))
    monkeypatch.setattr(writer, "start", lambda app: started.append("writer"))
    monkeypatch.setattr(proposal_writer, "start", lambda app: started.append("proposals"))
    start_live_pusher(app)
    assert ballot_watch.run in started
    assert "writer" in started and "proposals" in started
