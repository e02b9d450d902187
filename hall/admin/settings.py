"""The desk's session set-up: meeting settings, rehearsal, the screen's scene and key."""

import secrets

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for

from hall.accounts.users import list_accounts
from hall.admin.auth import admin_required, current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.base.errors import HallError
from hall.base.ids import parse_id
from hall.base.public_url import public_url
from hall.live.screens import screens
from hall.meeting.rehearsal import set_rehearsal, wipe_rehearsal
from hall.meeting.roll import meeting_or_404
from hall.meeting.settings import settings_dict, update_settings
from hall.store import audit
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.store.models import Ballot
from hall.web.errors import json_body

FIXED_SCENES = ("auto", "title", "sign_in", "showcase")


@bp.get("/api/v1/admin/meeting")
@staff_required
def get_settings():
    """The meeting's settings."""
    return jsonify(settings_dict(meeting_or_404(get_db())))


@bp.post("/api/v1/admin/meeting")
@admin_required
def post_settings():
    """Change settings; counting settings are frozen once a ballot has opened."""
    changes = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        settings = update_settings(db, meeting, changes, current_user_name())
        meeting_changed(db, meeting.id)
    return jsonify(settings)


@bp.post("/api/v1/admin/rehearsal")
@admin_required
def post_rehearsal():
    """Turn rehearsal mode (演练) on or off: `{"on": true}`."""
    on = json_body().get("on")
    if not isinstance(on, bool):
        raise HallError("bad_request", "on 应为 true 或 false", 400)
    with write_session() as db:
        meeting = meeting_or_404(db)
        set_rehearsal(db, meeting, on, current_user_name())
        meeting_changed(db, meeting.id)
    return jsonify({"rehearsal": on})


@bp.post("/api/v1/admin/rehearsal/wipe")
@admin_required
def post_wipe():
    """Remove rehearsal votes, participations and sign-ins; refused outside rehearsal."""
    json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        removed = wipe_rehearsal(db, meeting, current_user_name())
        meeting_changed(db, meeting.id)
    return jsonify({"removed": removed})


@bp.post("/api/v1/admin/screen")
@admin_required
def choose_scene():
    """What the hall screen shows: auto, title, sign_in, showcase, or `ballot:<id>`."""
    scene = json_body().get("scene")
    with write_session() as db:
        meeting = meeting_or_404(db)
        if scene not in FIXED_SCENES and not _is_ballot_scene(db, meeting, scene):
            message = "大屏画面只能是 auto、title、sign_in、showcase 或 ballot:<编号>"
            raise HallError("bad_request", message, 400)
        meeting.screen_scene = scene
        audit.record(db, current_user_name(), "screen_scene", scene=scene)
        meeting_changed(db, meeting.id)
    return jsonify({"scene": scene})


def _is_ballot_scene(db, meeting, scene) -> bool:
    if not isinstance(scene, str) or not scene.startswith("ballot:"):
        return False
    number = parse_id(scene.split(":", 1)[1])
    ballot = db.get(Ballot, number) if number is not None else None
    return ballot is not None and ballot.meeting_id == meeting.id and ballot.state != "draft"


@bp.post("/api/v1/admin/screen-key/rotate")
@admin_required
def rotate_screen_key():
    """A new screen key: screens holding the old one are disconnected and must use the new link."""
    json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        meeting.screen_key = secrets.token_urlsafe(12)
        audit.record(db, current_user_name(), "screen_key_rotate")
        key = meeting.screen_key
    # This process's screens now; every other process's within a second (hall.live.screens).
    screens.kick_stale(current_app, force=True)
    return jsonify({"screen_key": key, "screen_url": public_url(f"/screen?key={key}")})


@bp.route("/admin/settings", methods=["GET", "POST"])
@staff_required
def settings_page():
    """Settings, rehearsal, screen key and accounts on one page (forms post back here)."""
    if request.method == "POST":
        if current_role() != "admin":
            raise HallError("forbidden", "监票人账号只能查看，不能操作", 403)
        try:
            flash(_apply_form(request.form), "ok")
        except HallError as refused:
            flash(refused.message, "error")
        return redirect(url_for("admin.settings_page"))
    db = get_db()
    meeting = meeting_or_404(db)
    return render_template(
        "admin/settings.html",
        meeting=meeting,
        settings=settings_dict(meeting),
        accounts=list_accounts(db),
        screen_url=public_url(f"/screen?key={meeting.screen_key}"),
        user=current_user_name(),
        role=current_role(),
    )


def _apply_form(form) -> str:
    """One of the page's forms, by its `form` field; answers the message to show."""
    what = form.get("form")
    with write_session() as db:
        meeting = meeting_or_404(db)
        if what == "settings":
            update_settings(db, meeting, _settings_from_form(form), current_user_name())
            message = "设置已保存"
        elif what == "rehearsal":
            set_rehearsal(db, meeting, form.get("on") == "1", current_user_name())
            message = "已进入演练模式" if meeting.rehearsal else "已退出演练模式"
        elif what == "wipe":
            wipe_rehearsal(db, meeting, current_user_name())
            message = "演练数据已清除，已导入的数据保留"
        else:
            raise HallError("bad_request", "未知的表单", 400)
        meeting_changed(db, meeting.id)
    return message


def _settings_from_form(form) -> dict:
    try:
        year = int(form.get("year", ""))
    except ValueError:
        raise HallError("bad_request", "年度应为整数", 400) from None
    return {
        "name": form.get("name", ""),
        "year": year,
        "session_label": form.get("session_label", ""),
        "place": form.get("place", ""),
        "starts_on": form.get("starts_on", ""),
        "ends_on": form.get("ends_on", ""),
        "sign_in_required": form.get("sign_in_required") == "1",
        "one_phone_per_card": form.get("one_phone_per_card") == "1",
        "quorum_fraction": form.get("quorum_fraction", ""),
        "threshold_basis": form.get("threshold_basis", ""),
        "threshold_fraction": form.get("threshold_fraction", ""),
        "validity_fraction": form.get("validity_fraction", ""),
        "default_display": form.get("default_display", ""),
    }
