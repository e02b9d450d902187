"""From proposals to candidates: a candidate made from accepted proposals, or matched to them
after the government's list is imported; and each candidate's provenance (来源)."""

from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from hall.base.errors import HallError, not_found
from hall.base.ids import body_id
from hall.meeting.current import check_current
from hall.projects.candidates import check_candidates_unlocked, project_votes
from hall.proposals.desk import proposal_of
from hall.proposals.intake import count_supports
from hall.proposals.texts import text_field
from hall.proposals.words import ACCEPTED, ANSWERED
from hall.store import audit
from hall.store.models import BallotItem, Candidate, Meeting, Proposal

MAX_SOURCES = 500
MAX_BUDGET = Decimal("1e9")  # 万元


def _accepted(session, meeting: Meeting, ids) -> list[Proposal]:
    if not isinstance(ids, list) or not 1 <= len(ids) <= MAX_SOURCES:
        raise HallError("bad_request", f"请选择 1 到 {MAX_SOURCES} 条建议")
    wanted = dict.fromkeys(body_id(i, "proposal_ids", "建议") for i in ids)
    rows = [proposal_of(session, meeting, i) for i in wanted]
    for row in rows:
        if row.state != ANSWERED or row.answer not in ACCEPTED:
            raise HallError(
                "proposal_not_accepted", f"建议「{row.title}」尚未被采纳或部分采纳", 409
            )
    return rows


def _budget(value) -> float | None:
    if value in (None, ""):
        return None
    number = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip()[:40])
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or not 0 <= number < MAX_BUDGET:
        raise HallError("bad_budget", "预算应为不小于 0 的数字（万元）")
    return float(number)


def candidate_from_proposals(session, meeting: Meeting, body: dict, actor: str) -> Candidate:
    """A new candidate at the end of the list (and of the draft project vote), with sources."""
    check_current(meeting)
    check_candidates_unlocked(session, meeting)
    rows = _accepted(session, meeting, body.get("proposal_ids"))
    name = body.get("name")
    if not isinstance(name, str) or not 2 <= len(name.strip()) <= 200:
        raise HallError("bad_name", "项目名称应为 2 到 200 个字")
    last = session.scalar(
        sa.select(sa.func.max(Candidate.position)).where(Candidate.meeting_id == meeting.id)
    )
    candidate = Candidate(
        meeting_id=meeting.id,
        position=(last or 0) + 1,
        name=name.strip(),
        lead_department=text_field(body, "lead_department", "department"),
        summary=text_field(body, "summary", "introduction"),
        budget=_budget(body.get("budget")),
    )
    session.add(candidate)
    session.flush()
    for ballot in project_votes(session, meeting):
        if ballot.parent_id is None:
            session.add(
                BallotItem(
                    ballot_id=ballot.id, position=candidate.position, candidate_id=candidate.id
                )
            )
    _link(rows, candidate)
    audit.record(
        session,
        actor,
        "candidate_from_proposals",
        candidate=candidate.name,
        proposals=[row.code for row in rows],
    )
    return candidate


def match(session, meeting: Meeting, candidate_id: int, body: dict, actor: str) -> Candidate:
    """Link accepted proposals to an imported candidate (allowed while the vote is a draft)."""
    check_current(meeting)
    check_candidates_unlocked(session, meeting)
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.meeting_id != meeting.id:
        raise not_found("候选项目")
    rows = _accepted(session, meeting, body.get("proposal_ids"))
    _link(rows, candidate)
    audit.record(
        session,
        actor,
        "candidate_match_proposals",
        candidate=candidate.name,
        proposals=[row.code for row in rows],
    )
    return candidate


def _link(rows: list[Proposal], candidate: Candidate) -> None:
    for row in rows:
        row.candidate_id = candidate.id


def provenance(session, candidate_ids) -> dict[int, dict]:
    """Per candidate: proposals by source (merged ones counted in), supports, and the line
    "来源：群众建议 37 条、代表建议 5 条，附议 1,204 人"."""
    ids = list(candidate_ids)
    if not ids:
        return {}
    linked = session.execute(
        sa.select(Proposal.candidate_id, Proposal.id).where(Proposal.candidate_id.in_(ids))
    ).all()
    found: dict[int, dict] = {}
    for candidate_id, proposal_id in linked:
        entry = found.setdefault(candidate_id, {"public": 0, "deputy": 0, "supports": 0, "ids": []})
        entry["ids"].append(proposal_id)
    for entry in found.values():
        _count_sources(session, entry)
        entry["text"] = provenance_text(entry)
    return found


def _count_sources(session, entry: dict) -> None:
    ids = list(entry.pop("ids"))
    frontier = ids
    while frontier:  # the linked proposals and all merged into them
        frontier = list(
            session.scalars(sa.select(Proposal.id).where(Proposal.merged_into_id.in_(frontier)))
        )
        ids.extend(frontier)
    for source, count in session.execute(
        sa.select(Proposal.source, sa.func.count())
        .where(Proposal.id.in_(ids))
        .group_by(Proposal.source)
    ):
        entry[source] = count
    entry["supports"] = count_supports(session, ids)


def provenance_text(entry: dict) -> str:
    parts = []
    if entry["public"]:
        parts.append(f"群众建议 {entry['public']:,} 条")
    if entry["deputy"]:
        parts.append(f"代表建议 {entry['deputy']:,} 条")
    text = "来源：" + "、".join(parts)
    return text + (f"，附议 {entry['supports']:,} 人" if entry["supports"] else "")
