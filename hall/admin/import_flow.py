"""Upload → preview → confirm, shared by the roster, candidate and completed-project imports
(their JSON API and their pages).

The preview refuses a locked import before reading the file, parses the whole file (all or
nothing) in a child process (hall.imports.worker), writes nothing the meeting uses, and keeps
the parsed rows under a token (hall.store.pending_imports); the confirm saves exactly those rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, jsonify, redirect, render_template, request, url_for

from hall.admin.auth import ADMIN, admin_required, current_role, current_user_name, staff_required
from hall.base.errors import HallError
from hall.imports.tables import ImportFailed
from hall.imports.worker import parse_apart
from hall.meeting.roll import meeting_or_404
from hall.store import pending_imports as pending
from hall.store.changes import meeting_changed
from hall.store.db import get_db, release_db, write_session
from hall.web.errors import json_body
from hall.web.request_limits import takes_upload


@dataclass(frozen=True)
class ImportKind:
    name: str  # "roster", "candidates" or "projects"
    parse: Callable  # a hall.imports parser: (filename, data) -> rows; raises ImportFailed
    rows: Callable  # (what parse answered) -> JSON-ready rows
    lock: Callable  # (session, meeting) -> reason the data is locked, or None
    preview: Callable  # (session, meeting, rows) -> dict shown before saving
    save: Callable  # (session, meeting, rows, actor, filename) -> dict
    # The import's page on the desk
    page: str  # its endpoint, where confirm and cancel return to
    template: str
    context: Callable  # (session, meeting) -> the template's own variables
    saved_message: Callable  # (what save answered) -> the flash after confirming
    cancelled_message: str


def parse_upload(parse: Callable, upload):
    """The upload read by `parse` (in a child process); HallError lists every problem (nothing
    is saved)."""
    if upload is None or not upload.filename:
        raise HallError("bad_request", "请选择要导入的文件", 400)
    try:
        return parse_apart(parse, upload.filename, upload.read())
    except ImportFailed as failed:
        problems = [str(problem) for problem in failed.problems]
        message = f"导入失败，共 {len(problems)} 处问题，未保存任何数据"
        raise HallError("import_failed", message, 400, problems) from None


def preview_upload(kind: ImportKind, upload) -> dict:
    """Parse the upload and keep it for confirmation; HallError lists every problem."""
    db = get_db()
    _refuse_locked(kind, db, meeting_or_404(db))  # before spending anything on the file
    release_db()  # no read transaction held open while the file is parsed
    rows = kind.rows(parse_upload(kind.parse, upload))
    with write_session() as db:
        meeting = meeting_or_404(db)
        _refuse_locked(kind, db, meeting)  # a ballot may have opened while the file was read
        token = pending.stash(db, kind.name, meeting.id, upload.filename, rows, current_user_name())
        shown = kind.preview(db, meeting, rows)
    return {"token": token, "filename": upload.filename, **shown}


def _refuse_locked(kind: ImportKind, session, meeting) -> None:
    reason = kind.lock(session, meeting)
    if reason:
        raise HallError("import_locked", reason, 409)


def confirm_upload(kind: ImportKind, token) -> dict:
    """Save the rows kept under `token`, replacing the meeting's data."""
    with write_session() as db:
        meeting = meeting_or_404(db)
        filename, rows = pending.take(db, kind.name, meeting.id, token)
        saved = kind.save(db, meeting, rows, current_user_name(), filename)
        meeting_changed(db, meeting.id)
    return saved


def cancel_upload(kind: ImportKind, token) -> None:
    with write_session() as db:
        pending.discard(db, kind.name, token)


# The import's page: form posts without JavaScript


def import_page(kind: ImportKind, preview=None, error=None):
    """The page with its import form, or the upload's preview, or the refusal."""
    db = get_db()
    meeting = meeting_or_404(db)
    page = render_template(
        kind.template,
        meeting=meeting,
        **kind.context(db, meeting),
        locked=kind.lock(db, meeting),
        preview=preview,
        error=error,
        can_act=current_role() == ADMIN,
        user=current_user_name(),
        role=current_role(),
    )
    return page, error.status if error else 200


def preview_page(kind: ImportKind):
    """The upload's preview (nothing saved yet), with the confirm button."""
    try:
        preview = preview_upload(kind, request.files.get("file"))
    except HallError as refused:
        return import_page(kind, error=refused)
    return import_page(kind, preview=preview)


def confirm_page(kind: ImportKind):
    """Save exactly what the preview showed, then back to the page with a notice."""
    try:
        saved = confirm_upload(kind, request.form.get("token"))
    except HallError as refused:
        return import_page(kind, error=refused)
    flash(kind.saved_message(saved), "ok")
    return redirect(url_for(kind.page))


def cancel_page(kind: ImportKind):
    cancel_upload(kind, request.form.get("token"))
    flash(kind.cancelled_message, "ok")
    return redirect(url_for(kind.page))


def add_import_routes(bp, kind: ImportKind, api_path: str, page_path: str) -> None:
    """The six routes every import has, on `bp`: the JSON API's preview and confirm under
    `api_path`, and the desk's page, preview, confirm and cancel under `page_path`. Their
    endpoints are named after the kind's page (`admin.roster_page` → `roster_preview_page`,
    `api_roster_confirm` …), as the templates and tests call them."""
    name = kind.page.removeprefix(f"{bp.name}.").removesuffix("_page")

    def api_preview():
        return jsonify(preview_upload(kind, request.files.get("file")))

    def api_confirm():
        return jsonify(confirm_upload(kind, json_body().get("token")))

    def page(view):
        return lambda: view(kind)

    post = (
        (f"{api_path}/preview", f"api_{name}_preview", api_preview),
        (f"{api_path}/confirm", f"api_{name}_confirm", api_confirm),
        (f"{page_path}/preview", f"{name}_preview_page", page(preview_page)),
        (f"{page_path}/confirm", f"{name}_confirm_page", page(confirm_page)),
        (f"{page_path}/cancel", f"{name}_cancel_page", page(cancel_page)),
    )
    routes = (
        (page_path, f"{name}_page", "GET", staff_required, page(import_page)),
        *((rule, endpoint, "POST", admin_required, view) for rule, endpoint, view in post),
    )
    for rule, endpoint, method, guard, view in routes:
        view = guard(view)
        if endpoint.endswith("_preview") or endpoint.endswith("_preview_page"):
            view = takes_upload(view)
        bp.add_url_rule(rule, endpoint, view, methods=[method])
