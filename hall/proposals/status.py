"""What a tracking code shows the proposer: state, answer and reason, department, and the
candidate made from it. (Whether that candidate was 入选 is for the caller to add: it comes
from the published result, a floor above.)"""

import sqlalchemy as sa

from hall.base.errors import not_found
from hall.proposals.intake import followed, normal_code
from hall.proposals.words import ANSWERS, CHANNELS, HIDDEN, MERGED, STATES
from hall.store.models import Proposal


def by_code(session, code: str) -> Proposal:
    plain = normal_code(code) if isinstance(code, str) and len(code) <= 30 else ""
    proposal = plain and session.scalar(sa.select(Proposal).where(Proposal.code == plain))
    if not proposal:
        raise not_found("建议（请核对查询码）")
    return proposal


def public_status(session, proposal: Proposal) -> dict:
    """The proposer's view; a merged proposal shows where it went and that one's answer."""
    target = followed(session, proposal)
    shown = {
        "code": proposal.code,
        "title": proposal.title,
        "area": proposal.area,
        "channel_text": CHANNELS.get(proposal.channel, ""),
        "submitted_on": proposal.created_at.date().isoformat(),
        "state": proposal.state,
        "state_text": STATES[proposal.state],
        "hidden_reason": proposal.hidden_reason if proposal.state == HIDDEN else "",
        "merged_into": None,
        "supports": target.support_total,
        "department": target.department,
        "answer": target.answer,
        "answer_text": ANSWERS.get(target.answer, ""),
        "answer_reason": target.answer_reason,
        "candidate_id": target.candidate_id,
    }
    if proposal.state == MERGED and target.id != proposal.id:
        shown["merged_into"] = {"title": target.title, "state_text": STATES[target.state]}
    return shown
