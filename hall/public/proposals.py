"""The public's proposal API (问需于民): the round, similar proposals, submit, 附议, status."""

from flask import current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from hall.base.errors import HallError
from hall.projects.proposal_outcome import outcome_of
from hall.proposals import guard, intake
from hall.proposals.rounds import describe, round_of
from hall.proposals.similar import similar
from hall.proposals.status import by_code, public_status
from hall.public import proposal_pages  # noqa: F401  (the pages register on bp)
from hall.public.progress import progress_of_candidate
from hall.public.proposal_blueprint import bp, device, known_device, submit, the_meeting
from hall.store.db import get_db, write_session
from hall.web.errors import json_body

__all__ = ["bp"]


@bp.get("/api/v1/public/round")
def api_round():
    """The collection round as the page shows it, and a fresh form token."""
    session = get_db()
    meeting = the_meeting(session)
    device()  # a first visit gets its device cookie here
    shown = describe(round_of(session, meeting), meeting)
    shown["form_token"] = guard.form_token(current_app.config["SECRET_KEY"])
    return jsonify(shown)


@bp.get("/api/v1/public/proposals/similar")
def api_similar():
    """Proposals whose titles look like `q` (hidden and merged ones left out)."""
    text = request.args.get("q", "")
    session = get_db()
    return jsonify({"proposals": similar(session, the_meeting(session), text)})


@bp.post("/api/v1/public/proposals")
def api_submit():
    """Submit a proposal; answers its tracking code."""
    code, proposal_id = submit(json_body())
    return jsonify({"code": code, "id": proposal_id}), 201


@bp.post("/api/v1/public/proposals/<int:proposal_id>/support")
def api_support(proposal_id):
    """附议: once per device; answers the count and whether this one was new."""
    held = known_device()
    if held is None:
        raise HallError("no_device", "请先打开建议页面（并允许保存 Cookie），再附议")
    secret = current_app.config["SECRET_KEY"]
    if not guard.supports_per_address.take(request.remote_addr or "?"):
        raise guard.too_many()
    try:
        with write_session() as session:
            key = guard.device_key(secret, held)
            proposal, new = intake.support(session, the_meeting(session), proposal_id, key)
            answer = {"id": proposal.id, "supports": proposal.support_total, "new": new}
    except IntegrityError:  # the same device twice at the same instant
        answer = {"id": proposal_id, "supports": None, "new": False}
    return jsonify(answer), 201 if answer["new"] else 200


@bp.get("/api/v1/public/proposals/<code>")
def api_status(code):
    """What the tracking code shows: state, answer, and 入选 / 未入选 once published."""
    session = get_db()
    proposal = by_code(session, code)
    shown = public_status(session, proposal)
    candidate_id = shown.pop("candidate_id")
    shown["candidate"] = outcome_of(session, candidate_id)
    # Once its project is in the year's register (and the 项目进度榜 is on): how it progresses.
    shown["progress"] = progress_of_candidate(candidate_id) if candidate_id else None
    return jsonify(shown)
