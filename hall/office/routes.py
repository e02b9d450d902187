"""The office's JSON API (/api/v1/office): a department's own projects and 具体项目, its
progress reports filed on the form or imported from a spreadsheet (upload → preview → confirm)."""

from flask import flash, jsonify, redirect, render_template, request, url_for

from hall.base.errors import HallError
from hall.imports.register_items import parse_progress_report
from hall.imports.tables import ImportFailed
from hall.imports.worker import parse_apart
from hall.meeting.roll import meeting_or_404
from hall.office.access import current_department, department_required
from hall.office.blueprint import bp
from hall.store import pending_imports as pending
from hall.store.changes import meeting_changed
from hall.store.db import get_db, release_db, write_session
from hall.supervision.items import department_items, department_projects
from hall.supervision.progress import project_view
from hall.supervision.reports import (
    get_report,
    list_reports,
    report_lines_from_rows,
    report_rows,
    report_view,
    submit_report,
)
from hall.web.errors import json_body
from hall.web.request_limits import takes_upload

KIND = "progress_report"


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
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise HallError("bad_request", "请选择要导入的文件", 400)
    department = current_department()
    release_db()
    try:
        rows = report_rows(parse_apart(parse_progress_report, upload.filename, upload.read()))
    except ImportFailed as failed:
        problems = [str(problem) for problem in failed.problems]
        message = f"导入失败，共 {len(problems)} 处问题，未保存任何数据"
        raise HallError("import_failed", message, 400, problems) from None
    with write_session() as db:
        meeting = meeting_or_404(db)
        lines = report_lines_from_rows(db, meeting, department.name, rows)
        token = pending.stash(db, KIND, meeting.id, upload.filename, lines, department.username)
    return jsonify({"token": token, "filename": upload.filename, "lines": lines, "rows": rows})


@bp.post("/api/v1/office/imports/progress-report/confirm")
@department_required
def office_report_confirm():
    """`{"token", "period", "as_of"}`: the previewed lines filed as one report."""
    body = json_body()
    department = current_department()
    with write_session() as db:
        meeting = meeting_or_404(db)
        _, lines = pending.take(db, KIND, meeting.id, body.get("token"))
        fields = {"period": body.get("period"), "as_of": body.get("as_of"), "lines": lines}
        report = submit_report(db, meeting, department.name, fields, department.username)
        answer = report_view(db, report)
        meeting_changed(db, meeting.id)
    return jsonify(answer), 201


@bp.get("/office/")
@department_required
def office_page():
    """The department's page: its 具体项目 and the report form."""
    db = get_db()
    department = current_department()
    meeting = meeting_or_404(db)
    return render_template(
        "office/index.html",
        department=department,
        projects=own_projects(db, meeting, department.name),
        reports=[report_view(db, r) for r in list_reports(db, meeting, department.name)],
    )


@bp.post("/office/report")
@department_required
def office_report_form():
    """The page's form: the figures typed in, filed as one report (the empty ones left out)."""
    department = current_department()
    lines = []
    for key, value in request.form.items():
        if key.startswith("achieved-") and value.strip():
            item_id = key.removeprefix("achieved-")
            lines.append(
                {
                    "item_id": int(item_id) if item_id.isdigit() else item_id,
                    "achieved": _number(value),
                    "account": request.form.get(f"account-{item_id}", ""),
                }
            )
    body = {
        "period": request.form.get("period"),
        "as_of": request.form.get("as_of"),
        "lines": lines,
    }
    try:
        with write_session() as db:
            meeting = meeting_or_404(db)
            submit_report(db, meeting, department.name, body, department.username)
            meeting_changed(db, meeting.id)
    except HallError as refused:
        flash(refused.message, "error")
        return redirect(url_for("office.office_page"))
    flash(f"已提交进度报告（{len(lines)} 个具体项目），等待秘书处审核。", "ok")
    return redirect(url_for("office.office_page"))


def _number(text: str):
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return text  # refused by the report's own check, with its message
