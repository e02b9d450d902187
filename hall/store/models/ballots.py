"""Ballots and their items, participation, the ballot box (`Sheet`), named votes, paper entries.

The ballot box (`Sheet`) holds no deputy id (on secret ballots), no timestamp and no key that
follows submission order: it is keyed by the hash of the phone's random receipt code, in a
table without rowid on SQLite, so its natural order is random.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base
from hall.store.models.meetings import Meeting
from hall.store.models.projects import Candidate, Project

Mapped = orm.Mapped
column = orm.mapped_column


class Ballot(Base):
    __tablename__ = "ballots"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    kind: Mapped[str] = column(sa.String(20), default="project_vote")
    title: Mapped[str] = column(sa.String(200))
    form: Mapped[str] = column(sa.String(20), default="approve")
    places: Mapped[int]
    display: Mapped[str] = column(sa.String(10), default="turnout")
    secret: Mapped[bool] = column(default=True)
    require_sign_in: Mapped[bool] = column(default=True)
    state: Mapped[str] = column(sa.String(12), default="draft")  # draft/open/closed/published/void
    countdown_seconds: Mapped[int | None]  # preset while a draft; used when it opens
    void_reason: Mapped[str | None] = column(sa.String(500))
    # A re-vote on the candidates tied at the cut-off of `parent_id`, for the places left.
    parent_id: Mapped[int | None] = column(sa.ForeignKey("ballots.id"))
    # Paper sheets go into the box only once a second desk user has typed the same marks.
    paper_two_person: Mapped[bool] = column(default=False)
    threshold_basis: Mapped[str] = column(sa.String(16), default="expected")
    threshold_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    validity_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    grade_basis: Mapped[str] = column(sa.String(16), default="returned")
    grade_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    # The roll as it stood when the ballot closed: the result is computed on it.
    roll_expected: Mapped[int | None]
    roll_present: Mapped[int | None]
    # While a secret ballot is open, the tallies anyone sees are the last ones released, and
    # a new release needs SECRET_BATCH more sheets (hall/voting/released.py): how many it
    # counted, and the result it showed (JSON).
    released_returned: Mapped[int | None]
    released_result: Mapped[str | None] = column(sa.Text)
    roll_on_leave: Mapped[int | None]
    opened_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    # When the box seal (hall.store.seal) first rewrote the storage after this ballot closed:
    # from then on a backup no longer keeps the order its sheets came in (hall.upkeep.backup).
    sealed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = orm.relationship(back_populates="ballots")
    items: Mapped[list["BallotItem"]] = orm.relationship(order_by="BallotItem.position")


class BallotItem(Base):
    """What stands on a ballot at one place: a candidate (票决) or a completed project (测评)."""

    __tablename__ = "ballot_items"

    ballot_id: Mapped[int] = column(sa.ForeignKey("ballots.id"), primary_key=True)
    position: Mapped[int] = column(primary_key=True)
    candidate_id: Mapped[int | None] = column(sa.ForeignKey("candidates.id"))
    project_id: Mapped[int | None] = column(sa.ForeignKey("projects.id"))

    candidate: Mapped[Candidate | None] = orm.relationship(lazy="joined")
    project: Mapped[Project | None] = orm.relationship(lazy="joined")

    @property
    def item_id(self) -> int:
        """The id a sheet uses for this item: the candidate's or the project's."""
        return self.candidate_id if self.candidate_id is not None else self.project_id

    @property
    def name(self) -> str:
        return (self.candidate or self.project).name


class Participation(Base):
    """Who has voted on which ballot (not secret); UNIQUE per ballot and deputy.

    Without a rowid on SQLite, like the sheets: rows live in key order (ballot, deputy), so
    once the box is sealed nothing keeps the order in which deputies voted (hall.store.seal).
    """

    __tablename__ = "participations"
    __table_args__ = ({"sqlite_with_rowid": False},)

    ballot_id: Mapped[int] = column(sa.ForeignKey("ballots.id"), primary_key=True)
    deputy_id: Mapped[int] = column(sa.ForeignKey("deputies.id"), primary_key=True)
    via: Mapped[str] = column(sa.String(10), default="phone")  # "phone" or "paper"


class Sheet(Base):
    """One anonymous sheet in the ballot box, keyed by the hash of its receipt code."""

    __tablename__ = "sheets"
    __table_args__ = ({"sqlite_with_rowid": False},)

    receipt_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    ballot_id: Mapped[int] = column(sa.ForeignKey("ballots.id"), index=True)
    marks: Mapped[str] = column(sa.Text)  # canonical JSON of the marks
    valid: Mapped[bool] = column(default=True)
    source: Mapped[str] = column(sa.String(10), default="phone")  # "phone" or "paper"


class NamedVote(Base):
    """On a named (记名) ballot only: which sheet is whose, kept on purpose."""

    __tablename__ = "named_votes"

    ballot_id: Mapped[int] = column(sa.ForeignKey("ballots.id"), primary_key=True)
    deputy_id: Mapped[int] = column(sa.ForeignKey("deputies.id"), primary_key=True)
    receipt_hash: Mapped[str] = column(sa.ForeignKey("sheets.receipt_hash"))


class PaperEntry(Base):
    """A paper sheet typed in at the desk, waiting for a second person to confirm it."""

    __tablename__ = "paper_entries"
    # Never reuse an id (SQLite would, after the highest entry is confirmed): an id named in
    # the audit trail, or in a confirm sent late, must not come to mean another entry.
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = column(primary_key=True)
    ballot_id: Mapped[int] = column(sa.ForeignKey("ballots.id"), index=True)
    marks: Mapped[str] = column(sa.Text)  # canonical JSON; "" for an invalid sheet (废票)
    valid: Mapped[bool] = column(default=True)
    entered_by: Mapped[str] = column(sa.String(50))
