"""Similar proposals while a title is typed: the proposals sharing the most pairs of
characters with it (an index on (meeting, pair) keeps this fast at tens of thousands)."""

import sqlalchemy as sa

from hall.proposals.texts import grams
from hall.proposals.words import HIDDEN, MERGED
from hall.store.models import Meeting, Proposal, ProposalGram

MAX_RESULTS = 5
MAX_QUERY = 40  # characters of the typed title looked at


def similar(session, meeting: Meeting, text: str, limit: int = MAX_RESULTS) -> list[dict]:
    wanted = grams(text[:MAX_QUERY])
    if not wanted:
        return []
    shared = sa.func.count().label("shared")
    best = (
        sa.select(ProposalGram.proposal_id, shared)
        .where(ProposalGram.meeting_id == meeting.id, ProposalGram.gram.in_(wanted))
        .group_by(ProposalGram.proposal_id)
        .order_by(shared.desc(), ProposalGram.proposal_id.desc())
        .limit(limit * 4)
        .subquery()
    )
    rows = session.execute(
        sa.select(Proposal, best.c.shared)
        .join(best, best.c.proposal_id == Proposal.id)
        .where(Proposal.state.not_in((HIDDEN, MERGED)))
        .order_by(best.c.shared.desc(), Proposal.id.desc())
    ).all()
    least = max(1, len(wanted) // 3)  # a third of the pairs in common, or it is not similar
    return [
        {
            "id": proposal.id,
            "title": proposal.title,
            "area": proposal.area,
            "supports": proposal.support_total,
            "shared": shared_count,
        }
        for proposal, shared_count in rows
        if shared_count >= least
    ][:limit]
