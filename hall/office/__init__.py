"""The departments' office (部门填报): each department sees and reports on its own projects."""

from hall.office import pages, routes  # noqa: F401
from hall.office.blueprint import bp

__all__ = ["bp"]  # the routes register on it as they are imported above
