"""Deputies' card tokens: 128 random bits in the QR link, stored only as a SHA-256 hash."""

import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy import orm

from hall.store.models import Deputy

COOKIE_NAME = "hall_deputy"


def new_token() -> str:
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def demo_token(secret_key: str, deputy_id: int) -> str:
    """A demo card's token, derived from the secret key so the demo page can list the links."""
    digest = hmac.new(secret_key.encode(), f"demo-card:{deputy_id}".encode(), "sha256")
    return base64.urlsafe_b64encode(digest.digest()[:16]).rstrip(b"=").decode()


def issue_card(deputy: Deputy, token: str | None = None) -> str:
    """Give the deputy a new card; any earlier card stops working."""
    token = token or new_token()
    deputy.token_hash = token_hash(token)
    deputy.token_revoked = False
    return token


# Built once, with the meeting joined in: every phone's page, API call and socket connect looks
# its card up (3,000 at once after the hall Wi-Fi comes back), and most then read the meeting.
_BY_TOKEN_HASH = (
    sa.select(Deputy)
    .options(orm.joinedload(Deputy.meeting))
    .where(Deputy.token_hash == sa.bindparam("token_hash"))
)


def deputy_for_token(session, token: str | None) -> Deputy | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(_BY_TOKEN_HASH, {"token_hash": token_hash(token)})
