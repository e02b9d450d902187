"""Desk logins kept on the server (table desk_sessions), so they can be ended: by logout, by
idle time, and for every login of an account whose password changes or that is removed.

The session cookie holds only a random key; the table holds its hash, so a copy of the
database opens no desk.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.store.models import DeskSession, User

SEEN_STEP = timedelta(seconds=60)  # a request moves seen_at on at most once a minute


@dataclass(frozen=True)
class DeskLogin:
    """A live desk session: who it is, as the users table says now."""

    key_hash: str
    user_id: int
    username: str
    role: str
    started_at: datetime
    seen_at: datetime


@dataclass(frozen=True)
class Lifetime:
    """How long a desk session lives: idle seconds, and seconds at most."""

    idle: float
    longest: float

    @classmethod
    def of(cls, app) -> "Lifetime":
        return cls(app.config["DESK_IDLE_TIMEOUT"], app.permanent_session_lifetime.total_seconds())

    def alive(self, started_at: datetime, seen_at: datetime, now: datetime) -> bool:
        idle, age = now - seen_at, now - started_at
        return idle <= timedelta(seconds=self.idle) and age <= timedelta(seconds=self.longest)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(session, user: User, lifetime: Lifetime) -> str:
    """A new desk session for `user`; answers the key for the cookie. Ended ones are swept."""
    now = utcnow()
    _forget_dead(session, lifetime, now)
    key = secrets.token_urlsafe(32)
    session.add(DeskSession(key_hash=key_hash(key), user_id=user.id, started_at=now, seen_at=now))
    return key


def find(session, key, lifetime: Lifetime) -> DeskLogin | None:
    """The live desk session under this cookie key, or None (unknown, ended or too old)."""
    if not isinstance(key, str) or not key:
        return None
    row = session.execute(
        sa.select(DeskSession, User.username, User.role)
        .join(User, User.id == DeskSession.user_id)
        .where(DeskSession.key_hash == key_hash(key))
    ).first()
    if row is None:
        return None
    desk, username, role = row
    if not lifetime.alive(desk.started_at, desk.seen_at, utcnow()):
        return None
    return DeskLogin(desk.key_hash, desk.user_id, username, role, desk.started_at, desk.seen_at)


def needs_touch(login: DeskLogin) -> bool:
    return utcnow() - login.seen_at >= SEEN_STEP


def touch(session, login: DeskLogin) -> None:
    session.execute(
        sa.update(DeskSession)
        .where(DeskSession.key_hash == login.key_hash)
        .values(seen_at=utcnow())
    )


def end(session, key) -> None:
    """Logout: this session only."""
    if isinstance(key, str) and key:
        session.execute(sa.delete(DeskSession).where(DeskSession.key_hash == key_hash(key)))


def end_for_user(session, user_id: int, keep_key: str | None = None) -> None:
    """Every session of the account (a new password, removal), except `keep_key`'s."""
    statement = sa.delete(DeskSession).where(DeskSession.user_id == user_id)
    if keep_key:
        statement = statement.where(DeskSession.key_hash != key_hash(keep_key))
    session.execute(statement)


def alive_hashes(session, hashes, lifetime: Lifetime) -> set[str]:
    """Which of these key hashes are live sessions now (the /desk sockets' check)."""
    if not hashes:
        return set()
    rows = session.execute(
        sa.select(DeskSession.key_hash, DeskSession.started_at, DeskSession.seen_at).where(
            DeskSession.key_hash.in_(list(hashes))
        )
    )
    now = utcnow()
    return {row.key_hash for row in rows if lifetime.alive(row.started_at, row.seen_at, now)}


def _forget_dead(session, lifetime: Lifetime, now: datetime) -> None:
    session.execute(
        sa.delete(DeskSession).where(
            sa.or_(
                DeskSession.seen_at < now - timedelta(seconds=lifetime.idle),
                DeskSession.started_at < now - timedelta(seconds=lifetime.longest),
            )
        )
    )
