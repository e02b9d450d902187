"""The desk's accounts API: scrutineers (监票人) added, re-passworded and removed by the admin."""

from flask import jsonify

from hall.admin import bp
from hall.admin.auth import admin_required, current_user_name
from hall.db import get_db, write_session
from hall.errors import json_body
from hall.users import add_scrutineer, list_accounts, remove_scrutineer, set_password


@bp.get("/api/v1/admin/accounts")
@admin_required
def accounts():
    return jsonify({"accounts": list_accounts(get_db())})


@bp.post("/api/v1/admin/accounts")
@admin_required
def create_account():
    """Add a scrutineer: `{"username", "password"}`."""
    body = json_body()
    with write_session() as db:
        user = add_scrutineer(db, body.get("username"), body.get("password"), current_user_name())
        db.flush()
        answer = {"id": user.id, "username": user.username, "role": user.role}
    return jsonify(answer), 201


@bp.post("/api/v1/admin/accounts/<int:user_id>/password")
@admin_required
def change_password(user_id):
    with write_session() as db:
        set_password(db, user_id, json_body().get("password"), current_user_name())
    return jsonify({"changed": True})


@bp.post("/api/v1/admin/accounts/<int:user_id>/remove")
@admin_required
def delete_account(user_id):
    json_body()
    with write_session() as db:
        remove_scrutineer(db, user_id, current_user_name())
    return jsonify({"removed": True})
