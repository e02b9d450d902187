"""The desk's pages: login, logout, the dashboard, and the demo meeting's card list."""

from flask import abort, redirect, render_template, request, url_for

from hall import demo
from hall.admin import bp
from hall.admin.auth import (
    ADMIN,
    current_role,
    current_user_name,
    log_in,
    log_out,
    staff_required,
)
from hall.db import get_db
from hall.errors import HallError
from hall.live import live
from hall.public_url import public_url
from hall.roll import current_meeting


@bp.route("/admin/login", methods=["GET", "POST"])
def login():
    """Password login (CSRF-protected form)."""
    error = None
    if request.method == "POST":
        try:
            if log_in(request.form.get("password", ""), request.form.get("username") or ADMIN):
                return _redirect_inside(request.args.get("next", ""))
            error = "账号或密码不正确"
        except HallError as refused:
            return render_template("admin/login.html", error=refused.message), refused.status
    return render_template("admin/login.html", error=error), 401 if error else 200


def _redirect_inside(target: str):
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("admin.dashboard")
    return redirect(target)


@bp.post("/admin/logout")
def logout():
    log_out()
    return redirect(url_for("admin.login"))


@bp.get("/admin/")
@staff_required
def dashboard():
    """The meeting, the roll, each ballot and its buttons; filled and kept live by JS."""
    db = get_db()
    meeting = current_meeting(db)
    snapshot = live.desk_snapshot(db, meeting) if meeting else None
    return render_template(
        "admin/dashboard.html",
        meeting=meeting,
        snapshot=snapshot,
        user=current_user_name(),
        role=current_role(),
        screen_url=public_url(f"/screen?key={meeting.screen_key}") if meeting else None,
    )


@bp.get("/demo/cards")
def demo_cards():
    """The demo deputies' card links, so a newcomer can vote from a browser tab."""
    meeting = current_meeting(get_db())
    if meeting is None or not meeting.is_demo:
        abort(404)
    return render_template("admin/demo_cards.html", meeting=meeting, cards=demo.demo_cards(meeting))
