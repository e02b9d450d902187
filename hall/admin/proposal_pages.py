"""The desk's proposals page: round settings, statistics, the queue and its actions, and the
candidates made from proposals (the page's script calls hall/admin/proposal_views.py)."""

from flask import render_template

from hall.admin.auth import current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.meeting.roll import meeting_or_404
from hall.proposals.words import ANSWERS, CHANNELS, STATES
from hall.store.db import get_db


@bp.get("/admin/proposals")
@staff_required
def proposals_page():
    """问需于民 at the desk: everything on one page, filled in by static/js/admin/proposals.js."""
    meeting = meeting_or_404(get_db())
    return render_template(
        "admin/proposals.html",
        meeting=meeting,
        channels=CHANNELS,
        states=STATES,
        answers=ANSWERS,
        user=current_user_name(),
        role=current_role(),
    )
