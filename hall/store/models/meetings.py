"""The meeting, its delegations and deputies, and the cards taken back from them."""

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
    # "Ballot" lives in ballots.py, which imports this module; the mapper finds it by name.
    ballots: Mapped[list["Ballot"]] = orm.relationship(  # noqa: F821
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


class RetiredCard(Base):
    """The hash of a card token that a newer card replaced, so its old link can say so."""

    __tablename__ = "retired_cards"

    token_hash: Mapped[str] = column(sa.String(64), primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    retired_at: Mapped[datetime]
