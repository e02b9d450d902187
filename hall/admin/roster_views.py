"""The desk's roster: import 代表名册 (preview, then confirm), the roll by delegation, and
sign-in or leave entered by hand.
"""

from flask import flash, jsonify, redirect, request, url_for

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import template_download
from hall.admin.import_flow import (
    ImportKind,
    add_import_routes,
)
from hall.base.errors import HallError
from hall.base.ids import parse_id
from hall.imports.roster import parse_roster
from hall.meeting.roll import meeting_or_404, roll_call
from hall.reports.import_templates import roster_template_csv, roster_template_xlsx
from hall.roster.deputies import (
    current_roster_counts,
    deputy_dict,
    desk_sign_in,
    meeting_deputy,
    replace_roster,
    roll_by_delegation,
    roster_lock,
    roster_preview,
    roster_rows,
    set_on_leave,
)
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.web.errors import json_body


def _page_context(session, meeting) -> dict:
    return {
        "roll": roll_by_delegation(session, meeting),
        "counts": current_roster_counts(session, meeting),
    }


def _saved_message(saved: dict) -> str:
    return (
        f"已导入代表名册：{saved['delegations']} 个代表团、{saved['deputies']} 位代表"
        f"（其中请假 {saved['on_leave']} 位）。新名册的代表尚无表决卡，请到「表决卡」页面制证。"
    )


ROSTER = ImportKind(
    name="roster",
    parse=parse_roster,
    rows=roster_rows,
    lock=roster_lock,
    preview=roster_preview,
    save=replace_roster,
    page="admin.roster_page",
    template="admin/roster.html",
    context=_page_context,
    saved_message=_saved_message,
    cancelled_message="已取消导入，名册没有改动。",
)


# Import


@bp.get("/api/v1/admin/templates/roster.<any(xlsx, csv):kind>")
@staff_required
def roster_template(kind):
    """The roster file to fill in."""
    return template_download(kind, "代表名册", roster_template_xlsx, roster_template_csv)


# The roll, and sign-in or leave entered at the desk


@bp.get("/api/v1/admin/roll")
@staff_required
def api_roll():
    """应到 / 实到 per delegation and every deputy's state."""
    db = get_db()
    return jsonify(roll_by_delegation(db, meeting_or_404(db)))


@bp.post("/api/v1/admin/deputies/<int:deputy_id>/sign-in")
@admin_required
def api_desk_sign_in(deputy_id):
    """Sign a deputy in by hand (no phone); the audit trail names the desk user."""
    json_body()
    return jsonify(_desk_change(deputy_id, "sign_in"))


@bp.post("/api/v1/admin/deputies/<int:deputy_id>/leave")
@admin_required
def api_desk_leave(deputy_id):
    """Mark a deputy on leave (`{"on_leave": true}`: still 应到, no longer 实到) or back."""
    on_leave = json_body().get("on_leave")
    if not isinstance(on_leave, bool):
        raise HallError("bad_request", "on_leave 应为 true 或 false", 400)
    return jsonify(_desk_change(deputy_id, "leave" if on_leave else "back"))


@bp.post("/admin/roster/roll")
@admin_required
def roster_roll_form():
    """The roll's buttons without JavaScript: sign_in / leave / back = deputy id."""
    for action in ("sign_in", "leave", "back"):
        value = parse_id(request.form.get(action))
        if value is not None:
            try:
                answer = _desk_change(value, action)
            except HallError as refused:
                flash(refused.message, "error")
            else:
                flash(_done_message(action, answer), "ok")
            return redirect(url_for("admin.roster_page", _anchor=f"deputy-{value}"))
    raise HallError("bad_request", "请求格式不正确", 400)


def _desk_change(deputy_id: int, action: str) -> dict:
    with write_session() as db:
        meeting = meeting_or_404(db)
        deputy = meeting_deputy(db, meeting, deputy_id)
        if action == "sign_in":
            changed = desk_sign_in(db, meeting, deputy, current_user_name())
        else:
            changed = set_on_leave(db, deputy, action == "leave", current_user_name())
        answer = {
            "changed": changed,
            "deputy": deputy_dict(deputy),
            "roll": roll_call(db, meeting).to_dict(),
        }
        meeting_changed(db, meeting.id)
    return answer


def _done_message(action: str, answer: dict) -> str:
    name = answer["deputy"]["name"]
    if not answer["changed"]:
        return f"{name}{'已签到' if action == 'sign_in' else '的状态没有变化'}，无需改动。"
    return {
        "sign_in": f"已为{name}签到（秘书处代签）。",
        "leave": f"已将{name}标为请假（仍计入应到人数，计为缺席）。",
        "back": f"已为{name}销假；代表到场后请签到。",
    }[action]


add_import_routes(bp, ROSTER, "/api/v1/admin/imports/roster", "/admin/roster")
