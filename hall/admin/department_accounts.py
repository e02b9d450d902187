"""The desk's department accounts (部门填报), beside the scrutineers' (accounts.py): added and
removed by the admin; a removal ends the account's desk sessions and their /desk sockets. A new
password goes through accounts.py, as any account's."""

from flask import current_app, jsonify

from hall.accounts.departments import (
    add_department_account,
    department_accounts,
    remove_department_account,
)
from hall.admin import desk_sockets
from hall.admin.auth import admin_required, current_user_name
from hall.admin.blueprint import bp
from hall.store.db import get_db, write_session
from hall.web.errors import json_body


@bp.get("/api/v1/admin/department-accounts")
@admin_required
def department_account_list():
    return jsonify({"accounts": department_accounts(get_db())})


@bp.post("/api/v1/admin/department-accounts")
@admin_required
def department_account_add():
    """`{"username", "password", "department"}`."""
    body = json_body()
    with write_session() as db:
        user = add_department_account(
            db,
            body.get("username"),
            body.get("password"),
            body.get("department"),
            current_user_name(),
        )
        answer = {"id": user.id, "username": user.username, "role": user.role}
    return jsonify(answer), 201


@bp.post("/api/v1/admin/department-accounts/<int:user_id>/remove")
@admin_required
def department_account_remove(user_id):
    json_body()
    with write_session() as db:
        remove_department_account(db, user_id, current_user_name())
    desk_sockets.drop_ended(current_app)
    return jsonify({"removed": True})
