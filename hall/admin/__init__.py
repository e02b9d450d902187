"""The secretariat's desk: login, the dashboard and the actions that run a session."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from hall.admin import (  # noqa: E402, F401
    accounts,
    api,
    audit_views,
    ballot_views,
    candidate_views,
    card_views,
    data,
    events,
    meeting_views,
    monitor_views,
    paper_views,
    project_views,
    roster_views,
    routes,
    settings,
    sheet_views,
)
