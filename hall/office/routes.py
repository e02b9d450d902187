"""The office's JSON API (/api/v1/office): a department's own projects and 具体项目, its
progress reports filed on the form or imported from a spreadsheet (upload → preview → confirm)."""

import io

from flask import jsonify, request, send_file

from hall.meeting.roll import meeting_or_404
from hall.office.access import current_department, department_required
from hall.office.blueprint import bp
from hall.office.report_import import confirm_report, preview_report
from hall.reports.supervision_templates import progress_report_xlsx
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.supervision.items import department_items, department_projects
from hall.supervision.progress import project_view
from hall.supervision.reports import (
    get_report,
    list_reports,
    report_view,
    submit_report,
)
from hall.web.errors import json_body
from hall.web.request_limits import takes_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_projects(db, meeting, department: str) -> list[dict]:
    own = {item.id for item in department_items(db, meeting, department)}
    return [
        project_view(project, items=[item for item in project.items if item.id in own])
        for project in department_projects(db, meeting, department)
    ]


@bp.get("/api/v1/office/projects")
@department_required
def office_projects():
    """The department's projects, each with only the 具体项目 it leads."""
    db = get_db()
    department = current_department()
    return jsonify(
        {
            "department": department.name,
            "projects": own_projects(db, meeting_or_404(db), department.name),
        }
    )


@bp.get("/api/v1/office/reports")
@department_required
def office_reports():
    db = get_db()
    reports = list_reports(db, meeting_or_404(db), current_department().name)
    return jsonify({"reports": [report_view(db, report) for report in reports]})


@bp.get("/api/v1/office/reports/<int:report_id>")
@department_required
def office_report(report_id):
    db = get_db()
    report = get_report(db, meeting_or_404(db), report_id, current_department().name)
    return jsonify(report_view(db, report))


@bp.post("/api/v1/office/reports")
@department_required
def office_report_submit():
    """`{"period", "as_of", "lines": [{"item_id", "achieved", "account"}]}`."""
    body = json_body()
    department = current_department()
    with write_session() as db:
        meeting = meeting_or_404(db)
        report = submit_report(db, meeting, department.name, body, department.username)
        answer = report_view(db, report)
        meeting_changed(db, meeting.id)
    return jsonify(answer), 201


@bp.post("/api/v1/office/imports/progress-report/preview")
@takes_upload
@department_required
def office_report_preview():
    """A sheet of 项目名称, 具体项目名称, 完成, 情况说明: read, matched, kept under a token."""
    return jsonify(preview_report(request.files.get("file"), current_department()))


@bp.post("/api/v1/office/imports/progress-report/confirm")
@department_required
def office_report_confirm():
    """`{"token", "period", "as_of"}`: the previewed lines filed as one report."""
    body = json_body()
    fields = (body.get("token"), body.get("period"), body.get("as_of"))
    return jsonify(confirm_report(*fields, current_department(), report_view)), 201


@bp.get("/api/v1/office/templates/progress-report.xlsx")
@department_required
def office_report_template():
    """The report to fill in: a row per 具体项目 the department leads, its last figure in 完成."""
    db = get_db()
    department = current_department()
    data = progress_report_xlsx(db, meeting_or_404(db), department.name)
    name = f"{department.name}进度报告.xlsx"
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
