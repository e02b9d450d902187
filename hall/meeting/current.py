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


def meeting_dict(meeting: Meeting) -> dict:
    return {
        "id": meeting.id,
        "name": meeting.name,
        "year": meeting.year,
        "demo": meeting.is_demo,
        "rehearsal": meeting.rehearsal,
        # The last wipe of a rehearsal's sign-ins and votes: the phones apply it when it
        # changes (static/js/deputy/) instead of all asking /api/v1/me at once.
        "rehearsal_wiped_at": meeting.rehearsed_at.isoformat() if meeting.rehearsed_at else None,
    }
