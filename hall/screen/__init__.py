"""The hall's big screen: scenes driven by numbered snapshots."""

from flask import Blueprint

bp = Blueprint("screen", __name__)

from hall.screen import events, routes  # noqa: E402, F401
