"""The screen's blueprint: its routes' URLs and the templates they draw."""

from flask import Blueprint

bp = Blueprint("screen", __name__)
