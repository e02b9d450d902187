"""Drafting a ballot at the desk: what stands on it and its settings, all frozen once it opens."""

import sqlalchemy as sa

from hall.ballots.factory import new_ballot
from hall.ballots.life import COUNTDOWN_MESSAGE, STATE_NAMES, within_countdown_limits
from hall.base.errors import HallError
from hall.rules.kinds import BALLOT_KINDS, KINDS, PROJECT_VOTE, default_kind, forms_of, kind_of
from hall.rules.words import WORDS
from hall.store import audit
from hall.store.models import Ballot, BallotItem, Candidate, Meeting, Project

DISPLAYS = ("live", "turnout", "hidden")
EDITABLE = (
    "title",
    "items",
    "form",
    "places",
    "display",
    "secret",
    "require_sign_in",
    "countdown_seconds",
    "paper_two_person",
)
MAX_PLACES = 1000  # far above any candidate list; a whole number the database can hold
_ITEM_MODELS = {"candidates": Candidate, "projects": Project}  # Kind.items_from


def frozen(ballot: Ballot) -> HallError:
    state = STATE_NAMES.get(ballot.state, ballot.state)
    message = f"「{ballot.title}」{state}，设置已锁定，不能再修改"
    return HallError("ballot_frozen", message, 409)


def create_draft(session, meeting: Meeting, actor: str, fields: dict) -> Ballot:
    """A new draft on the meeting's candidates (票决) or completed projects (测评)."""
    kind = fields.get("kind", PROJECT_VOTE)
    if kind not in BALLOT_KINDS:
        named = " 或 ".join(f"{name}（{WORDS['kinds'][name]}）" for name in BALLOT_KINDS)
        raise HallError("bad_request", f"投票类型只能是 {named}", 400)
    choices = _choices(session, meeting, kind)
    places = {"places": min(10, len(choices))} if default_kind(kind).has_places else {}
    ballot = new_ballot(session, meeting, kind, **places)
    changes = {key: value for key, value in fields.items() if key != "kind"}
    changes.setdefault("items", [item_id for item_id, _ in choices])
    _apply(session, ballot, changes, choices)
    audit.record(session, actor, "ballot_create", ballot=ballot.id, after=settings(ballot))
    return ballot


