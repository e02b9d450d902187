"""The desk's paper fallback: who votes on paper, and the paper sheets typed in after the close."""

from flask import jsonify, request

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.ballots.life import get_ballot, get_writable_ballot
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.voting import paper
from hall.web.errors import json_body

BASE = "/api/v1/admin/ballots/<int:ballot_id>/paper"


@bp.get(BASE)
@staff_required
def paper_status(ballot_id):
    """Paper voters, paper sheets entered, entries waiting for a second user."""
    db = get_db()
    return jsonify(paper.status(db, get_ballot(db, ballot_id)))


@bp.get(f"{BASE}/deputies")
@staff_required
def paper_find_deputies(ballot_id):
    """Deputies by name or seat (`?q=`), with how each votes on this ballot."""
    db = get_db()
    found = paper.find_deputies(db, get_ballot(db, ballot_id), request.args.get("q", ""))
    return jsonify({"deputies": found})


@bp.post(f"{BASE}/voters")
@admin_required
def paper_add_voter(ballot_id):
    """Hand a deputy a paper sheet: `{"deputy_id": 17}`; their phone can no longer vote."""
    deputy_id = json_body().get("deputy_id")
    return _changed(
        ballot_id, lambda db, b: paper.mark_voter(db, b, deputy_id, current_user_name())
    )


@bp.post(f"{BASE}/voters/<int:deputy_id>/remove")
@admin_required
def paper_remove_voter(ballot_id, deputy_id):
    """Take back a paper sheet handed out by mistake (before the close)."""
    json_body()
    return _changed(
        ballot_id, lambda db, b: paper.unmark_voter(db, b, deputy_id, current_user_name())
    )


@bp.post(f"{BASE}/sheets")
@admin_required
def paper_enter_sheet(ballot_id):
    """One paper sheet: `{"sheet": {…}}` as a phone sends it, or `{"invalid": true}` (废票)."""
    body = json_body()
    with write_session() as db:
        ballot = get_writable_ballot(db, ballot_id)
        answer = paper.enter_sheet(db, ballot, current_user_name(), body)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(answer), 201 if answer["status"] == "counted" else 202


@bp.post(f"{BASE}/entries/<int:entry_id>/confirm")
@staff_required
def paper_confirm_entry(ballot_id, entry_id):
    """A second, different user types the same sheet again; equal marks go into the box."""
    body = json_body()
    with write_session() as db:
        ballot = get_writable_ballot(db, ballot_id)
        answer = paper.confirm_entry(db, ballot, entry_id, current_user_name(), body)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(answer), 201


@bp.post(f"{BASE}/entries/<int:entry_id>/discard")
@admin_required
def paper_discard_entry(ballot_id, entry_id):
    """Drop an entry waiting for confirmation."""
    json_body()
    return _changed(
        ballot_id, lambda db, b: paper.discard_entry(db, b, entry_id, current_user_name())
    )


def _changed(ballot_id, change):
    """Apply `change(db, ballot)` in one write, then answer the paper status."""
    with write_session() as db:
        ballot = get_writable_ballot(db, ballot_id)
        change(db, ballot)
        db.flush()
        answer = paper.status(db, ballot)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(answer)
