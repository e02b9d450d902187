"""Desk accounts: the admin, the scrutineers (监票人) and departments (部门填报), with hashed
passwords. A new password or the account's removal ends its desk sessions."""

import re

import sqlalchemy as sa
from flask import current_app, has_app_context
from werkzeug.security import generate_password_hash

from hall.accounts import sessions as desk_sessions
from hall.base.errors import HallError
from hall.store import audit
from hall.store.models import DepartmentAccount, User

USERNAME = re.compile(r"[A-Za-z0-9_.-]{2,30}")
MIN_PASSWORD = 8


def hash_password(password: str, app=None) -> str:
    """The stored hash of a desk password, made by the app's PASSWORD_HASH_METHOD (scrypt
    where no app is at hand, as for a script working on the database directly)."""
    if app is None and has_app_context():
        app = current_app
    method = app.config["PASSWORD_HASH_METHOD"] if app is not None else "scrypt"
    return generate_password_hash(password, method=method)


def list_accounts(session) -> list[dict]:
    users = session.scalars(sa.select(User).order_by(User.id))
    return [{"id": u.id, "username": u.username, "role": u.role} for u in users]


def add_scrutineer(session, username: str, password: str, actor: str) -> User:
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise HallError("bad_request", "账号名为 2–30 个字母、数字或 _ . -", 400)
    _check_password(password)
    if session.scalar(sa.select(User.id).where(User.username == username)):
        raise HallError("account_exists", f"账号「{username}」已存在", 409)
    user = User(username=username, role="scrutineer", password_hash=hash_password(password))
    session.add(user)
    audit.record(session, actor, "account_add", username=username, role="scrutineer")
    return user


def set_password(
    session, user_id: int, password: str, actor: str, keep_key: str | None = None
) -> None:
    """A new password; every desk session of the account ends but `keep_key`'s (the one
    changing its own password stays logged in)."""
    user = _user(session, user_id)
    _check_password(password)
    user.password_hash = hash_password(password)
    desk_sessions.end_for_user(session, user.id, keep_key)
    audit.record(session, actor, "account_password", username=user.username)


def remove_scrutineer(session, user_id: int, actor: str) -> None:
    user = _user(session, user_id)
    if user.role not in ("scrutineer", "department"):
        raise HallError("forbidden", "管理员账号不能删除", 403)
    desk_sessions.end_for_user(session, user.id)
    # A department account (hall.accounts.departments) goes with the department it names.
    session.execute(sa.delete(DepartmentAccount).where(DepartmentAccount.user_id == user.id))
    session.delete(user)
    audit.record(session, actor, "account_remove", username=user.username)


def _user(session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise HallError("not_found", "找不到该账号", 404)
    return user


def _check_password(password) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise HallError("bad_request", f"密码至少 {MIN_PASSWORD} 位", 400)
