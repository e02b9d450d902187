"""The chair's page and its snapshot (the page asks for it every two seconds)."""

from flask import jsonify, render_template, request

from hall.base.public_url import public_url
from hall.chair.access import chair_key, chair_key_matches
from hall.chair.blueprint import bp
from hall.chair.view import chair_snapshot
from hall.meeting.roll import current_meeting
from hall.store.db import get_db
from hall.web.errors import HallError


@bp.get("/chair")
def chair():
    """The chair's monitor; without the right key, a page asking for it."""
    key = request.args.get("key", "")
    if not chair_key_matches(current_meeting(get_db()), key):
        error = "主持人屏密钥不正确，请向秘书处核对。" if key else None
        return render_template("chair/key_required.html", error=error), 403 if key else 200
    return render_template("chair/chair.html", chair_key=key)


@bp.get("/api/v1/chair/snapshot")
def snapshot():
    """The step, the turnout, the result once closed (before the hall sees it), the 主持词."""
    session = get_db()
    meeting = current_meeting(session)
    if not chair_key_matches(meeting, request.args.get("key")):
        raise HallError("bad_chair_key", "主持人屏密钥不正确", 403)
    return jsonify(chair_snapshot(session, meeting))


@bp.app_context_processor
def chair_link():
    """`chair_url(meeting)` for the desk's pages (templates/admin/_screen_link.html)."""

    def chair_url(meeting) -> str:
        return public_url(f"/chair?key={chair_key(meeting)}")

    return {"chair_url": chair_url}
