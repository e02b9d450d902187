"""The chair's view (/chair): the presiding officer's monitor, read-only, with its own key."""

from hall.chair import routes  # noqa: F401
from hall.chair.blueprint import bp

__all__ = ["bp"]  # the routes register on it as they are imported above
