"""The collection round (征集) of a meeting: dates, introduction, editable areas; open or not."""

from datetime import date

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError
from hall.meeting.current import check_current
from hall.proposals.texts import text_field
from hall.proposals.words import DEFAULT_AREAS, MAX_AREA_LENGTH, MAX_AREAS
from hall.store import audit
from hall.store.models import Meeting, ProposalRound


def round_of(session, meeting: Meeting) -> ProposalRound | None:
    return session.scalar(sa.select(ProposalRound).where(ProposalRound.meeting_id == meeting.id))


def areas_of(collection: ProposalRound | None) -> list[str]:
    if collection is None or not collection.areas.strip():
        return list(DEFAULT_AREAS)
    return [line for line in collection.areas.split("\n") if line]


def state_of(collection: ProposalRound | None, today: date | None = None) -> str:
    """not_set / not_yet / collecting / ended."""
    if collection is None or collection.opens_on is None or collection.closes_on is None:
        return "not_set"
    today = today or utcnow().date()
    if today < collection.opens_on:
        return "not_yet"
    return "collecting" if today <= collection.closes_on else "ended"


STATE_WORDS = {
    "not_set": "征集尚未开始",
    "not_yet": "征集尚未开始",
    "collecting": "征集进行中",
    "ended": "征集已结束",
}


def describe(collection: ProposalRound | None, meeting: Meeting) -> dict:
    state = state_of(collection)
    return {
        "meeting": meeting.name,
        "title": (collection.title if collection else "") or f"{meeting.year}年民生实事项目征集",
        "opens_on": collection.opens_on.isoformat() if collection and collection.opens_on else None,
        "closes_on": (
            collection.closes_on.isoformat() if collection and collection.closes_on else None
        ),
        "introduction": collection.introduction if collection else "",
        "areas": areas_of(collection),
        "state": state,
        "state_text": STATE_WORDS[state],
    }


def check_open(collection: ProposalRound | None) -> None:
    state = state_of(collection)
    if state != "collecting":
        raise HallError("round_closed", f"{STATE_WORDS[state]}，现在不能提交建议", 409)


def save_round(session, meeting: Meeting, body: dict, actor: str) -> ProposalRound:
    """Set the round's fields present in `body` (dates as YYYY-MM-DD, areas as a list)."""
    check_current(meeting)
    collection = round_of(session, meeting) or ProposalRound(meeting_id=meeting.id)
    if "title" in body:
        collection.title = text_field(body, "title", "round_title")
    if "introduction" in body:
        collection.introduction = text_field(body, "introduction")
    for key in ("opens_on", "closes_on"):
        if key in body:
            setattr(collection, key, _date(body[key]))
    if "areas" in body:
        collection.areas = "\n".join(_areas(body["areas"]))
    if collection.opens_on and collection.closes_on and collection.closes_on < collection.opens_on:
        raise HallError("bad_dates", "截止日期不能早于开始日期")
    session.add(collection)
    session.flush()
    shown = describe(collection, meeting)
    audit.record(
        session,
        actor,
        "proposal_round",
        **{k: shown[k] for k in ("title", "opens_on", "closes_on", "areas")},
    )
    return collection


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise HallError("bad_date", "日期格式不正确，应为 YYYY-MM-DD")


def _areas(value) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > MAX_AREAS:
        raise HallError("bad_areas", f"领域应为 1 到 {MAX_AREAS} 个名称")
    areas = []
    for area in value:
        if not isinstance(area, str) or not area.strip() or len(area.strip()) > MAX_AREA_LENGTH:
            raise HallError("bad_areas", f"每个领域名称 1 到 {MAX_AREA_LENGTH} 个字")
        if area.strip() not in areas:
            areas.append(area.strip())
    return areas
