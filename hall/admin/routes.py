"""The desk's pages: login, logout, the dashboard (or 新建会议), and the demo's card list."""

from flask import abort, redirect, render_template, request, url_for

from hall.accounts.departments import DEPARTMENT
from hall.accounts.users import list_accounts
from hall.admin.auth import (
    ADMIN,
    SCRUTINEER,
    current_role,
    current_user_name,
    log_in,
    log_out,
    staff_required,
)
from hall.admin.blueprint import bp
from hall.base.errors import HallError
from hall.base.public_url import public_url
from hall.demo import load as demo
from hall.live.state import live
from hall.meeting.roll import current_meeting
from hall.meeting.setup_list import setup_steps
from hall.new_meeting.carry_over import carry_sources
from hall.new_meeting.create import (
    list_meetings,
    meeting_view,
    new_meeting_year,
)
from hall.store.db import get_db, release_db


@bp.route("/admin/login", methods=["GET", "POST"])
def login():
    """Password login (CSRF-protected form)."""
    error = None
    if request.method == "POST":
        try:
            if log_in(request.form.get("password", ""), request.form.get("username") or ADMIN):
                # A department's home is its office (部门填报), not the desk. The read
                # transaction begun before the login would not see the new desk session.
                release_db()
                home = "/office/" if current_role() == DEPARTMENT else ""
                return _redirect_inside(request.args.get("next", "") or home)
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
    """The meeting, the setup list, the roll, each ballot and its buttons (kept live by JS);
    on a fresh install, the 新建会议 form."""
    db = get_db()
    meeting = current_meeting(db)
    if meeting is None:
        return _first_run(db)
    scrutineers = sum(account["role"] == SCRUTINEER for account in list_accounts(db))
    return render_template(
        "admin/dashboard.html",
        meeting=meeting,
        snapshot=live.desk_snapshot(db, meeting),
        setup=setup_steps(db, meeting, scrutineers),
        user=current_user_name(),
        role=current_role(),
        screen_url=public_url(f"/screen?key={meeting.screen_key}"),
    )


def _first_run(db):
    """No current meeting: the form to create one (earlier meetings may lend their data)."""
    meetings = list_meetings(db)
    views = [meeting_view(db, meeting) for meeting in meetings]
    return render_template(
        "admin/dashboard.html",
        meeting=None,
        snapshot=None,
        meetings=views,
        sources=carry_sources(db, meetings, views),
        new_year=new_meeting_year(meetings),
        user=current_user_name(),
        role=current_role(),
    )


@bp.get("/demo/cards")
def demo_cards():
    """The demo deputies' card links, so a newcomer can vote from a browser tab."""
    meeting = current_meeting(get_db())
    if meeting is None or not meeting.is_demo:
        abort(404)
    return render_template("admin/demo_cards.html", meeting=meeting, cards=demo.demo_cards(meeting))
