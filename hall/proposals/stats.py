"""Statistics of a meeting's proposals: by area, channel, source, state, answer and day."""

import sqlalchemy as sa

from hall.proposals.words import ANSWERS, CHANNELS, SOURCES, STATES
from hall.store.models import Meeting, Proposal, ProposalSupport


def _counts(session, meeting: Meeting, column) -> dict[str, int]:
    rows = session.execute(
        sa.select(column, sa.func.count())
        .where(Proposal.meeting_id == meeting.id)
        .group_by(column)
        .order_by(column)
    ).all()
    return {str(key or ""): count for key, count in rows}


def statistics(session, meeting: Meeting) -> dict:
    by_day: dict[str, int] = {}
    for created in session.scalars(
        sa.select(Proposal.created_at).where(Proposal.meeting_id == meeting.id)
    ):
        day = created.date().isoformat()
        by_day[day] = by_day.get(day, 0) + 1
    supports = session.scalar(
        sa.select(sa.func.count())
        .select_from(ProposalSupport)
        .join(Proposal, Proposal.id == ProposalSupport.proposal_id)
        .where(Proposal.meeting_id == meeting.id)
    )
    channels = _counts(session, meeting, Proposal.channel)
    answers = _counts(session, meeting, Proposal.answer)
    return {
        "total": sum(channels.values()),
        "supports": supports,
        "by_area": _counts(session, meeting, Proposal.area),
        "by_channel": {CHANNELS.get(key, key): n for key, n in channels.items()},
        "by_source": {
            SOURCES.get(k, k): n for k, n in _counts(session, meeting, Proposal.source).items()
        },
        "by_state": {
            STATES.get(k, k): n for k, n in _counts(session, meeting, Proposal.state).items()
        },
        "by_answer": {ANSWERS[key]: n for key, n in answers.items() if key in ANSWERS},
        "by_day": dict(sorted(by_day.items())),
    }
