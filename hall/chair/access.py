"""The chair's key: derived from the screen key, so it needs no column and changes with it."""

import hashlib
import hmac

from flask import current_app

from hall.store.models import Meeting


def chair_key(meeting: Meeting) -> str:
    """Not the screen's key, and not guessable from it without the server's secret."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"chair:{meeting.screen_key}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def chair_key_matches(meeting: Meeting | None, key: object) -> bool:
    if meeting is None or not isinstance(key, str) or not key:
        return False
    return hmac.compare_digest(key.encode(), chair_key(meeting).encode())
