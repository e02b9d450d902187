"""A department's progress report from a spreadsheet, for the office's API and its page alike:
the upload read apart (hall.imports.worker), matched to the department's own 具体项目 and kept
under a token (hall.store.pending_imports); the confirm files exactly those lines."""

from hall.base.errors import HallError
from hall.imports.register_items import parse_progress_report
from hall.imports.tables import ImportFailed
from hall.imports.worker import parse_apart
from hall.meeting.roll import meeting_or_404
from hall.office.access import Department
from hall.store import pending_imports as pending
from hall.store.changes import meeting_changed
from hall.store.db import release_db, write_session
from hall.supervision.reports import report_lines_from_rows, report_rows, submit_report

KIND = "progress_report"


def preview_report(upload, department: Department) -> dict:
    """Read the upload, match its rows, keep them: `{"token", "filename", "lines", "rows"}`."""
    if upload is None or not upload.filename:
        raise HallError("bad_request", "请选择要导入的文件", 400)
    release_db()  # no read transaction held open while the file is read
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
    return {"token": token, "filename": upload.filename, "lines": lines, "rows": rows}


def confirm_report(token, period, as_of, department: Department, view) -> dict:
    """File the lines kept under `token` as one report; answers `view(session, report)`."""
    with write_session() as db:
        meeting = meeting_or_404(db)
        _, lines = pending.take(db, KIND, meeting.id, token)
        fields = {"period": period, "as_of": as_of, "lines": lines}
        report = submit_report(db, meeting, department.name, fields, department.username)
        answer = view(db, report)
        meeting_changed(db, meeting.id)
    return answer


def cancel_report(token) -> None:
    with write_session() as db:
        pending.discard(db, KIND, token)
