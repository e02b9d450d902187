"""The desk's blueprint: its routes' URLs and the templates they draw."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
