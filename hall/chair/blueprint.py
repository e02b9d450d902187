"""The chair's blueprint: its routes' URLs and the templates they draw."""

from flask import Blueprint

bp = Blueprint("chair", __name__)
