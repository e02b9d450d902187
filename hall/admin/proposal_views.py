"""The desk's proposals (问需于民): the queue, one proposal, hide, merge, the lead department,
the answer, statistics, the Excel export, and the collection round's settings."""

from flask import jsonify, request

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import XLSX, download
from hall.meeting.roll import meeting_or_404
from hall.proposals import desk
from hall.proposals.rounds import describe, round_of, save_round
from hall.proposals.stats import statistics
from hall.reports.proposal_export import proposals_workbook
from hall.store import audit
from hall.store.db import get_db, write_session
from hall.web.errors import json_body

BASE = "/api/v1/admin/proposals"


@bp.get(BASE)
@staff_required
def proposals_queue():
    """A page of the queue: ?area=&channel=&state=&station=&q=&page=&per_page=."""
    session = get_db()
    return jsonify(desk.queue(session, meeting_or_404(session), request.args))


@bp.get(f"{BASE}/<int:proposal_id>")
@staff_required
def proposal_detail(proposal_id):
    """One proposal in full (the phone number masked), with the proposals merged into it."""
    session = get_db()
    return jsonify(desk.detail(session, meeting_or_404(session), proposal_id, False))


@bp.get(f"{BASE}/<int:proposal_id>/contact")
@admin_required
def proposal_contact(proposal_id):
    """The one view with the proposer's phone number unmasked (the admin only, audited)."""
    with write_session() as session:
        meeting = meeting_or_404(session)
        proposal = desk.proposal_of(session, meeting, proposal_id)
        audit.record(session, current_user_name(), "proposal_contact", proposal=proposal.code)
        shown = {"name": proposal.proposer_name, "phone": proposal.proposer_phone}
    return jsonify(shown)


def _act(action, proposal_id=None):
    body = json_body()
    with write_session() as session:
        meeting = meeting_or_404(session)
        if proposal_id is None:
            proposal = action(session, meeting, body, current_user_name())
        else:
            proposal = action(session, meeting, proposal_id, body, current_user_name())
        shown = desk.summary(proposal)
    return jsonify(shown)


@bp.post(f"{BASE}/<int:proposal_id>/hide")
@admin_required
def hide_proposal(proposal_id):
    """Hide from the public (similar search, 附议) with a reason the proposer will read."""
    return _act(desk.hide, proposal_id)


@bp.post(f"{BASE}/<int:proposal_id>/unhide")
@admin_required
def unhide_proposal(proposal_id):
    """Show a hidden proposal again."""
    return _act(lambda s, m, i, _body, actor: desk.unhide(s, m, i, actor), proposal_id)


@bp.post(f"{BASE}/merge")
@admin_required
def merge_proposals():
    """Merge duplicates {target_id, source_ids}: every source and its supports are kept."""
    return _act(desk.merge)


@bp.post(f"{BASE}/<int:proposal_id>/department")
@admin_required
def assign_department(proposal_id):
    """The lead department (承办部门), by name."""
    return _act(desk.assign, proposal_id)


@bp.post(f"{BASE}/<int:proposal_id>/answer")
@admin_required
def answer_proposal(proposal_id):
    """采纳 / 部分采纳 / 暂不采纳 {answer: adopted|partly|declined, reason}."""
    return _act(desk.answer, proposal_id)


@bp.get(f"{BASE}/stats")
@staff_required
def proposals_stats():
    """Counts by area, channel, source, state, answer and day."""
    session = get_db()
    return jsonify(statistics(session, meeting_or_404(session)))


@bp.get(f"{BASE}/export.xlsx")
@staff_required
def proposals_export():
    """Every proposal of the meeting as an Excel workbook (phone numbers masked)."""
    session = get_db()
    meeting = meeting_or_404(session)
    return download(proposals_workbook(session, meeting), XLSX, f"{meeting.name}群众建议.xlsx")


@bp.get("/api/v1/admin/proposal-round")
@staff_required
def get_proposal_round():
    """The collection round: title, dates, introduction, areas, open or not."""
    session = get_db()
    meeting = meeting_or_404(session)
    return jsonify(describe(round_of(session, meeting), meeting))


@bp.post("/api/v1/admin/proposal-round")
@admin_required
def post_proposal_round():
    """Set the round's title, opens_on, closes_on (YYYY-MM-DD), introduction, areas (a list)."""
    body = json_body()
    with write_session() as session:
        meeting = meeting_or_404(session)
        shown = describe(save_round(session, meeting, body, current_user_name()), meeting)
    return jsonify(shown)
