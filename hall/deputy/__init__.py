"""The deputy's phone: card links, sign-in, the ballot sheet."""

from hall.deputy import code, events, proposals, published, receipt, routes, supervision  # noqa: F401
from hall.deputy.blueprint import bp

__all__ = ["bp"]  # the routes and handlers register on it as they are imported above
