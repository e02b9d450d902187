"""Secretariat accounts: passwords (hashed), login (throttled), roles and the view guards."""

import functools
import secrets
import time

import sqlalchemy as sa
from flask import current_app, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from hall.admin.throttle import LoginThrottle
from hall.db import get_db, write_session
from hall.errors import HallError, wants_json
from hall.models import User

ADMIN = "admin"
SCRUTINEER = "scrutineer"
throttle = LoginThrottle()


def ensure_admin(app, reset: bool = False) -> str | None:
    """Make sure the admin account exists; answer the password when this call generated it.

    HALL_ADMIN_PASSWORD, when set, is the password on every start. Otherwise a password is
    generated at the first start (or on reset) and only its hash is kept.
    """
    configured = app.config.get("ADMIN_PASSWORD")
    with write_session(app) as db:
        user = db.scalar(sa.select(User).where(User.username == ADMIN))
        if configured:
            if user is None:
                user = User(username=ADMIN, role="admin", password_hash="")
                db.add(user)
            if not user.password_hash or not check_password_hash(user.password_hash, configured):
                user.password_hash = generate_password_hash(configured)
            return None
        if user is not None and not reset:
            return None
        password = secrets.token_urlsafe(9)
        if user is None:
            user = User(username=ADMIN, role="admin", password_hash="")
            db.add(user)
        user.password_hash = generate_password_hash(password)
        return password


def log_in(password, username=ADMIN) -> bool:
    """Check the password (throttled per address and per account) and start a desk session."""
    address = request.remote_addr or "?"
    account = username[:50] if isinstance(username, str) and username else ADMIN
    password = password if isinstance(password, str) else ""
    if not throttle.allowed(address, account):
        raise HallError("too_many_attempts", "登录失败次数过多，请 5 分钟后再试", 429)
    user = get_db().scalar(sa.select(User).where(User.username == account))
    if user is None or not check_password_hash(user.password_hash, password):
        throttle.failed(address, account)
        return False
    throttle.succeeded(address, account)
    session.clear()
    session.permanent = True
    session.update(user_id=user.id, username=user.username, role=user.role, seen=time.time())
    return True


def current_user_name() -> str | None:
    return session.get("username")


def current_role() -> str | None:
    """The logged-in desk user's role, or None; a session idle too long is ended here."""
    if session.get("user_id") is None:
        return None
    idle = time.time() - session.get("seen", 0)
    if idle > current_app.config["DESK_IDLE_TIMEOUT"]:
        session.clear()
        return None
    session["seen"] = time.time()
    return session.get("role", ADMIN)


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
