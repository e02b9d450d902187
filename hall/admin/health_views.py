"""The desk's 系统状态: every server process (from Redis when several serve), the message
queue, the database, and the phones and screens connected (page and JSON)."""

import time

import sqlalchemy as sa
from flask import current_app, jsonify, render_template

from hall import migrations
from hall.admin.auth import current_role, current_user_name, staff_required
from hall.admin.blueprint import bp
from hall.live.state import live
from hall.store.db import session_factory


def database_health(app) -> dict:
    """Reachable, how long a round trip takes, and whether the schema is the code's."""
    engine = session_factory(app).kw["bind"]
    began = time.perf_counter()
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        revision = migrations.current(engine)
    except sa.exc.SQLAlchemyError as error:
        return {"up": False, "kind": engine.dialect.name, "error": type(error).__name__}
    return {
        "up": True,
        "kind": engine.dialect.name,
        "round_trip_ms": round((time.perf_counter() - began) * 1000, 1),
        "revision": revision,
        "current": revision == migrations.head(),
    }


def health_report(app) -> dict:
    processes = live.counts.processes()
    database = database_health(app)
    queue = live.queue.status()
    return {
        "ok": database["up"] and database.get("current", False) and queue["up"],
        "processes": processes,
        "queue": queue,
        "database": database,
        "phones": sum(process["phones"] for process in processes),
        "screens": sum(process["screens"] for process in processes),
        "checked_at": time.time(),
    }


@bp.get("/api/v1/admin/health")
@staff_required
def health_json():
    """Processes, Redis, the database, phones and screens connected."""
    return jsonify(health_report(current_app))


@bp.get("/admin/health")
@staff_required
def health_page():
    return render_template(
        "admin/health.html",
        health=health_report(current_app),
        user=current_user_name(),
        role=current_role(),
    )
