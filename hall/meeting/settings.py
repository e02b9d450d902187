"""Meeting settings: what may change when, and the drafts that follow them.

The settings a ballot is counted by (sign-in, quorum, threshold, validity, display) are copied
onto each ballot; once any ballot has opened they are frozen for the meeting, and the desk is
told which ballot froze them.
"""

import contextlib
import datetime as dt

import sqlalchemy as sa

from hall.base.clock import utcnow
from hall.base.errors import HallError
from hall.rules import Basis, parse_fraction
from hall.store import audit
from hall.store.models import Ballot, Meeting

# field: (check, copied onto draft ballots as)
COUNTING = {
    "sign_in_required": "require_sign_in",
    "quorum_fraction": None,
    "threshold_basis": "threshold_basis",
    "threshold_fraction": "threshold_fraction",
    "validity_fraction": "validity_fraction",
    "default_display": "display",
}
FREE = ("name", "year", "session_label", "starts_on", "ends_on", "place", "one_phone_per_card")
DATES = ("starts_on", "ends_on")
LABELS = {
    "one_phone_per_card": "一证一机",
    "sign_in_required": "须先签到",
    "quorum_fraction": "法定人数比例",
    "threshold_fraction": "通过比例",
    "validity_fraction": "有效比例",
}
DISPLAYS = ("live", "turnout", "hidden")


def settings_dict(meeting: Meeting) -> dict:
    settings = {field: getattr(meeting, field) for field in (*FREE, *COUNTING, "rehearsal")}
    for field in DATES:
        settings[field] = settings[field].isoformat() if settings[field] else None
    return settings


def update_settings(session, meeting: Meeting, changes: dict, actor: str) -> dict:
    """Apply `changes` (a dict of settings); HallError on a bad value or a frozen setting."""
    unknown = set(changes) - set(FREE) - set(COUNTING)
    if unknown:
        raise HallError("bad_request", f"未知的设置项：{', '.join(sorted(unknown))}", 400)
    clean = {field: check_setting(field, value) for field, value in changes.items()}
    check_dates(clean.get("starts_on", meeting.starts_on), clean.get("ends_on", meeting.ends_on))
    changed = {f: v for f, v in clean.items() if getattr(meeting, f) != v}
    frozen = [field for field in changed if field in COUNTING]
    if frozen:
        opened = _first_opened_ballot(session, meeting)
        if opened is not None:
            raise HallError(
                "settings_frozen",
                f"「{opened.title}」已经开始，计票相关设置已冻结，不能再修改",
                409,
            )
    before = {field: getattr(meeting, field) for field in changed}
    for field, value in changed.items():
        setattr(meeting, field, value)
        copy_as = COUNTING.get(field)
        if copy_as:
            for ballot in meeting.ballots:
                if ballot.state == "draft":
                    setattr(ballot, copy_as, value)
    if changed:
        audit.record(session, actor, "meeting_settings", before=before, after=changed)
    meeting.settings_saved_at = utcnow()  # the setup list's 会议设置 step: looked at and saved
    return settings_dict(meeting)


def _first_opened_ballot(session, meeting: Meeting) -> Ballot | None:
    return session.scalar(
        sa.select(Ballot)
        .where(Ballot.meeting_id == meeting.id, Ballot.state != "draft")
        .order_by(Ballot.id)
        .limit(1)
    )


def check_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise HallError("bad_request", "闭幕日期不能早于开幕日期", 400)


TEXT_LIMITS = {"session_label": ("届次", 50), "place": ("会议地点", 100)}


def check_setting(field: str, value):
    """The setting's value as stored, or a bad_request refusal saying what is wrong."""
    if field == "name":
        if not isinstance(value, str) or not 1 <= len(value.strip()) <= 200:
            raise HallError("bad_request", "会议名称不能为空，且不超过 200 字", 400)
        return value.strip()
    if field in TEXT_LIMITS:
        label, limit = TEXT_LIMITS[field]
        if value is None:
            return ""
        if not isinstance(value, str) or len(value.strip()) > limit:
            raise HallError("bad_request", f"{label}应为不超过 {limit} 字的文字", 400)
        return value.strip()
    if field in DATES:
        return _date(field, value)
    if field == "year":
        if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
            raise HallError("bad_request", "年度应为 2000 到 2100 之间的整数", 400)
        return value
    if field in ("one_phone_per_card", "sign_in_required"):
        if not isinstance(value, bool):
            raise HallError("bad_request", f"「{LABELS[field]}」应为 true 或 false", 400)
        return value
    if field == "threshold_basis":
        if not isinstance(value, str) or value not in {basis.value for basis in Basis}:
            raise HallError("bad_request", "通过基数只能是 expected、present 或 returned", 400)
        return value
    if field == "default_display":
        if value not in DISPLAYS:
            raise HallError("bad_request", "大屏显示方式只能是 live、turnout 或 hidden", 400)
        return value
    try:
        fraction = parse_fraction(value)
    except (ValueError, TypeError):
        message = f"「{LABELS[field]}」应为 0 到 1 之间的分数，如 1/2、2/3"
        raise HallError("bad_request", message, 400) from None
    return f"{fraction.numerator}/{fraction.denominator}"


def _date(field: str, value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    label = "开幕日期" if field == "starts_on" else "闭幕日期"
    raise HallError("bad_request", f"{label}应为 YYYY-MM-DD 格式的日期，如 2026-01-15", 400)
