"""Department accounts (部门填报): desk accounts of role "department", each bound to the name
of the department it reports for (the 牵头单位 written on the register's 具体项目)."""

import sqlalchemy as sa

from hall.accounts.users import USERNAME, _check_password, hash_password, remove_scrutineer
from hall.base.errors import HallError
from hall.store import audit
from hall.store.models import DepartmentAccount, User

DEPARTMENT = "department"


def add_department_account(session, username, password, department, actor: str) -> User:
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise HallError("bad_request", "账号名为 2–30 个字母、数字或 _ . -", 400)
    _check_password(password)
    if not isinstance(department, str) or not department.strip() or len(department) > 100:
        raise HallError("bad_request", "请填写部门名称（不超过 100 个字）", 400)
    if session.scalar(sa.select(User.id).where(User.username == username)):
        raise HallError("account_exists", f"账号「{username}」已存在", 409)
    user = User(username=username, role=DEPARTMENT, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    session.add(DepartmentAccount(user_id=user.id, department=department.strip()))
    audit.record(session, actor, "account_add", username=username, role=DEPARTMENT)
    return user


def department_of(session, user_id: int) -> str | None:
    return session.scalar(
        sa.select(DepartmentAccount.department).where(DepartmentAccount.user_id == user_id)
    )


def department_accounts(session) -> list[dict]:
    rows = session.execute(
        sa.select(User.id, User.username, DepartmentAccount.department)
        .join(DepartmentAccount, DepartmentAccount.user_id == User.id)
        .order_by(User.id)
    )
    return [{"id": i, "username": u, "role": DEPARTMENT, "department": d} for i, u, d in rows]


def remove_department_account(session, user_id: int, actor: str) -> None:
    user = session.get(User, user_id)
    if user is None or user.role != DEPARTMENT:
        raise HallError("not_found", "找不到该部门账号", 404)
    remove_scrutineer(session, user.id, actor)
