"""The audit log on the desk: the page, the CSV export and the chain check."""

import json

import sqlalchemy as sa
from flask import jsonify, render_template

from hall.admin.auth import current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.admin.files import CSV, download
from hall.reports.inert_cells import csv_bytes
from hall.rules.kinds import RATING
from hall.store.audit import check_chain
from hall.store.db import get_db
from hall.store.models import AuditEntry, Ballot

COLUMNS = ("id", "at", "actor", "action", "detail", "prev_hash", "entry_hash")


def _entries(db) -> list[AuditEntry]:
    return list(db.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


@bp.get("/admin/audit")
@staff_required
def audit_page():
    """Every desk action, oldest first, and whether the chain is intact."""
    db = get_db()
    entries = _entries(db)
    details = {entry.id: json.loads(entry.detail or "{}") for entry in entries}
    return render_template(
        "admin/audit.html",
        entries=entries,
        details=details,
        check=check_chain(db),
        ratings=set(db.scalars(sa.select(Ballot.id).where(Ballot.kind == RATING))),
        user=current_user_name(),
        role=current_role(),
    )


@bp.get("/api/v1/admin/audit")
@staff_required
def audit_json():
    db = get_db()
    rows = [{c: _cell(getattr(e, c)) for c in COLUMNS} for e in _entries(db)]
    return jsonify({"entries": rows, "check": check_chain(db).__dict__})


@bp.get("/api/v1/admin/audit/check")
@staff_required
def audit_check():
    """Recompute every hash: `{"intact": true, "entries": 42, "first_broken_id": null}`."""
    return jsonify(check_chain(get_db()).__dict__)


@bp.get("/api/v1/admin/audit.csv")
@staff_required
def audit_csv():
    rows = [[_cell(getattr(entry, column)) for column in COLUMNS] for entry in _entries(get_db())]
    return download(csv_bytes([COLUMNS, *rows]), CSV, "审计日志.csv")


def _cell(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
