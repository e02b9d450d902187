"""The supervision settings of a meeting: whether the public progress page is shown."""

from hall.base.errors import HallError
from hall.store import audit
from hall.store.models import Meeting, SupervisionSetting


def public_progress_shown(session, meeting: Meeting) -> bool:
    setting = session.get(SupervisionSetting, meeting.id)
    return True if setting is None else setting.public_progress


def set_public_progress(session, meeting: Meeting, body: dict, actor: str) -> bool:
    shown = body.get("public_progress")
    if set(body) != {"public_progress"} or not isinstance(shown, bool):
        raise HallError("bad_request", "public_progress 应为 true 或 false", 400)
    setting = session.get(SupervisionSetting, meeting.id)
    if setting is None:
        setting = SupervisionSetting(meeting_id=meeting.id)
        session.add(setting)
    setting.public_progress = shown
    audit.record(session, actor, "public_progress", shown=shown)
    return shown
