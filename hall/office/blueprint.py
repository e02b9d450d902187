"""The office's blueprint: its routes' URLs and the templates they draw."""

from flask import Blueprint

bp = Blueprint("office", __name__)
