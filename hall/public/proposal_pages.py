"""The public's proposal pages: /propose (works without scripts too), the status page of a
tracking code, and the A4 poster with the page's QR code."""

from flask import current_app, redirect, render_template, request, url_for

from hall.base.errors import HallError
from hall.base.public_url import public_url
from hall.projects.proposal_outcome import outcome_of
from hall.proposals import guard
from hall.proposals.rounds import describe, round_of
from hall.proposals.status import by_code, public_status
from hall.proposals.words import LIMITS
from hall.public.progress import progress_of_candidate
from hall.public.proposal_blueprint import bp, device, submit, the_meeting
from hall.roster.qr_code import qr_svg
from hall.store.db import get_db

FORM_FIELDS = ("area", "title", "body", "reason", "proposer_name", "proposer_phone")


def _form_page(values: dict, error: str = "", status: int = 200):
    session = get_db()
    meeting = the_meeting(session)
    device()
    page = render_template(
        "public/propose.html",
        round=describe(round_of(session, meeting), meeting),
        token=guard.form_token(current_app.config["SECRET_KEY"]),
        honeypot=guard.HONEYPOT,
        limits=LIMITS,
        values=values,
        error=error,
    )
    return page, status


@bp.get("/propose")
def propose_page():
    """The phone-first form: area, title, what and where, why; name and phone optional."""
    return _form_page({})


@bp.post("/propose")
def propose_form():
    """The form posted without scripts: the same road as the API, then the status page."""
    form = request.form
    body = {key: form.get(key, "") for key in (*FORM_FIELDS, "form_token", guard.HONEYPOT)}
    body["consent"] = form.get("consent") == "yes"
    try:
        code, _ = submit(body)
    except HallError as error:
        if error.status == 404:
            raise
        return _form_page(body, error.message, error.status)
    return redirect(url_for("public_proposals.status_page", code=code, new=1), 303)


@bp.get("/propose/s")
def status_lookup():
    """The lookup box: a typed code goes to its status page."""
    code = request.args.get("code", "")
    if code:
        return redirect(url_for("public_proposals.status_page", code=code[:30].strip()), 303)
    return render_template("public/propose_lookup.html")


@bp.get("/propose/s/<code>")
def status_page(code):
    """What became of a proposal: state, answer, and 入选 / 未入选 once published."""
    session = get_db()
    proposal = by_code(session, code)
    shown = public_status(session, proposal)
    candidate_id = shown.pop("candidate_id")
    shown["candidate"] = outcome_of(session, candidate_id)
    # Once its project is in the year's register (and the 项目进度榜 is on): how it progresses.
    shown["progress"] = progress_of_candidate(candidate_id) if candidate_id else None
    return render_template(
        "public/propose_status.html", status=shown, new=request.args.get("new") == "1"
    )


@bp.get("/propose/poster")
def poster():
    """The A4 poster: the round's title and dates, and the QR code of /propose."""
    session = get_db()
    meeting = the_meeting(session)
    url = public_url("/propose")
    return render_template(
        "public/propose_poster.html",
        round=describe(round_of(session, meeting), meeting),
        url=url,
        qr=qr_svg(url, "扫码提出民生实事建议"),
    )
