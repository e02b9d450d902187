"""The screen key: the screen page and its socket show figures only to who holds it."""

import hmac

from hall.store.models import Meeting


def key_matches(meeting: Meeting | None, key: object) -> bool:
    if meeting is None or not isinstance(key, str) or not key:
        return False
    return hmac.compare_digest(key.encode(), meeting.screen_key.encode())
