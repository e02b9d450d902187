"""The hall's big screen: scenes driven by numbered snapshots."""

from hall.screen import events, routes  # noqa: F401
from hall.screen.blueprint import bp

__all__ = ["bp"]  # the routes and handlers register on it as they are imported above
