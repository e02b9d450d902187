"""The stored data: meetings, deputies, candidates, ballots, participation and the ballot box.

The ballot box (`Sheet`) holds no deputy id (on secret ballots), no timestamp and no key that
follows submission order: it is keyed by the hash of the phone's random receipt code, in a
table without rowid on SQLite, so its natural order is random.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base

Mapped = orm.Mapped
column = orm.mapped_column


class Meeting(Base):
    """One congress session (会议). Exactly one is current: the desk, the screen and the phones
    serve it; the others are archives, readable and never changed."""

    __tablename__ = "meetings"
    __table_args__ = (
        # At most one current meeting, kept by the database itself (a partial unique index).
        sa.Index(
            "uq_meetings_current",
            "is_current",
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        ),
    )

    id: Mapped[int] = column(primary_key=True)
    name: Mapped[str] = column(sa.String(200))
    year: Mapped[int]
    session_label: Mapped[str] = column(sa.String(50), default="")  # e.g. 第二届第三次
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    place: Mapped[str] = column(sa.String(100), default="")
    is_current: Mapped[bool] = column(default=False)
    # For the dashboard's setup list: when the settings were last saved, and a rehearsal wiped.
    settings_saved_at: Mapped[datetime | None]
    rehearsed_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = column(default=False)
    sign_in_open: Mapped[bool] = column(default=False)
    # When sign-in first opened: before it, the screen says sign-in has not started.
    sign_in_opened_at: Mapped[datetime | None]
    sign_in_required: Mapped[bool] = column(default=True)
    quorum_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    threshold_basis: Mapped[str] = column(sa.String(16), default="expected")
    threshold_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    validity_fraction: Mapped[str] = column(sa.String(16), default="1/2")
    screen_key: Mapped[str] = column(sa.String(64))
    # What the hall screen shows: "auto" follows the ballots, or a scene the desk picked.
    screen_scene: Mapped[str] = column(sa.String(20), default="auto")
    default_display: Mapped[str] = column(sa.String(10), default="turnout")
    one_phone_per_card: Mapped[bool] = column(default=False)
    rehearsal: Mapped[bool] = column(default=False)  # 演练: everything says so; data can be wiped

    delegations: Mapped[list["Delegation"]] = orm.relationship(
        back_populates="meeting", order_by="Delegation.position"
    )
    ballots: Mapped[list["Ballot"]] = orm.relationship(
        back_populates="meeting", order_by="Ballot.id"
    )


class Delegation(Base):
    __tablename__ = "delegations"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = column(sa.String(100))
    position: Mapped[int] = column(default=0)

    meeting: Mapped[Meeting] = orm.relationship(back_populates="delegations")


class Deputy(Base):
    __tablename__ = "deputies"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    delegation_id: Mapped[int | None] = column(sa.ForeignKey("delegations.id"))
    name: Mapped[str] = column(sa.String(50))
    seat: Mapped[str] = column(sa.String(30), default="")
    on_leave: Mapped[bool] = column(default=False)
    # SHA-256 of the card's 128-bit token; the token itself is never stored.
    token_hash: Mapped[str | None] = column(sa.String(64), unique=True)
    token_revoked: Mapped[bool] = column(default=False)
    # The short code printed under the QR code, to type when the camera fails (hashed too).
    short_code_hash: Mapped[str | None] = column(sa.String(64), unique=True)
    # One phone per card: the hash of the device cookie of the phone that holds the card.
    device_hash: Mapped[str | None] = column(sa.String(64))
    note: Mapped[str] = column(sa.String(200), default="")
    signed_in_at: Mapped[datetime | None]
    # "self" (the phone), "self:leave_cleared" (the phone of a deputy on leave, which cleared
    # the leave) or "desk:<user>". Marking a deputy on leave takes the sign-in back.
    signed_in_by: Mapped[str | None] = column(sa.String(50))

    meeting: Mapped[Meeting] = orm.relationship()
    delegation: Mapped[Delegation | None] = orm.relationship()


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


class RetiredCard(Base):
    """The hash of a card token that a newer card replaced, so its old link can say so."""

    __tablename__ = "retired_cards"

    token_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    retired_at: Mapped[datetime]


class User(Base):
    """A secretariat account."""

    __tablename__ = "users"

    id: Mapped[int] = column(primary_key=True)
    username: Mapped[str] = column(sa.String(50), unique=True)
    password_hash: Mapped[str] = column(sa.String(255))
    role: Mapped[str] = column(sa.String(20), default="admin")


class DeskSession(Base):
    """A desk login, named by the hash of the random key its session cookie holds.

    Every desk request and /desk socket is checked against it: logout, idle time, a new
    password and the account's removal delete the row, so a saved cookie stops working.
    """

    __tablename__ = "desk_sessions"

    key_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime]


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


class AuditEntry(Base):
    """What the desk did: who, when, what, before and after (never what a deputy chose).

    Append-only and hash-chained: each entry's hash covers the previous entry's hash.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = column(sa.String(50))
    action: Mapped[str] = column(sa.String(50))
    detail: Mapped[str] = column(sa.Text, default="")
    prev_hash: Mapped[str] = column(sa.String(64), default="")
    entry_hash: Mapped[str] = column(sa.String(64), default="")


class PendingImport(Base):
    """An uploaded file parsed and shown as a preview, waiting for the desk to confirm it.

    Kept in the database (not in memory) so the confirm may reach another server process.
    """

    __tablename__ = "pending_imports"

    token_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    kind: Mapped[str] = column(sa.String(20))  # "roster", "candidates" or "projects"
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    filename: Mapped[str] = column(sa.String(200), default="")
    payload: Mapped[str] = column(sa.Text)  # JSON of the parsed rows
    created_by: Mapped[str] = column(sa.String(50), default="")
    created_at: Mapped[datetime]


class CodeAttempt(Base):
    """A wrong short code typed on /c, kept a few minutes to rate-limit guessing per phone
    (its device cookie) and, with a much higher ceiling, per address."""

    __tablename__ = "code_attempts"

    id: Mapped[int] = column(primary_key=True)
    address: Mapped[str] = column(sa.String(64), index=True)
    device: Mapped[str | None] = column(sa.String(64), index=True)  # hash of hall_device
    code_hash: Mapped[str] = column(sa.String(64), default="")  # the same code counts once
    at: Mapped[datetime] = column(index=True)
