"""The result sheet (计票结果报告单): a printable A4 page and a PDF, for staff and scrutineers."""

from flask import render_template

from hall.admin.auth import current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import PDF, download
from hall.ballots.life import get_ballot
from hall.meeting.rehearsal import REHEARSAL_MARK
from hall.reports.result_sheet import build_sheet
from hall.reports.sheet_pdf import sheet_pdf
from hall.store.db import get_db


@bp.get("/admin/ballots/<int:ballot_id>/sheet")
@staff_required
def result_sheet(ballot_id):
    """The sheet to print on A4 and sign."""
    db = get_db()
    sheet = build_sheet(db, get_ballot(db, ballot_id))
    return render_template("admin/result_sheet.html", sheet=sheet, user=current_user_name())


@bp.get("/admin/ballots/<int:ballot_id>/sheet.pdf")
@staff_required
def result_sheet_pdf(ballot_id):
    """The same sheet as a PDF."""
    db = get_db()
    ballot = get_ballot(db, ballot_id)
    mark = REHEARSAL_MARK if ballot.meeting.rehearsal else ""
    filename = f"{mark}{ballot.title}计票结果报告单.pdf"
    return download(sheet_pdf(build_sheet(db, ballot)), PDF, filename, inline=True)
