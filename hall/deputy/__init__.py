"""The deputy's phone: card links, sign-in, the ballot sheet."""

from flask import Blueprint

bp = Blueprint("deputy", __name__)

from hall.deputy import code, events, published, receipt, routes  # noqa: E402, F401
