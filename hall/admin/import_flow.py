"""Upload → preview → confirm, shared by the roster and candidate imports.

The preview parses the whole file (all or nothing), writes nothing the meeting uses, and keeps
the parsed rows under a token (hall.imports.pending); the confirm saves exactly those rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response

from hall.admin.auth import current_user_name
from hall.db import write_session
from hall.errors import HallError
from hall.imports import pending
from hall.imports.tables import ImportFailed
from hall.live import live
from hall.roll import current_meeting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class ImportKind:
    name: str  # "roster" or "candidates"
    parse: Callable  # (filename, data) -> JSON-ready rows; raises ImportFailed
    lock: Callable  # (session, meeting) -> reason the data is locked, or None
    preview: Callable  # (session, meeting, rows) -> dict shown before saving
    save: Callable  # (session, meeting, rows, actor, filename) -> dict


def meeting_or_404(session):
    meeting = current_meeting(session)
    if meeting is None:
        raise HallError("not_found", "尚未建立会议", 404)
    return meeting


def preview_upload(kind: ImportKind, upload) -> dict:
    """Parse the upload and keep it for confirmation; HallError lists every problem."""
    if upload is None or not upload.filename:
        raise HallError("bad_request", "请选择要导入的文件", 400)
    try:
        rows = kind.parse(upload.filename, upload.read())
    except ImportFailed as failed:
        problems = [str(problem) for problem in failed.problems]
        message = f"导入失败，共 {len(problems)} 处问题，未保存任何数据"
        raise HallError("import_failed", message, 400, problems) from None
    with write_session() as db:
        meeting = meeting_or_404(db)
        reason = kind.lock(db, meeting)
        if reason:
            raise HallError("import_locked", reason, 409)
        token = pending.stash(db, kind.name, meeting.id, upload.filename, rows, current_user_name())
        shown = kind.preview(db, meeting, rows)
    return {"token": token, "filename": upload.filename, **shown}


def confirm_upload(kind: ImportKind, token) -> dict:
    """Save the rows kept under `token`, replacing the meeting's data."""
    with write_session() as db:
        meeting = meeting_or_404(db)
        filename, rows = pending.take(db, kind.name, meeting.id, token)
        saved = kind.save(db, meeting, rows, current_user_name(), filename)
        meeting_id = meeting.id
    live.mark_dirty(meeting_id)
    return saved


def cancel_upload(kind: ImportKind, token) -> None:
    with write_session() as db:
        pending.discard(db, kind.name, token)


def download(data: bytes, mimetype: str, filename: str) -> Response:
    """A file to save (a template), named in Chinese."""
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
