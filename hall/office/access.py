"""Who is at the office: a desk login (hall.accounts.sessions, the same cookie as the desk's)
of an account of role "department", and the department it reports for."""

import functools
from dataclasses import dataclass

from flask import current_app, g, redirect, request, session, url_for

from hall.accounts import sessions as desk_sessions
from hall.accounts.departments import DEPARTMENT, department_of
from hall.accounts.sessions import Lifetime
from hall.base.errors import HallError
from hall.store.db import get_db, write_session
from hall.web.errors import wants_json

SESSION_KEY = "desk_key"  # the desk's login cookie (hall.admin.auth) carries the office's too


@dataclass(frozen=True)
class Department:
    username: str
    name: str  # the department, as the register's 牵头单位 names it


def current_department() -> Department | None:
    """The department of this request's desk login; None when there is no live login, or its
    account is not a department's."""
    if "office_department" in g:
        return g.office_department
    g.office_department = None
    login = _login()
    if login is not None and login.role == DEPARTMENT:
        name = department_of(get_db(), login.user_id)
        if name:
            g.office_department = Department(login.username, name)
    return g.office_department


def _login():
    key = session.get(SESSION_KEY)
    login = desk_sessions.find(get_db(), key, Lifetime.of(current_app)) if key else None
    if login is not None and desk_sessions.needs_touch(login):
        with write_session() as db:
            desk_sessions.touch(db, login)  # an office kept open is not idle
    return login


def department_required(view):
    """Only a department account; anyone else is refused (the desk's staff included: they use
    the desk's own pages). No live login (never, logged out, idle, removed) is unauthenticated."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_department() is None and _login() is None:
            if wants_json():
                raise HallError("unauthenticated", "请先登录部门账号", 401)
            return redirect(url_for("admin.login", next=request.path))
        if current_department() is None:
            raise HallError("forbidden", "只有部门账号可以填报进度", 403)
        return view(*args, **kwargs)

    return guarded
