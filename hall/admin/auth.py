"""Secretariat accounts: passwords (hashed), login (throttled), roles and the view guards.

A desk session lives on the server (hall.accounts.sessions): every request checks it and reads
the account's role afresh, so logout, a new password or removal take effect at once.
"""

import functools
import secrets

import sqlalchemy as sa
from flask import current_app, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from hall.accounts import sessions as desk_sessions
from hall.accounts.sessions import DeskLogin, Lifetime
from hall.accounts.users import hash_password
from hall.admin import desk_sockets
from hall.admin.throttle import LoginThrottle
from hall.base.errors import HallError
from hall.store.db import get_db, write_session
from hall.store.models import User
from hall.web.errors import wants_json

ADMIN = "admin"
SCRUTINEER = "scrutineer"
SESSION_KEY = "desk_key"  # the desk session's key in the (signed) session cookie
throttle = LoginThrottle()


def ensure_admin(app, reset: bool = False) -> str | None:
    """Make sure the admin account exists; answers the password when this call generated it.

    HALL_ADMIN_PASSWORD, when set, is the password on every start. Otherwise a password is
    generated at the first start (or on reset) and only its hash is kept. A changed password
    ends the admin's desk sessions.
    """
    configured = app.config.get("ADMIN_PASSWORD")
    with write_session(app) as db:
        user = db.scalar(sa.select(User).where(User.username == ADMIN))
        if configured:
            if user is None:
                user = User(username=ADMIN, role="admin", password_hash="")
                db.add(user)
            if not user.password_hash or not check_password_hash(user.password_hash, configured):
                _new_admin_password(app, db, user, configured)
            return None
        if user is not None and not reset:
            return None
        password = secrets.token_urlsafe(9)
        if user is None:
            user = User(username=ADMIN, role="admin", password_hash="")
            db.add(user)
        _new_admin_password(app, db, user, password)
        return password


def _new_admin_password(app, db, user: User, password: str) -> None:
    user.password_hash = hash_password(password, app)
    db.flush()
    desk_sessions.end_for_user(db, user.id)


@functools.cache
def _stand_in_hash(method: str) -> str:
    """A hash no password matches, made like the real ones, checked for unknown names."""
    return generate_password_hash(secrets.token_urlsafe(24), method=method)


def _stored_or_stand_in(user: User | None) -> str:
    if user is not None and user.password_hash:
        return user.password_hash
    return _stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"])


def log_in(password, username=ADMIN) -> bool:
    """Check the password (throttled per address and per account) and start a desk session."""
    address = request.remote_addr or "?"
    account = username[:50] if isinstance(username, str) and username else ADMIN
    password = password if isinstance(password, str) else ""
    if not throttle.allowed(address, account):
        raise HallError("too_many_attempts", "登录失败次数过多，请 5 分钟后再试", 429)
    user = get_db().scalar(sa.select(User).where(User.username == account))
    # Always one hash check, against a stand-in for a name that does not exist: how long a
    # login takes must not tell which names do.
    stored = _stored_or_stand_in(user)
    matches = check_password_hash(stored, password)
    if user is None or not matches:
        throttle.failed(address, account)
        return False
    throttle.succeeded(address, account)
    with write_session() as db:
        desk_sessions.end(db, session.get(SESSION_KEY))  # this browser's previous login
        key = desk_sessions.start(db, user, Lifetime.of(current_app))
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = key
    g.pop("desk_login", None)
    return True


def log_out() -> None:
    """End this browser's desk session, and its /desk sockets."""
    key = session.get(SESSION_KEY)
    session.clear()
    g.pop("desk_login", None)
    if key:
        with write_session() as db:
            desk_sessions.end(db, key)
        desk_sockets.drop_ended(current_app)


def current_login(touch: bool = True) -> DeskLogin | None:
    """The desk session of this request, checked against the database (once per request);
    None when there is none, or it was ended, or it idled too long."""
    if "desk_login" in g:
        return g.desk_login
    g.desk_login = None
    key = session.get(SESSION_KEY)
    if key is None:
        return None
    login = desk_sessions.find(get_db(), key, Lifetime.of(current_app))
    if login is None:
        session.clear()
        return None
    if touch and desk_sessions.needs_touch(login):
        with write_session() as db:
            desk_sessions.touch(db, login)
    g.desk_login = login
    return login


def current_key() -> str | None:
    return session.get(SESSION_KEY) if current_login() else None


def current_user_name() -> str | None:
    login = current_login()
    return login.username if login else None


def current_role() -> str | None:
    """The logged-in desk user's role (as the users table says now), or None."""
    login = current_login()
    return login.role if login else None


def _guard(allowed_roles: tuple[str, ...]):
    def decorator(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            role = current_role()
            if role is None:
                if wants_json():
                    raise HallError("unauthenticated", "请先登录秘书处后台", 401)
                return redirect(url_for("admin.login", next=request.path))
            if role not in allowed_roles:
                raise HallError("forbidden", "监票人账号只能查看，不能操作", 403)
            return view(*args, **kwargs)

        return guarded

    return decorator


# Scrutineers (监票人) see everything and change nothing; the admin (管理员) runs the session.
staff_required = _guard((ADMIN, SCRUTINEER))
admin_required = _guard((ADMIN,))
