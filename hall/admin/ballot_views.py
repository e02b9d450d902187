"""The desk's ballot editor and a ballot's later life: drafts, countdown, void, re-vote."""

from flask import Response, jsonify

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.ballots.drafts import create_draft, draft_view, item_choices, update_draft
from hall.ballots.life import extend_countdown, get_ballot, get_writable_ballot, void_ballot
from hall.ballots.views import ballot_summary
from hall.meeting.roll import meeting_or_404
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.voting.revote import create_revote
from hall.web.errors import json_body


@bp.get("/api/v1/admin/ballot-items")
@staff_required
def ballot_item_choices():
    """What a draft may hold: the meeting's candidates and completed projects."""
    return jsonify(item_choices(get_db(), meeting_or_404(get_db())))


@bp.post("/api/v1/admin/ballots")
@admin_required
def new_ballot():
    """Create a draft (票决 or 测评); items default to all candidates or projects."""
    fields = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        ballot = create_draft(db, meeting, current_user_name(), fields)
        view = draft_view(ballot)
        meeting_changed(db, meeting.id)
    return jsonify(view), 201


@bp.get("/api/v1/admin/ballots/<int:ballot_id>")
@staff_required
def show_ballot(ballot_id):
    """The ballot's settings and items, as the editor shows them."""
    return jsonify(draft_view(get_ballot(get_db(), ballot_id)))


@bp.post("/api/v1/admin/ballots/<int:ballot_id>/settings")
@admin_required
def edit_ballot(ballot_id):
    """Change a draft; `ballot_frozen` once it has opened."""
    changes = json_body()
    with write_session() as db:
        ballot = update_draft(db, get_writable_ballot(db, ballot_id), current_user_name(), changes)
        view = draft_view(ballot)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(view)


def change_ballot(ballot_id: int, change) -> Response:
    """Apply `change(session, ballot)`, then answer the ballot as the dashboard's card shows it."""
    with write_session() as db:
        ballot = get_writable_ballot(db, ballot_id)
        change(db, ballot)
        db.flush()
        summary = ballot_summary(db, ballot)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(summary)


@bp.post("/api/v1/admin/ballots/<int:ballot_id>/extend")
@admin_required
def extend(ballot_id):
    """Give an open ballot more time: `{"seconds": 120}`."""
    seconds = json_body().get("seconds")
    return change_ballot(
        ballot_id, lambda db, ballot: extend_countdown(db, ballot, current_user_name(), seconds)
    )


@bp.post("/api/v1/admin/ballots/<int:ballot_id>/void")
@admin_required
def void(ballot_id):
    """Void a ballot with a reason: `{"reason": "…"}`."""
    reason = json_body().get("reason")
    return change_ballot(
        ballot_id, lambda db, ballot: void_ballot(db, ballot, current_user_name(), reason)
    )


@bp.post("/api/v1/admin/ballots/<int:ballot_id>/revote")
@admin_required
def revote(ballot_id):
    """A draft re-vote on the candidates tied at the cut-off, for the places left."""
    json_body()
    with write_session() as db:
        ballot = create_revote(db, get_writable_ballot(db, ballot_id), current_user_name())
        view = draft_view(ballot)
        meeting_changed(db, ballot.meeting_id)
    return jsonify(view), 201
