"""The desk's work on proposals: the queue with its filters and pages, one proposal in full,
hide with a reason, merge duplicates, assign the lead department, answer."""

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError, not_found
from hall.base.ids import body_id
from hall.meeting.current import check_current
from hall.proposals.intake import count_supports, group_ids
from hall.proposals.texts import masked_phone, text_field
from hall.proposals.words import (
    ANSWERED,
    ANSWERS,
    CHANNELS,
    HIDDEN,
    MERGED,
    PAGE_SIZES,
    RECEIVED,
    SOURCES,
    STATES,
)
from hall.store import audit
from hall.store.models import Meeting, Proposal

MAX_MERGE = 200


def _text_arg(args, key: str, most: int = 60) -> str:
    value = args.get(key, "")
    return value.strip()[:most] if isinstance(value, str) else ""


def queue(session, meeting: Meeting, args) -> dict:
    """A page of the queue, newest first, filtered by area, channel, state, station and text."""
    query = sa.select(Proposal).where(Proposal.meeting_id == meeting.id)
    for key, column in (("area", Proposal.area), ("station", Proposal.station)):
        if value := _text_arg(args, key):
            query = query.where(column == value)
    if (channel := _text_arg(args, "channel")) in CHANNELS:
        query = query.where(Proposal.channel == channel)
    if (state := _text_arg(args, "state")) in STATES:
        query = query.where(Proposal.state == state)
    if text := _text_arg(args, "q"):
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            Proposal.title.like(pattern, escape="\\") | Proposal.body.like(pattern, escape="\\")
        )
    per_page = _int_arg(args, "per_page", PAGE_SIZES[0])
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    page = min(max(1, _int_arg(args, "page", 1)), max(1, -(-total // per_page)))
    rows = session.scalars(
        query.order_by(Proposal.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "proposals": [summary(row) for row in rows],
    }


def _int_arg(args, key: str, default: int) -> int:
    value = args.get(key, "")
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 7:
        return int(value)
    return default


def summary(proposal: Proposal) -> dict:
    return {
        "id": proposal.id,
        "code": proposal.code,
        "source": proposal.source,
        "source_text": SOURCES[proposal.source],
        "channel": proposal.channel,
        "channel_text": CHANNELS.get(proposal.channel, proposal.channel),
        "station": proposal.station,
        "constituents": proposal.constituents,
        "deputy": proposal.deputy_name,
        "area": proposal.area,
        "title": proposal.title,
        "state": proposal.state,
        "state_text": STATES[proposal.state],
        "hidden_reason": proposal.hidden_reason,
        "merged_into": proposal.merged_into_id,
        "department": proposal.department,
        "answer": proposal.answer,
        "answer_text": ANSWERS.get(proposal.answer, ""),
        "candidate_id": proposal.candidate_id,
        "supports": proposal.support_total,
        "created_at": proposal.created_at.isoformat(timespec="seconds"),
    }


def proposal_of(session, meeting: Meeting, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.meeting_id != meeting.id:
        raise not_found("建议")
    return proposal


def detail(session, meeting: Meeting, proposal_id: int, full_phone: bool) -> dict:
    """One proposal in full; the phone number unmasked only when `full_phone` (the admin)."""
    proposal = proposal_of(session, meeting, proposal_id)
    shown = summary(proposal)
    merged = session.scalars(
        sa.select(Proposal).where(Proposal.merged_into_id == proposal.id).order_by(Proposal.id)
    ).all()
    phone = proposal.proposer_phone
    shown |= {
        "body": proposal.body,
        "reason": proposal.reason,
        "answer_reason": proposal.answer_reason,
        "proposer_name": proposal.proposer_name,
        "proposer_phone": phone if full_phone else masked_phone(phone),
        "merged_from": [summary(row) for row in merged],
    }
    return shown


def hide(session, meeting: Meeting, proposal_id: int, body: dict, actor: str) -> Proposal:
    check_current(meeting)
    proposal = proposal_of(session, meeting, proposal_id)
    reason = text_field(body, "reason", "hidden_reason")
    if proposal.state == MERGED:
        raise HallError("proposal_merged", "该建议已合并，请处理合并后的建议", 409)
    proposal.state, proposal.hidden_reason = HIDDEN, reason
    audit.record(session, actor, "proposal_hide", proposal=proposal.code, reason=reason)
    return proposal


def merge(session, meeting: Meeting, body: dict, actor: str) -> Proposal:
    """Merge `source_ids` into `target_id`: sources keep their rows and supports, and point at
    the target, whose support count becomes the distinct devices of the whole group."""
    check_current(meeting)
    target_id = body_id(body.get("target_id"), "target_id", "建议")
    sources = body.get("source_ids")
    if not isinstance(sources, list) or not 1 <= len(sources) <= MAX_MERGE:
        raise HallError("bad_request", f"请选择 1 到 {MAX_MERGE} 条要合并的建议")
    ids = {body_id(source, "source_ids", "建议") for source in sources}
    if target_id in ids:
        raise HallError("bad_request", "不能把建议合并到它自己")
    target = _live(proposal_of(session, meeting, target_id))
    rows = [_live(proposal_of(session, meeting, source)) for source in sorted(ids)]
    for row in rows:
        row.state, row.merged_into_id = MERGED, target.id
    session.flush()
    target.support_total = count_supports(session, group_ids(session, target))
    audit.record(session, actor, "proposal_merge", into=target.code, sources=[r.code for r in rows])
    return target


def _live(proposal: Proposal) -> Proposal:
    if proposal.state in (MERGED, HIDDEN):
        raise HallError("proposal_not_open", f"建议「{proposal.title}」已合并或未公开", 409)
    return proposal


def assign(session, meeting: Meeting, proposal_id: int, body: dict, actor: str) -> Proposal:
    check_current(meeting)
    proposal = proposal_of(session, meeting, proposal_id)
    proposal.department = text_field(body, "department")
    audit.record(
        session, actor, "proposal_department", proposal=proposal.code, to=proposal.department
    )
    return proposal


def answer(session, meeting: Meeting, proposal_id: int, body: dict, actor: str) -> Proposal:
    """采纳 / 部分采纳 / 暂不采纳, with the reason the proposer will read."""
    check_current(meeting)
    proposal = proposal_of(session, meeting, proposal_id)
    verdict = body.get("answer")
    if not isinstance(verdict, str) or verdict not in ANSWERS:
        raise HallError("bad_answer", "请选择答复：采纳、部分采纳或暂不采纳")
    reason = text_field(body, "reason", "answer_reason")
    if proposal.state in (MERGED, HIDDEN):
        raise HallError("proposal_not_open", "已合并或未公开的建议不能答复", 409)
    proposal.state, proposal.answer, proposal.answer_reason = ANSWERED, verdict, reason
    proposal.answered_at = utcnow()
    audit.record(session, actor, "proposal_answer", proposal=proposal.code, answer=verdict)
    return proposal


def unhide(session, meeting: Meeting, proposal_id: int, actor: str) -> Proposal:
    check_current(meeting)
    proposal = proposal_of(session, meeting, proposal_id)
    if proposal.state == HIDDEN:
        proposal.state = ANSWERED if proposal.answer else RECEIVED
        proposal.hidden_reason = ""
        audit.record(session, actor, "proposal_unhide", proposal=proposal.code)
    return proposal
