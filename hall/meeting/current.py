"""Which meeting is being written: only the current one; every other is a read-only archive."""

from hall.base.errors import HallError
from hall.store.models import Meeting


def archived(meeting: Meeting) -> HallError:
    message = f"「{meeting.name}」不是当前会议，已归档：只能查看和下载，不能修改"
    return HallError("meeting_archived", message, 409)


def check_current(meeting: Meeting) -> None:
    """Refuse any change to a meeting that is not the current one (an archive)."""
    if not meeting.is_current:
        raise archived(meeting)
