"""The desk's accounts and sessions, the audit chain, pending imports, card-code attempts."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base

Mapped = orm.Mapped
column = orm.mapped_column


class User(Base):
    """A secretariat account."""

    __tablename__ = "users"

    id: Mapped[int] = column(primary_key=True)
    username: Mapped[str] = column(sa.String(50), unique=True)
    password_hash: Mapped[str] = column(sa.String(255))
    role: Mapped[str] = column(sa.String(20), default="admin")


class DeskSession(Base):
    """A desk login, named by the hash of the random key its session cookie holds.

    Every desk request and /desk socket is checked against it: logout, idle time, a new
    password and the account's removal delete the row, so a saved cookie stops working.
    """

    __tablename__ = "desk_sessions"

    key_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime]


class AuditEntry(Base):
    """What the desk did: who, when, what, before and after (never what a deputy chose).

    Append-only and hash-chained: each entry's hash covers the previous entry's hash.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = column(sa.String(50))
    action: Mapped[str] = column(sa.String(50))
    detail: Mapped[str] = column(sa.Text, default="")
    prev_hash: Mapped[str] = column(sa.String(64), default="")
    entry_hash: Mapped[str] = column(sa.String(64), default="")


class PendingImport(Base):
    """An uploaded file parsed and shown as a preview, waiting for the desk to confirm it.

    Kept in the database (not in memory) so the confirm may reach another server process.
    """

    __tablename__ = "pending_imports"

    token_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    kind: Mapped[str] = column(sa.String(20))  # "roster", "candidates" or "projects"
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    filename: Mapped[str] = column(sa.String(200), default="")
    payload: Mapped[str] = column(sa.Text)  # JSON of the parsed rows
    created_by: Mapped[str] = column(sa.String(50), default="")
    created_at: Mapped[datetime]


class CodeAttempt(Base):
    """A wrong short code typed on /c, kept a few minutes to rate-limit guessing per phone
    (its device cookie) and, with a much higher ceiling, per address."""

    __tablename__ = "code_attempts"

    id: Mapped[int] = column(primary_key=True)
    address: Mapped[str] = column(sa.String(64), index=True)
    device: Mapped[str | None] = column(sa.String(64), index=True)  # hash of hall_device
    code_hash: Mapped[str] = column(sa.String(64), default="")  # the same code counts once
    at: Mapped[datetime] = column(index=True)
