"""Taking proposals in: from the public page (with its tracking code) and from a deputy's phone
(a station's proposal, attributed to the deputy); and 附议, one per device."""

import secrets

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError, not_found
from hall.proposals.rounds import areas_of, check_open, round_of
from hall.proposals.texts import fingerprint, grams, phone_field, text_field
from hall.proposals.words import (
    DEPUTY_CHANNELS,
    HIDDEN,
    MAX_CONSTITUENTS,
    MERGED,
    ONLINE,
)
from hall.store.models import Deputy, Meeting, Proposal, ProposalGram, ProposalSupport

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud, typed back


def new_code() -> str:
    """A tracking code like JY-7K3Q-9XMD (40 random bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"JY-{raw[:4]}-{raw[4:]}"


def normal_code(code: str) -> str:
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    plain = plain.removeprefix("JY")
    return f"JY-{plain[:4]}-{plain[4:]}" if len(plain) == 8 else ""


def _fields(session, meeting: Meeting, body: dict, collection=None) -> dict:
    area = body.get("area")
    collection = collection or round_of(session, meeting)
    if not isinstance(area, str) or area not in areas_of(collection):
        raise HallError("bad_area", "请选择建议所属的领域")
    fields = {
        "area": area,
        "title": text_field(body, "title"),
        "body": text_field(body, "body"),
        "reason": text_field(body, "reason"),
    }
    fields["fingerprint"] = fingerprint(fields["title"], fields["body"])
    return fields


def _check_not_duplicate(session, meeting: Meeting, print_: str) -> None:
    twin = session.scalar(
        sa.select(Proposal)
        .where(Proposal.meeting_id == meeting.id, Proposal.fingerprint == print_)
        .limit(1)
    )
    if twin is not None:
        target = followed(session, twin)
        problems = [] if target.state == HIDDEN else [{"id": target.id, "title": target.title}]
        raise HallError(
            "duplicate_text",
            "已有内容相同的建议，您可以为它附议，不必重复提交",
            409,
            problems,
        )


def _store(session, meeting: Meeting, fields: dict, **more) -> Proposal:
    proposal = Proposal(
        meeting_id=meeting.id, code=new_code(), created_at=utcnow(), **fields, **more
    )
    session.add(proposal)
    session.flush()
    pairs = [
        {"proposal_id": proposal.id, "gram": gram, "meeting_id": meeting.id}
        for gram in grams(proposal.title)
    ]
    session.execute(sa.insert(ProposalGram), pairs)  # many rows: Core, not one object each
    return proposal


def submit_public(session, meeting: Meeting, body: dict) -> Proposal:
    """A visitor's proposal, with the optional name and phone behind the consent line."""
    collection = round_of(session, meeting)
    check_open(collection)
    fields = _fields(session, meeting, body, collection)
    name = text_field(body, "proposer_name")
    phone = phone_field(body)
    if (name or phone) and body.get("consent") is not True:
        raise HallError("consent_needed", "留下姓名或电话前，请先勾选同意联系的说明")
    _check_not_duplicate(session, meeting, fields["fingerprint"])
    return _store(
        session,
        meeting,
        fields,
        source="public",
        channel=ONLINE,
        proposer_name=name,
        proposer_phone=phone,
    )


def submit_deputy(session, deputy: Deputy, body: dict) -> Proposal:
    """A proposal a deputy collected face to face (the round's dates do not bind a deputy)."""
    meeting = deputy.meeting
    channel = body.get("channel")
    if not isinstance(channel, str) or channel not in DEPUTY_CHANNELS:
        raise HallError("bad_channel", "请选择收集渠道")
    constituents = body.get("constituents", 1)
    if (
        isinstance(constituents, bool)
        or not isinstance(constituents, int)
        or not 1 <= constituents <= MAX_CONSTITUENTS
    ):
        raise HallError("bad_constituents", "反映人数应为 1 到 100000 的整数")
    fields = _fields(session, meeting, body)
    station = text_field(body, "station")
    _check_not_duplicate(session, meeting, fields["fingerprint"])
    return _store(
        session,
        meeting,
        fields,
        source="deputy",
        channel=channel,
        station=station,
        constituents=constituents,
        deputy_id=deputy.id,
        deputy_name=deputy.name,
    )


def followed(session, proposal: Proposal) -> Proposal:
    """The proposal a merged one now lives in (merges point at most a few steps)."""
    for _ in range(20):
        if proposal.state != MERGED or proposal.merged_into_id is None:
            break
        proposal = session.get(Proposal, proposal.merged_into_id)
    return proposal


def support(session, meeting: Meeting, proposal_id: int, device: str) -> tuple[Proposal, bool]:
    """附议 from a device: once per device per proposal (a merged one counts for its target).
    Answers the proposal supported and whether this was a new support."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.meeting_id != meeting.id:
        raise not_found("建议")
    proposal = followed(session, proposal)
    if proposal.state == HIDDEN:
        raise not_found("建议")
    check_open(round_of(session, meeting))
    group = group_ids(session, proposal)
    already = session.scalar(
        sa.select(sa.func.count())
        .select_from(ProposalSupport)
        .where(ProposalSupport.proposal_id.in_(group), ProposalSupport.device == device)
    )
    if already:
        return proposal, False
    session.add(ProposalSupport(proposal_id=proposal.id, device=device, created_at=utcnow()))
    session.flush()
    proposal.support_total = count_supports(session, group)
    return proposal, True


def group_ids(session, proposal: Proposal) -> list[int]:
    """The proposal and every proposal merged into it, however deep."""
    found, frontier = [proposal.id], [proposal.id]
    while frontier:
        frontier = list(
            session.scalars(sa.select(Proposal.id).where(Proposal.merged_into_id.in_(frontier)))
        )
        found.extend(frontier)
    return found


def count_supports(session, ids: list[int]) -> int:
    return session.scalar(
        sa.select(sa.func.count(sa.distinct(ProposalSupport.device))).where(
            ProposalSupport.proposal_id.in_(ids)
        )
    )
