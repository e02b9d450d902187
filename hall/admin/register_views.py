"""The desk's register (年度项目): projects and their 具体项目 with computed progress, entering
and importing 具体项目, the overdue and behind lists, a project's timeline, the public page's
switch."""

from flask import jsonify, render_template, request

from hall.admin.auth import admin_required, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import PDF, XLSX, download
from hall.admin.import_flow import ImportKind, add_import_routes
from hall.imports.register_items import parse_register_items
from hall.meeting.roll import meeting_or_404
from hall.new_meeting.create import get_meeting
from hall.reports.supervision_pdf import report_pdf
from hall.reports.supervision_report import build_report, figure, timeline_rows
from hall.reports.supervision_templates import register_items_xlsx
from hall.store.changes import meeting_changed
from hall.store.db import get_db, write_session
from hall.supervision.groups import group_view, list_groups
from hall.supervision.items import (
    add_item,
    item_rows,
    items_lock,
    items_preview,
    save_items,
    update_item,
)
from hall.supervision.oversight import contacts_of, inspections_of, log_contact
from hall.supervision.progress import lagging, project_view, register_view, timeline
from hall.supervision.register import get_project
from hall.supervision.reports import list_reports, report_view
from hall.supervision.settings import public_progress_shown, set_public_progress
from hall.web.errors import json_body


@bp.get("/api/v1/admin/register")
@staff_required
def register():
    """Every project of the year with its 具体项目 and computed progress, and the groups."""
    db = get_db()
    meeting = meeting_or_404(db)
    return jsonify(
        {
            **register_view(db, meeting),
            "groups": [group_view(db, group) for group in list_groups(db, meeting)],
            "public_progress": public_progress_shown(db, meeting),
        }
    )


@bp.get("/api/v1/admin/register/projects/<int:project_id>")
@staff_required
def register_project(project_id):
    """One project: progress, timeline, contacts, inspections and 整改."""
    db = get_db()
    meeting = meeting_or_404(db)
    project = get_project(db, meeting, project_id)
    return jsonify(
        {
            **project_view(project),
            "timeline": timeline(project),
            "contacts": contacts_of(db, project),
            "inspections": inspections_of(db, meeting, project_id=project.id),
        }
    )


@bp.post("/api/v1/admin/register/projects/<int:project_id>/items")
@admin_required
def register_item_add(project_id):
    """Add a 具体项目: `{"name", "target", "unit", "deadline", "lead_department", …}`."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        item = add_item(db, meeting, project_id, body, current_user_name())
        answer = project_view(item.project)
        meeting_changed(db, meeting.id)
    return jsonify(answer), 201


@bp.post("/api/v1/admin/register/items/<int:item_id>")
@admin_required
def register_item_change(item_id):
    """Change some fields of a 具体项目."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        item = update_item(db, meeting, item_id, body, current_user_name())
        answer = project_view(item.project)
    return jsonify(answer)


@bp.post("/api/v1/admin/register/projects/<int:project_id>/contacts")
@admin_required
def register_contact(project_id):
    """A contact logged at the desk: `{"contacted_on", "met", "found"}`."""
    body = json_body()
    with write_session() as db:
        project = get_project(db, meeting_or_404(db), project_id)
        contact = log_contact(db, project, body, current_user_name())
        answer = {"id": contact.id}
    return jsonify(answer), 201


@bp.get("/api/v1/admin/register/lagging")
@staff_required
def register_lagging():
    """The 具体项目 past their deadline (overdue) and those behind the time elapsed (behind)."""
    db = get_db()
    return jsonify(lagging(db, meeting_or_404(db)))


@bp.get("/api/v1/admin/progress-reports")
@staff_required
def progress_reports():
    db = get_db()
    meeting = meeting_or_404(db)
    return jsonify({"reports": [report_view(db, r) for r in list_reports(db, meeting)]})


@bp.post("/api/v1/admin/register/settings")
@admin_required
def register_settings():
    """`{"public_progress": true | false}`: show or hide the public 项目进度榜."""
    body = json_body()
    with write_session() as db:
        meeting = meeting_or_404(db)
        shown = set_public_progress(db, meeting, body, current_user_name())
    return jsonify({"public_progress": shown})


def _items_context(session, meeting) -> dict:
    return {"register": register_view(session, meeting)}


REGISTER_ITEMS = ImportKind(
    name="register_items",
    parse=parse_register_items,
    rows=item_rows,
    lock=items_lock,
    preview=items_preview,
    save=save_items,
    page="admin.register_items_page",
    template="admin/register_items.html",
    context=_items_context,
    saved_message=lambda saved: (
        f"已导入 {saved['items']} 个具体项目（{saved['projects']} 个项目）。"
    ),
    cancelled_message="已取消导入，具体项目没有改动。",
)
add_import_routes(
    bp, REGISTER_ITEMS, "/api/v1/admin/imports/register-items", "/admin/register/items"
)


@bp.get("/admin/register/report.pdf")
@staff_required
def register_report_pdf():
    """The 专项监督报告 as a PDF (`?meeting=<id>`: an earlier meeting's, from its archive)."""
    db = get_db()
    report = build_report(db, _report_meeting(db))
    return download(report_pdf(report), PDF, f"{report['title']}.pdf", inline=True)


@bp.get("/admin/register/report")
@staff_required
def register_report_page():
    """The 专项监督报告 to print on A4 (`?meeting=<id>`: an earlier meeting's)."""
    db = get_db()
    report = build_report(db, _report_meeting(db))
    return render_template(
        "admin/register_report.html", report=report, timeline_rows=timeline_rows, figure=figure
    )


def _report_meeting(session):
    """The meeting named by `?meeting=` (the year before a new meeting was made current stays
    printable), else the current one."""
    wanted = request.args.get("meeting", "")
    if not wanted:
        return meeting_or_404(session)
    return get_meeting(session, int(wanted) if wanted.isdigit() and len(wanted) < 10 else None)


@bp.get("/api/v1/admin/templates/register-items.xlsx")
@staff_required
def register_items_template():
    """The 具体项目 workbook to fill in: what the register already holds, and its projects."""
    db = get_db()
    data = register_items_xlsx(db, meeting_or_404(db))
    return download(data, XLSX, "具体项目导入模板.xlsx")
