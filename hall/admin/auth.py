"""Secretariat accounts: the admin password (hashed), login state and the guard for views."""

import functools
import secrets

import sqlalchemy as sa
from flask import redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from hall.db import get_db, write_session
from hall.errors import HallError, wants_json
from hall.models import User

ADMIN = "admin"


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


def log_in(password: str) -> bool:
    user = get_db().scalar(sa.select(User).where(User.username == ADMIN))
    if user is None or not check_password_hash(user.password_hash, password or ""):
        return False
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["username"] = user.username
    return True


def current_user_name() -> str | None:
    return session.get("username")


def admin_required(view):
    """Pages send strangers to the login page; the API answers 401 `unauthenticated`."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_user_name() is None:
            if wants_json():
                raise HallError("unauthenticated", "请先登录秘书处后台", 401)
            return redirect(url_for("admin.login", next=request.path))
        return view(*args, **kwargs)

    return guarded
