"""A deputy's supervision on the phone: their group's projects (一常委+N代表), the contacts they
log (一月一联系) and their findings on the group's inspections (半年一督查)."""

from flask import jsonify, render_template

from hall.deputy.blueprint import bp
from hall.deputy.identity import current_deputy
from hall.store.db import get_db, write_session
from hall.store.models import Deputy
from hall.supervision.groups import deputy_group, deputy_project, group_view
from hall.supervision.oversight import add_finding, contacts_of, inspections_of, log_contact
from hall.supervision.progress import project_view
from hall.web.errors import json_body


@bp.get("/api/v1/me/supervision")
def my_supervision():
    """The deputy's group, its projects with their progress and contacts, its inspections."""
    deputy = current_deputy()
    db = get_db()
    group = deputy_group(db, deputy)
    if group is None:
        return jsonify({"group": None, "projects": [], "inspections": []})
    view = group_view(db, group)
    projects = [deputy_project(db, deputy, project["id"]) for project in view["projects"]]
    return jsonify(
        {
            "group": {key: view[key] for key in ("id", "name", "leader", "deputies")},
            "projects": [
                {**project_view(project), "contacts": contacts_of(db, project)}
                for project in projects
            ],
            "inspections": inspections_of(db, deputy.meeting, group_id=group.id),
        }
    )


@bp.post("/api/v1/me/supervision/projects/<int:project_id>/contacts")
def my_contact(project_id):
    """`{"contacted_on", "met", "found"}` for one of the group's projects."""
    body = json_body()
    deputy_id = current_deputy().id
    with write_session() as db:
        deputy = db.get(Deputy, deputy_id)
        project = deputy_project(db, deputy, project_id)
        contact = log_contact(db, project, body, f"代表{deputy.name}", deputy)
        answer = {"id": contact.id, "contacts": contacts_of(db, project)}
    return jsonify(answer), 201


@bp.post("/api/v1/me/supervision/inspections/<int:inspection_id>/findings")
def my_finding(inspection_id):
    """`{"text"}`: the deputy's own finding on one of the group's inspections."""
    body = json_body()
    deputy_id = current_deputy().id
    with write_session() as db:
        finding = add_finding(db, db.get(Deputy, deputy_id), inspection_id, body)
        answer = {"id": finding.id}
    return jsonify(answer), 201


@bp.get("/phone/supervision")
def supervision_page():
    """The phone's supervision page: a shell that static/js/deputy/supervision.js fills in."""
    return render_template("deputy/supervision.html")
