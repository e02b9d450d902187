"""The phone's blueprint: its routes' URLs and the templates they draw."""

from flask import Blueprint

bp = Blueprint("deputy", __name__)
