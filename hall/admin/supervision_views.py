"""The desk's supervision: groups (一常委+N代表), reviewing departments' progress reports,
inspections (半年一督查) and their 整改."""

from flask import jsonify

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.meeting.roll import meeting_or_404
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.supervision.groups import get_group, group_view, list_groups, save_group
from hall.supervision.oversight import (
    add_inspection,
    close_rectification,
    inspection_view,
    inspections_of,
    rectification_view,
)
from hall.supervision.reports import get_report, report_view, review_report
from hall.web.errors import json_body


@bp.get("/api/v1/admin/supervision-groups")
@staff_required
def supervision_groups():
    db = get_db()
    return jsonify({"groups": [group_view(db, g) for g in list_groups(db, meeting_or_404(db))]})


@bp.post("/api/v1/admin/supervision-groups")
@admin_required
def supervision_group_add():
    """`{"name", "leader", "deputy_ids", "project_ids"}`."""
    return _save_group(None)


@bp.post("/api/v1/admin/supervision-groups/<int:group_id>")
@admin_required
def supervision_group_change(group_id):
    """The whole group replaced: name, leader, deputies, projects."""
    return _save_group(group_id)


def _save_group(group_id):
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        if group_id is not None:
            get_group(db, meeting, group_id)
        group = save_group(db, meeting, body, current_user_name(), group_id)
        answer = group_view(db, group)
        meeting_changed(db, meeting.id)
    return jsonify(answer), 200 if group_id else 201


@bp.get("/api/v1/admin/progress-reports/<int:report_id>")
@staff_required
def progress_report(report_id):
    db = get_db()
    return jsonify(report_view(db, get_report(db, meeting_or_404(db), report_id)))


@bp.post("/api/v1/admin/progress-reports/<int:report_id>/review")
@admin_required
def progress_report_review(report_id):
    """`{"decision": "accept" | "return", "note"}`."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        report = review_report(db, meeting, report_id, body, current_user_name())
        answer = report_view(db, report)
        meeting_changed(db, meeting.id)
    return jsonify(answer)


@bp.get("/api/v1/admin/inspections")
@staff_required
def inspections():
    db = get_db()
    return jsonify({"inspections": inspections_of(db, meeting_or_404(db))})


@bp.post("/api/v1/admin/inspections")
@admin_required
def inspection_add():
    """`{"held_on", "group_id", "project_ids", "findings", "rectifications": [...]}`."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        inspection = add_inspection(db, meeting, body, current_user_name())
        answer = inspection_view(db, inspection)
    return jsonify(answer), 201


@bp.post("/api/v1/admin/rectifications/<int:rectification_id>/close")
@admin_required
def rectification_close(rectification_id):
    """`{"closed_on", "note"}`: the 整改 is closed (销号)."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        item = close_rectification(db, meeting, rectification_id, body, current_user_name())
        answer = rectification_view(item)
    return jsonify(answer)
