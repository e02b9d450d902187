"""The year between two sessions (闭环监督): the register of chosen projects and their 具体项目,
supervision groups, contacts, progress reports, inspections and 整改, department accounts."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base

Mapped = orm.Mapped
column = orm.mapped_column


class RegisterProject(Base):
    """A project of the year's register: an 入选 candidate of the meeting's project vote."""

    __tablename__ = "register_projects"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    candidate_id: Mapped[int | None] = column(sa.ForeignKey("candidates.id"), unique=True)
    position: Mapped[int]
    name: Mapped[str] = column(sa.String(200))
    lead_department: Mapped[str] = column(sa.String(100), default="")
    starts_on: Mapped[date]  # the day the vote was published: the year's clock starts
    group_id: Mapped[int | None] = column(sa.ForeignKey("supervision_groups.id"), index=True)

    items: Mapped[list["RegisterItem"]] = orm.relationship(
        order_by="RegisterItem.position", cascade="all, delete-orphan", back_populates="project"
    )


class RegisterItem(Base):
    """A 具体项目 of a register project: what is promised, by when, by whom, and how far it is."""

    __tablename__ = "register_items"

    id: Mapped[int] = column(primary_key=True)
    project_id: Mapped[int] = column(sa.ForeignKey("register_projects.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = column(sa.String(200))
    target: Mapped[float]
    unit: Mapped[str] = column(sa.String(10), default="")
    deadline: Mapped[date]
    lead_department: Mapped[str] = column(sa.String(100), index=True)
    responsible: Mapped[str] = column(sa.String(50), default="")
    weight: Mapped[float | None]
    achieved: Mapped[float | None]  # from the latest accepted report
    achieved_on: Mapped[date | None]
    completed_on: Mapped[date | None]  # the first accepted report reaching the target

    project: Mapped[RegisterProject] = orm.relationship(back_populates="items")


class SupervisionGroup(Base):
    """一常委+N代表: a standing-committee member leading deputies who follow some projects."""

    __tablename__ = "supervision_groups"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = column(sa.String(100))
    leader: Mapped[str] = column(sa.String(50))  # the standing-committee member (常委)


class GroupMember(Base):
    __tablename__ = "supervision_group_members"

    group_id: Mapped[int] = column(
        sa.ForeignKey("supervision_groups.id", ondelete="CASCADE"), primary_key=True
    )
    deputy_id: Mapped[int] = column(sa.ForeignKey("deputies.id"), primary_key=True, index=True)


class ContactLog(Base):
    """一月一联系: a group's contact with a project's department, and what was found."""

    __tablename__ = "supervision_contacts"

    id: Mapped[int] = column(primary_key=True)
    project_id: Mapped[int] = column(sa.ForeignKey("register_projects.id"), index=True)
    deputy_id: Mapped[int | None] = column(sa.ForeignKey("deputies.id"))
    author: Mapped[str] = column(sa.String(50))
    contacted_on: Mapped[date]
    met: Mapped[str] = column(sa.String(100))
    found: Mapped[str] = column(sa.Text)
    created_at: Mapped[datetime]


class ProgressReport(Base):
    """一季一报告: a department's figures for its 具体项目, reviewed by the secretariat."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    department: Mapped[str] = column(sa.String(100), index=True)
    period: Mapped[str] = column(sa.String(20))  # e.g. 2027年第一季度
    as_of: Mapped[date]  # the day the figures stand at
    state: Mapped[str] = column(sa.String(12), default="submitted")  # submitted/accepted/returned
    submitted_by: Mapped[str] = column(sa.String(50))
    submitted_at: Mapped[datetime]
    reviewed_by: Mapped[str] = column(sa.String(50), default="")
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str] = column(sa.Text, default="")

    lines: Mapped[list["ReportLine"]] = orm.relationship(
        order_by="ReportLine.id", cascade="all, delete-orphan"
    )


class ReportLine(Base):
    __tablename__ = "progress_report_lines"

    id: Mapped[int] = column(primary_key=True)
    report_id: Mapped[int] = column(sa.ForeignKey("progress_reports.id"), index=True)
    item_id: Mapped[int] = column(sa.ForeignKey("register_items.id"), index=True)
    achieved: Mapped[float]
    account: Mapped[str] = column(sa.Text, default="")


class Inspection(Base):
    """半年一督查: one inspection of some projects by a group, with its findings."""

    __tablename__ = "inspections"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    group_id: Mapped[int | None] = column(sa.ForeignKey("supervision_groups.id"))
    held_on: Mapped[date]
    findings: Mapped[str] = column(sa.Text, default="")
    created_by: Mapped[str] = column(sa.String(50))


class InspectionProject(Base):
    __tablename__ = "inspection_projects"

    inspection_id: Mapped[int] = column(
        sa.ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = column(sa.ForeignKey("register_projects.id"), primary_key=True)


class InspectionFinding(Base):
    """A deputy's own finding on an inspection, from the phone."""

    __tablename__ = "inspection_findings"

    id: Mapped[int] = column(primary_key=True)
    inspection_id: Mapped[int] = column(sa.ForeignKey("inspections.id"), index=True)
    deputy_id: Mapped[int] = column(sa.ForeignKey("deputies.id"))
    text: Mapped[str] = column(sa.Text)
    created_at: Mapped[datetime]


class Rectification(Base):
    """整改: what is to be put right, by whom, by when; closed with a note."""

    __tablename__ = "rectifications"

    id: Mapped[int] = column(primary_key=True)
    inspection_id: Mapped[int] = column(sa.ForeignKey("inspections.id"), index=True)
    project_id: Mapped[int | None] = column(sa.ForeignKey("register_projects.id"))
    what: Mapped[str] = column(sa.Text)
    by_whom: Mapped[str] = column(sa.String(100))
    deadline: Mapped[date]
    closed_on: Mapped[date | None]
    close_note: Mapped[str] = column(sa.Text, default="")


class DepartmentAccount(Base):
    """A desk account of role "department" (部门填报) and the department it reports for."""

    __tablename__ = "department_accounts"

    user_id: Mapped[int] = column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    department: Mapped[str] = column(sa.String(100))


class SupervisionSetting(Base):
    """Per meeting: whether the public progress page (项目进度榜) is shown."""

    __tablename__ = "supervision_settings"

    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), primary_key=True)
    public_progress: Mapped[bool] = column(default=True)
