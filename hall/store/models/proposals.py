"""问需于民: the collection round (征集), the proposals from the public and the deputies, their
supports (附议, one per device), the title's character pairs for the similar search, and the
link from a candidate back to the proposals it was made from."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.db import Base

Mapped = orm.Mapped
column = orm.mapped_column


class ProposalRound(Base):
    """A meeting's collection round: its dates, introduction and areas (领域, one a line)."""

    __tablename__ = "proposal_rounds"

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), unique=True)
    title: Mapped[str] = column(sa.String(100), default="")
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    introduction: Mapped[str] = column(sa.Text, default="")
    areas: Mapped[str] = column(sa.Text, default="")


class Proposal(Base):
    """One proposal (建议): from the public page (source public) or a deputy (source deputy)."""

    __tablename__ = "proposals"
    __table_args__ = (
        sa.Index("ix_proposals_queue", "meeting_id", "state", "id"),
        sa.Index("ix_proposals_area", "meeting_id", "area", "id"),
        sa.Index("ix_proposals_channel", "meeting_id", "channel", "id"),
        sa.Index("ix_proposals_fingerprint", "meeting_id", "fingerprint"),
    )

    id: Mapped[int] = column(primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"), index=True)
    code: Mapped[str] = column(sa.String(20), unique=True)  # the tracking code
    source: Mapped[str] = column(sa.String(10))  # public / deputy
    channel: Mapped[str] = column(sa.String(20))  # online / station / reception / grid / other
    station: Mapped[str] = column(sa.String(60), default="")
    constituents: Mapped[int] = column(default=0)
    deputy_id: Mapped[int | None] = column(sa.ForeignKey("deputies.id"), index=True)
    deputy_name: Mapped[str] = column(sa.String(50), default="")  # kept if the roster is replaced
    area: Mapped[str] = column(sa.String(20))
    title: Mapped[str] = column(sa.String(60))
    body: Mapped[str] = column(sa.Text)  # what and where
    reason: Mapped[str] = column(sa.Text, default="")  # why
    proposer_name: Mapped[str] = column(sa.String(30), default="")
    proposer_phone: Mapped[str] = column(sa.String(20), default="")
    fingerprint: Mapped[str] = column(sa.String(64))  # of the normalised text: duplicates
    created_at: Mapped[datetime]
    state: Mapped[str] = column(
        sa.String(12), default="received"
    )  # received/hidden/merged/answered
    hidden_reason: Mapped[str] = column(sa.String(200), default="")
    merged_into_id: Mapped[int | None] = column(sa.ForeignKey("proposals.id"), index=True)
    department: Mapped[str] = column(sa.String(100), default="")
    answer: Mapped[str] = column(sa.String(12), default="")  # adopted / partly / declined
    answer_reason: Mapped[str] = column(sa.Text, default="")
    answered_at: Mapped[datetime | None]
    candidate_id: Mapped[int | None] = column(sa.ForeignKey("candidates.id"), index=True)
    support_total: Mapped[int] = column(default=0)  # distinct devices, merged sources included


class ProposalSupport(Base):
    """One 附议: a device (a random cookie, kept hashed) behind one proposal, once."""

    __tablename__ = "proposal_supports"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "device", name="uq_support_device"),)

    id: Mapped[int] = column(primary_key=True)
    proposal_id: Mapped[int] = column(sa.ForeignKey("proposals.id"))
    device: Mapped[str] = column(sa.String(64))
    created_at: Mapped[datetime]


class ProposalGram(Base):
    """A pair of characters of a proposal's title: the similar search looks these up."""

    __tablename__ = "proposal_grams"
    __table_args__ = (sa.Index("ix_proposal_grams_gram", "meeting_id", "gram"),)

    proposal_id: Mapped[int] = column(sa.ForeignKey("proposals.id"), primary_key=True)
    gram: Mapped[str] = column(sa.String(2), primary_key=True)
    meeting_id: Mapped[int] = column(sa.ForeignKey("meetings.id"))
