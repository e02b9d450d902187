"""The audit trail of what the desk did (never what a deputy chose)."""

import json

from hall.clock import utcnow
from hall.models import AuditEntry


def record(session, actor: str, action: str, **detail) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )
