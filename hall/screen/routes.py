"""The screen page and the latest-snapshot endpoint."""

from flask import jsonify, render_template, request

from hall.base.errors import HallError
from hall.live.state import live
from hall.meeting.roll import current_meeting
from hall.screen.access import key_matches
from hall.screen.blueprint import bp
from hall.store.db import get_db


@bp.get("/screen")
def screen():
    """The big screen; without the right key, a page asking for it."""
    key = request.args.get("key", "")
    if not key_matches(current_meeting(get_db()), key):
        error = "大屏密钥不正确，请向秘书处核对。" if key else None
        return render_template("screen/key_required.html", error=error), 403 if key else 200
    return render_template("screen/screen.html", screen_key=key)


@bp.get("/api/v1/screen/snapshot")
def snapshot():
    """What the screen should show now."""
    session = get_db()
    meeting = current_meeting(session)
    if not key_matches(meeting, request.args.get("key")):
        raise HallError("bad_screen_key", "大屏密钥不正确", 403)
    return jsonify(live.screen_snapshot(session, meeting))
