"""The chair's view (/chair): the presiding officer's monitor, read-only, with its own key."""

from flask import Blueprint

bp = Blueprint("chair", __name__)

from hall.chair import routes  # noqa: E402, F401
