"""The desk's accounts API: scrutineers (监票人) added, re-passworded and removed by the admin.
A new password or a removal ends the account's desk sessions and their /desk sockets."""

from flask import current_app, jsonify

from hall.accounts.users import add_scrutineer, list_accounts, remove_scrutineer, set_password
from hall.admin import desk_sockets
from hall.admin.auth import admin_required, current_key, current_user_name
from hall.admin.blueprint import bp
from hall.store.db import get_db, write_session
from hall.web.errors import json_body


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
    password = json_body().get("password")
    with write_session() as db:
        set_password(db, user_id, password, current_user_name(), keep_key=current_key())
    desk_sockets.drop_ended(current_app)
    return jsonify({"changed": True})


@bp.post("/api/v1/admin/accounts/<int:user_id>/remove")
@admin_required
def delete_account(user_id):
    json_body()
    with write_session() as db:
        remove_scrutineer(db, user_id, current_user_name())
    desk_sockets.drop_ended(current_app)
    return jsonify({"removed": True})
