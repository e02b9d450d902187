"""The office's page (/office/): the department's 具体项目, the report form and the import of a
report from a spreadsheet (upload → preview → confirm), all working without scripts."""

from flask import flash, redirect, render_template, request, url_for

from hall.base.errors import HallError
from hall.meeting.roll import meeting_or_404
from hall.office.access import current_department, department_required
from hall.office.blueprint import bp
from hall.office.report_import import cancel_report, confirm_report, preview_report
from hall.office.routes import own_projects
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.supervision.reports import list_reports, report_view, submit_report
from hall.web.request_limits import takes_upload


def _page(preview=None, error=None, status=200):
    db = get_db()
    department = current_department()
    meeting = meeting_or_404(db)
    page = render_template(
        "office/index.html",
        department=department,
        projects=own_projects(db, meeting, department.name),
        reports=[report_view(db, r) for r in list_reports(db, meeting, department.name)],
        preview=preview,
        error=error,
    )
    return page, status


@bp.get("/office/")
@department_required
def office_page():
    """The department's page: its 具体项目, the report form, the import form."""
    return _page()


@bp.post("/office/report")
@department_required
def office_report_form():
    """The form's figures filed as one report (the 具体项目 left empty are left out)."""
    department = current_department()
    body = {
        "period": request.form.get("period"),
        "as_of": request.form.get("as_of"),
        "lines": _form_lines(),
    }
    try:
        with write_session() as db:
            meeting = meeting_or_404(db)
            submit_report(db, meeting, department.name, body, department.username)
            meeting_changed(db, meeting.id)
    except HallError as refused:
        flash(refused.message, "error")
        return redirect(url_for("office.office_page"))
    flash(f"已提交进度报告（{len(body['lines'])} 个具体项目），等待秘书处审核。", "ok")
    return redirect(url_for("office.office_page"))


def _form_lines() -> list[dict]:
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
    return lines


def _number(text: str):
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return text  # refused by the report's own check, with its message


@bp.post("/office/import")
@takes_upload
@department_required
def office_import_page():
    """The uploaded report's preview (nothing filed yet), with the confirm form."""
    try:
        preview = preview_report(request.files.get("file"), current_department())
    except HallError as refused:
        return _page(error=refused, status=refused.status)
    return _page(preview=preview)


@bp.post("/office/import/confirm")
@department_required
def office_import_confirm_page():
    """File exactly what the preview showed."""
    form = request.form
    try:
        confirm_report(
            form.get("token"),
            form.get("period"),
            form.get("as_of"),
            current_department(),
            report_view,
        )
    except HallError as refused:
        flash(refused.message, "error")
        return redirect(url_for("office.office_page"))
    flash("已按导入的文件提交进度报告，等待秘书处审核。", "ok")
    return redirect(url_for("office.office_page"))


@bp.post("/office/import/cancel")
@department_required
def office_import_cancel_page():
    cancel_report(request.form.get("token"))
    flash("已取消导入，没有提交任何报告。", "ok")
    return redirect(url_for("office.office_page"))
