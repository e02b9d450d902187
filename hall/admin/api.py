"""The desk's JSON API (/api/v1/admin): login, overview, sign-in, a ballot's life, results."""

from flask import jsonify
from flask_wtf.csrf import generate_csrf

from hall.admin.auth import (
    ADMIN,
    admin_required,
    current_user_name,
    log_in,
    log_out,
    staff_required,
)
from hall.admin.ballot_views import change_ballot
from hall.admin.blueprint import bp
from hall.ballots.life import (
    close_ballot,
    get_ballot,
    open_ballot,
    publish_ballot,
)
from hall.ballots.views import ballot_summary
from hall.base.errors import HallError
from hall.base.extensions import csrf
from hall.base.public_url import public_url
from hall.meeting.current import meeting_dict
from hall.meeting.roll import meeting_or_404, roll_call, switch_sign_in
from hall.store import audit
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.voting.released import visible_result
from hall.web.errors import json_body


@bp.post("/api/v1/admin/login")
@csrf.exempt
def api_login():
    """Log in with the password; answers the CSRF token for later calls."""
    body = json_body()
    password, username = body.get("password", ""), body.get("username") or ADMIN
    if not isinstance(password, str) or not isinstance(username, str):
        raise HallError("bad_request", "账号和密码应为文本", 400)
    if not log_in(password, username):
        raise HallError("login_failed", "密码不正确", 401)
    return jsonify({"csrf_token": generate_csrf()})


@bp.post("/api/v1/admin/logout")
def api_logout():
    log_out()
    return jsonify({"logged_out": True})


@bp.get("/api/v1/admin/overview")
@staff_required
def overview():
    """The meeting, the roll, the screen link and every ballot with its turnout."""
    db = get_db()
    meeting = meeting_or_404(db)
    return jsonify(
        {
            "meeting": meeting_dict(meeting),
            "roll": roll_call(db, meeting).to_dict(),
            "screen_url": public_url(f"/screen?key={meeting.screen_key}"),
            "ballots": [ballot_summary(db, ballot) for ballot in meeting.ballots],
        }
    )


@bp.post("/api/v1/admin/sign-in/<any(open, close):action>")
@admin_required
def sign_in_switch(action):
    """Open or close sign-in (签到)."""
    with write_session() as db:
        meeting = meeting_or_404(db)
        switch_sign_in(meeting, action == "open")
        audit.record(db, current_user_name(), f"sign_in_{action}")
        roll = roll_call(db, meeting).to_dict()
        meeting_changed(db, meeting.id)
    return jsonify(roll)


BALLOT_ACTIONS = {"open": open_ballot, "close": close_ballot, "publish": publish_ballot}


@bp.post("/api/v1/admin/ballots/<int:ballot_id>/<any(open, close, publish):action>")
@admin_required
def ballot_action(ballot_id, action):
    """Open (with an optional countdown), close or publish a ballot."""
    body = json_body()

    def change(db, ballot):
        if action == "open":
            open_ballot(db, ballot, current_user_name(), _countdown(body))
        else:
            BALLOT_ACTIONS[action](db, ballot, current_user_name())

    return change_ballot(ballot_id, change)


@bp.get("/api/v1/admin/ballots/<int:ballot_id>/result")
@staff_required
def ballot_result(ballot_id):
    """The result at any time (provisional while the ballot is open)."""
    db = get_db()
    return jsonify(visible_result(db, get_ballot(db, ballot_id)))


def _countdown(body: dict) -> int | None:
    seconds = body.get("countdown_seconds")
    if seconds is None:
        return None
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise HallError("bad_request", "倒计时须为整数秒", 400)
    return seconds
