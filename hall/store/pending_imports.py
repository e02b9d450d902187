"""Parsed uploads waiting for confirmation: a preview is saved here under a random token, and
the confirm step saves exactly those rows (from any server process).
"""

import hashlib
import json
import secrets
from datetime import timedelta

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError
from hall.store.models import PendingImport

# A preview left unconfirmed this long is forgotten: upload the file again.
LIFETIME = timedelta(hours=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def stash(session, kind: str, meeting_id: int, filename: str, rows: list, actor: str) -> str:
    """Keep the parsed rows (JSON-ready) and answer the token that confirms them."""
    session.execute(sa.delete(PendingImport).where(PendingImport.created_at < utcnow() - LIFETIME))
    token = secrets.token_urlsafe(16)
    session.add(
        PendingImport(
            token_hash=_hash(token),
            kind=kind,
            meeting_id=meeting_id,
            filename=(filename or "")[:200],
            payload=json.dumps(rows, ensure_ascii=False),
            created_by=actor or "",
            created_at=utcnow(),
        )
    )
    return token


def take(session, kind: str, meeting_id: int, token) -> tuple[str, list]:
    """The filename and rows kept under `token`, removed so they are saved only once."""
    pending = None
    if isinstance(token, str) and 0 < len(token) <= 64:
        pending = session.get(PendingImport, _hash(token))
    fresh = pending is not None and pending.created_at >= utcnow() - LIFETIME
    if not fresh or pending.kind != kind or pending.meeting_id != meeting_id:
        raise HallError("import_expired", "这次预览已确认过或已过期（2 小时），请重新上传文件", 409)
    session.delete(pending)
    return pending.filename, json.loads(pending.payload)


def discard(session, kind: str, token) -> None:
    """Forget a preview the desk cancelled (nothing happens for an unknown token)."""
    if isinstance(token, str) and 0 < len(token) <= 64:
        session.execute(
            sa.delete(PendingImport).where(
                PendingImport.token_hash == _hash(token), PendingImport.kind == kind
            )
        )
