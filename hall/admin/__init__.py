"""The secretariat's desk: login, the dashboard and the actions that run a session."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from hall.admin import api, data, events, routes  # noqa: E402, F401
