"""The audit trail of what the desk did (never what a deputy chose).

Append-only and hash-chained: every entry's hash covers the previous entry's hash and its own
fields, so an edited or deleted entry breaks the chain from that point on. Two writers must not
both extend the same last entry: SQLite's write transactions (BEGIN IMMEDIATE) already take
turns; on PostgreSQL an advisory lock held until commit makes them.
"""

import hashlib
import json
import logging
from dataclasses import dataclass

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.store.models import AuditEntry

log = logging.getLogger(__name__)

AUDIT_LOCK = 0x4A11_A0D1  # PostgreSQL advisory lock key: "the end of the audit chain"


def record(session, actor: str, action: str, **detail) -> AuditEntry:
    """Append one entry (e.g. `before=…, after=…` in detail) to the chain."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    last = session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(
        at=utcnow().replace(microsecond=0),
        actor=actor or "",
        action=action,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last.entry_hash if last else "",
    )
    entry.entry_hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    # One line in the terminal per desk action; the trail holds no deputy's choice, nor this.
    fields = {"kind": "desk_action", "actor": entry.actor, "action": action, "detail": detail}
    log.info("秘书处 %s %s %s", entry.actor or "-", action, entry.detail, extra={"fields": fields})
    return entry


def entry_hash(entry: AuditEntry) -> str:
    fields = (entry.prev_hash, entry.at.isoformat(), entry.actor, entry.action, entry.detail)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    intact: bool
    entries: int
    first_broken_id: int | None = None


def check_chain(session) -> ChainCheck:
    """Walk the log in order and recompute every hash."""
    previous, count = "", 0
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.prev_hash != previous or entry.entry_hash != entry_hash(entry):
            return ChainCheck(False, count, entry.id)
        previous = entry.entry_hash
    return ChainCheck(True, count)
