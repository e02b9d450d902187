"""The desk's live monitor of a ballot (page and JSON)."""

from flask import jsonify, render_template

from hall.admin.auth import current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.ballots.life import get_ballot
from hall.live.state import live
from hall.roster.monitor import monitor
from hall.store.db import get_db


def _monitor(ballot_id: int) -> dict:
    db = get_db()
    ballot = get_ballot(db, ballot_id)
    return ballot, monitor(db, ballot, live.phones_connected(ballot.meeting_id))


@bp.get("/api/v1/admin/ballots/<int:ballot_id>/monitor")
@staff_required
def monitor_json(ballot_id):
    """Turnout by delegation, who has not voted yet, phones connected."""
    return jsonify(_monitor(ballot_id)[1])


@bp.get("/admin/ballots/<int:ballot_id>/monitor")
@staff_required
def monitor_page(ballot_id):
    ballot, figures = _monitor(ballot_id)
    return render_template(
        "admin/monitor.html",
        ballot=ballot,
        monitor=figures,
        user=current_user_name(),
        role=current_role(),
    )
