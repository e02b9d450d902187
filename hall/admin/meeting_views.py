"""The desk's meetings (会议): the list with each meeting's ballots and files, a new meeting,
and which one is current (JSON API and the page, whose forms work without scripts)."""

from flask import flash, jsonify, redirect, render_template, request, url_for

from hall.admin.auth import ADMIN, admin_required, current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.base.errors import HallError
from hall.base.extensions import socketio
from hall.live.state import desk_room
from hall.meeting.roll import current_meeting
from hall.new_meeting.carry_over import carry_sources
from hall.new_meeting.create import (
    create_meeting,
    get_meeting,
    list_meetings,
    make_current,
    meeting_view,
    new_meeting_year,
)
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.web.errors import json_body

FORM_FIELDS = ("name", "session_label", "starts_on", "ends_on", "place")


# API


@bp.get("/api/v1/admin/meetings")
@staff_required
def api_meetings():
    """Every meeting, the newest first; the current one has `"current": true`."""
    db = get_db()
    return jsonify({"meetings": [meeting_view(db, meeting) for meeting in list_meetings(db)]})


@bp.post("/api/v1/admin/meetings")
@admin_required
def api_create_meeting():
    """A new meeting, made current: `{"name", "year"}` and optional details and carry-over."""
    return jsonify(_create(json_body())), 201


@bp.get("/api/v1/admin/meetings/<int:meeting_id>")
@staff_required
def api_meeting(meeting_id):
    """One meeting with its ballots (an archive stays readable)."""
    db = get_db()
    return jsonify(meeting_view(db, get_meeting(db, meeting_id)))


@bp.post("/api/v1/admin/meetings/<int:meeting_id>/current")
@admin_required
def api_make_current(meeting_id):
    """Make this meeting the current one; the one before becomes an archive."""
    json_body()
    return jsonify(_make_current(meeting_id))


def _create(fields: dict) -> dict:
    with write_session() as db:
        previous = current_meeting(db)
        previous_id = previous.id if previous else None
        meeting, carried = create_meeting(db, fields, current_user_name())
        answer = {**meeting_view(db, meeting), "carried": carried}
        meeting_changed(db, meeting.id)
    _announce(previous_id, answer["id"])
    return answer


def _make_current(meeting_id: int) -> dict:
    with write_session() as db:
        meeting = get_meeting(db, meeting_id)
        previous = current_meeting(db)
        previous_id = previous.id if previous else None
        make_current(db, meeting, current_user_name())
        answer = meeting_view(db, meeting)
        meeting_changed(db, meeting.id)
    _announce(previous_id, meeting_id)
    return answer


def _announce(previous_id: int | None, current_id: int) -> None:
    """Dashboards still showing the meeting before reload onto the current one (their buttons
    for sign-in and the screen act on the current meeting, whatever page they sit on)."""
    if previous_id is not None and previous_id != current_id:
        socketio.emit(
            "meeting_changed",
            {"meeting_id": current_id},
            to=desk_room(previous_id),
            namespace="/desk",
        )


# The page


@bp.get("/admin/meetings")
@staff_required
def meetings_page():
    """Every meeting with its ballots, result sheets and exports; new meeting; set current."""
    db = get_db()
    meetings = list_meetings(db)
    views = [meeting_view(db, meeting) for meeting in meetings]
    return render_template(
        "admin/meetings.html",
        meetings=views,
        sources=carry_sources(db, meetings, views),
        new_year=new_meeting_year(meetings),
        can_act=current_role() == ADMIN,
        user=current_user_name(),
        role=current_role(),
    )


@bp.post("/admin/meetings")
@admin_required
def create_meeting_form():
    """新建会议 from the dashboard or the 会议 page; then the dashboard's setup list."""
    try:
        answer = _create(_fields_from_form(request.form))
    except HallError as refused:
        flash(refused.message, "error")
        back = (
            "admin.meetings_page" if request.form.get("from") == "meetings" else "admin.dashboard"
        )
        return redirect(url_for(back))
    flash(_created_message(answer), "ok")
    return redirect(url_for("admin.dashboard"))


@bp.post("/admin/meetings/<int:meeting_id>/current")
@admin_required
def make_current_form(meeting_id):
    """设为当前会议 on the 会议 page."""
    try:
        answer = _make_current(meeting_id)
    except HallError as refused:
        flash(refused.message, "error")
    else:
        flash(f"「{answer['name']}」已设为当前会议；其他会议均已归档，只能查看。", "ok")
    return redirect(url_for("admin.meetings_page"))


def _fields_from_form(form) -> dict:
    fields = {field: form.get(field, "") for field in FORM_FIELDS}
    year = form.get("year", "").strip()
    if not year.isdigit():
        raise HallError("bad_request", "年度应为整数，如 2026", 400)
    fields["year"] = int(year)
    for key in ("roster_from", "projects_from"):
        value = form.get(key, "")
        if value.isdigit():
            fields[key] = int(value)
    return fields


def _created_message(answer: dict) -> str:
    parts = [f"已新建「{answer['name']}」，并设为当前会议"]
    roster = answer["carried"].get("roster")
    if roster:
        parts.append(f"沿用代表名册 {roster['deputies']} 人（须重新制证）")
    projects = answer["carried"].get("projects")
    if projects:
        parts.append(f"满意度测评沿用上年度入选项目 {projects['projects']} 项")
    return "，".join(parts) + "。请按下面的清单做好会前准备。"