def update_draft(session, ballot: Ballot, actor: str, changes: dict) -> Ballot:
    """Change a draft's settings; `ballot_frozen` once it has opened."""
    if ballot.state != "draft":
        raise frozen(ballot)
    if ballot.parent_id is not None and ({"items", "places"} & set(changes)):
        raise HallError(
            "bad_request", "重新票决的候选项目和名额由上一轮的并列结果决定，不能修改", 400
        )
    before = settings(ballot)
    _apply(session, ballot, changes, _choices(session, ballot.meeting, ballot.kind))
    after = settings(ballot)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        audit.record(
            session,
            actor,
            "ballot_edit",
            ballot=ballot.id,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return ballot


def settings(ballot: Ballot) -> dict:
    """What the desk can edit on a draft, as the audit trail records it."""
    return {
        "title": ballot.title,
        "items": [item.item_id for item in ballot.items],
        "form": ballot.form,
        "places": ballot.places,
        "display": ballot.display,
        "secret": ballot.secret,
        "require_sign_in": ballot.require_sign_in,
        "countdown_seconds": ballot.countdown_seconds,
        "paper_two_person": ballot.paper_two_person,
    }


def draft_view(ballot: Ballot) -> dict:
    """The ballot as the editor shows it: its settings and the items on it, with names."""
    return {
        **settings(ballot),
        "id": ballot.id,
        "kind": ballot.kind,
        "state": ballot.state,
        "parent_id": ballot.parent_id,
        "void_reason": ballot.void_reason,
        "editable": ballot.state == "draft",
        "items": [
            {"id": item.item_id, "position": item.position, "name": item.name}
            for item in ballot.items
        ],
    }


def item_choices(session, meeting: Meeting) -> dict:
    """What a draft may hold: the meeting's candidates and completed projects, in list order."""
    return {where: _named(session, model, meeting) for where, model in _ITEM_MODELS.items()}


def _named(session, model, meeting: Meeting) -> list[dict]:
    rows = session.execute(
        sa.select(model.id, model.position, model.name)
        .where(model.meeting_id == meeting.id)
        .order_by(model.position, model.id)
    )
    return [{"id": row.id, "position": row.position, "name": row.name} for row in rows]


def _choices(session, meeting: Meeting, kind: str) -> list[tuple[int, int]]:
    model = _ITEM_MODELS[default_kind(kind).items_from]
    rows = session.execute(
        sa.select(model.id, model.position)
        .where(model.meeting_id == meeting.id)
        .order_by(model.position, model.id)
    )
    return [(row.id, row.position) for row in rows]


def _apply(session, ballot: Ballot, changes: dict, choices) -> None:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise HallError("bad_request", f"未知的设置项：{', '.join(sorted(unknown))}", 400)
    for field in ("title", "form", "display", "countdown_seconds"):
        if field in changes:
            setattr(ballot, field, _CHECKS[field](ballot, changes[field]))
    for field in ("secret", "require_sign_in", "paper_two_person"):
        if field in changes:
            setattr(ballot, field, _flag(field, changes[field]))
    if "items" in changes:
        _set_items(session, ballot, _item_ids(changes["items"], choices))
    if "places" in changes:
        ballot.places = _whole(changes["places"], "应选名额", MAX_PLACES)
    if kind_of(ballot).has_places and not 1 <= ballot.places <= len(ballot.items):
        message = f"应选名额应在 1 到候选项目数（{len(ballot.items)}）之间"
        raise HallError("bad_request", message, 400)


def _set_items(session, ballot: Ballot, item_ids: list[int]) -> None:
    session.execute(sa.delete(BallotItem).where(BallotItem.ballot_id == ballot.id))
    column = kind_of(ballot).item_key
    session.add_all(
        BallotItem(ballot_id=ballot.id, position=position, **{column: item_id})
        for position, item_id in enumerate(item_ids, start=1)
    )
    session.flush()
    session.expire(ballot, ["items"])


def _item_ids(value, choices) -> list[int]:
    if not isinstance(value, list) or not value:
        raise HallError("bad_request", "请至少选择一个项目", 400)
    known = {item_id for item_id, _ in choices}
    ids = []
    for item_id in value:
        if not isinstance(item_id, int) or isinstance(item_id, bool) or item_id not in known:
            raise HallError("bad_request", f"没有编号为 {item_id!r} 的项目", 400)
        if item_id in ids:
            raise HallError("bad_request", f"项目 {item_id} 重复", 400)
        ids.append(item_id)
    return ids


def _title(_ballot, value) -> str:
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= 200:
        raise HallError("bad_request", "投票名称不能为空，且不超过 200 字", 400)
    return value.strip()


def _form(ballot, value) -> str:
    forms = forms_of(ballot.kind)
    if len(forms) == 1 and value != forms[0]:
        raise HallError("bad_request", f"{kind_of(ballot).name}的票式不能修改", 400)
    if value not in forms:
        named = " 或 ".join(f"{form}（{KINDS[form].name}）" for form in forms)
        raise HallError("bad_request", f"票式只能是 {named}", 400)
    return value


def _display(_ballot, value) -> str:
    if value not in DISPLAYS:
        raise HallError("bad_request", "大屏显示方式只能是 live、turnout 或 hidden", 400)
    return value


def _countdown(_ballot, value) -> int | None:
    if value is None:
        return None
    seconds = _whole(value, "倒计时")
    if not within_countdown_limits(seconds):
        raise HallError("bad_request", COUNTDOWN_MESSAGE, 400)
    return seconds


_CHECKS = {"title": _title, "form": _form, "display": _display, "countdown_seconds": _countdown}


def _flag(field: str, value) -> bool:
    if not isinstance(value, bool):
        raise HallError("bad_request", f"{field} 应为 true 或 false", 400)
    return value


def _whole(value, label: str, most: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise HallError("bad_request", f"{label}须为非负整数", 400)
    if most is not None and value > most:
        raise HallError("bad_request", f"{label}须为 0 到 {most} 之间的整数", 400)
    return value
