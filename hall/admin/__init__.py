"""The secretariat's desk: login, the dashboard and the actions that run a session."""

from hall.admin import (  # noqa: F401
    accounts,
    api,
    audit_views,
    ballot_views,
    candidate_views,
    card_views,
    data,
    department_accounts,
    events,
    health_views,
    meeting_views,
    monitor_views,
    paper_views,
    project_views,
    proposal_candidates,
    proposal_pages,
    proposal_views,
    register_pages,
    register_views,
    roster_views,
    routes,
    settings,
    sheet_views,
    supervision_views,
)
from hall.admin.blueprint import bp

__all__ = ["bp"]  # the routes and handlers register on it as they are imported above
