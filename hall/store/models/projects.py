"""This year's candidate projects and last year's completed projects with their sub-projects."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base

Mapped = orm.Mapped
column = orm.mapped_column


class Candidate(Base):
    __tablename__ = "candidates"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = column(sa.String(200))
    lead_department: Mapped[str] = column(sa.String(100), default="")
    summary: Mapped[str] = column(sa.Text, default="")
    budget: Mapped[float | None]  # 万元


class Project(Base):
    """Last year's completed livelihood project (实事项目), rated by the deputies."""

    __tablename__ = "projects"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = column(sa.String(200))
    area: Mapped[str] = column(sa.String(100), default="")
    lead_department: Mapped[str] = column(sa.String(100), default="")
    summary: Mapped[str] = column(sa.Text, default="")

    subprojects: Mapped[list["SubProject"]] = orm.relationship(
        order_by="SubProject.position", cascade="all, delete-orphan"
    )


class SubProject(Base):
    """A concrete part of a completed project (具体项目): target, achieved, status."""

    __tablename__ = "subprojects"

    id: Mapped[int] = column(primary_key=True)
    project_id: Mapped[int] = column(sa.ForeignKey("projects.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = column(sa.String(200))
    target: Mapped[float | None]
    achieved: Mapped[float | None]
    unit: Mapped[str] = column(sa.String(10), default="")
    status: Mapped[str] = column(sa.String(10))  # 未完成 / 已完成 / 超额完成
    completed_on: Mapped[date | None]
    progress: Mapped[int] = column(default=0)
