"""Deputies' cards: issuing (QR token and short code), revoking, the short code typed on /c,
and the one-phone-per-card rule (the device cookie that holds a card).

Tokens and short codes are kept only as hashes, so printing cards always issues new ones.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from hall.base.clock import utcnow
from hall.roster.credentials import deputy_for_token, issue_card, token_hash
from hall.roster.qr_code import qr_svg as qr_svg  # the card pages draw it from here
from hall.store import audit
from hall.store.models import CodeAttempt, Deputy, RetiredCard

DEVICE_COOKIE = "hall_device"
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
# Crockford base-32: no I, L, O or U, so nothing reads as another character.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits
CODE_TRIES = 10  # distinct wrong codes per phone (its device cookie) ...
# ... and per address, far more: behind the hall's NAT every phone shares one address, and one
# phone's mistakes (or one guesser) must not shut /c for the hall.
CODE_TRIES_PER_ADDRESS = 200
CODE_WINDOW = timedelta(minutes=10)  # ... within this window
_CODE_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass
class IssuedCard:
    """A freshly issued card, as printed: the secrets exist only in this object."""

    deputy: Deputy
    token: str
    short_code: str

    @property
    def short_code_shown(self) -> str:
        return format_code(self.short_code)


# Short codes


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """XXXXX-XXXXX, easier to read aloud and to type."""
    return f"{code[:5]}-{code[5:]}"


def normalize_code(text) -> str | None:
    """The code as typed (any case, spaces, dashes, O for 0, I or L for 1), or None."""
    if not isinstance(text, str):
        return None
    code = re.sub(r"[\s\-_.]", "", unicodedata.normalize("NFKC", text)).upper()
    code = code.translate(_CODE_READS_AS)
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def code_hash(secret_key: str, code: str) -> str:
    # Keyed, since 50 bits could be searched from a stolen database alone.
    return hmac.new(secret_key.encode(), f"short-code:{code}".encode(), "sha256").hexdigest()


# Issuing, revoking, releasing


def issue(session, secret_key: str, deputies, actor: str, scope: str) -> list[IssuedCard]:
    """New cards for `deputies`: their old QR codes and short codes stop working at once."""
    issued = []
    retire_all(session, deputies)
    for deputy in deputies:
        token = issue_card(deputy)
        code = new_short_code()
        deputy.short_code_hash = code_hash(secret_key, code)
        deputy.device_hash = None  # the new card goes to whichever phone opens it first
        issued.append(IssuedCard(deputy, token, code))
    if len(issued) == 1 and scope == "deputy":
        deputy = issued[0].deputy
        audit.record(session, actor, "card_reissue", deputy=deputy.id, name=deputy.name)
    elif issued:
        audit.record(session, actor, "cards_issue", scope=scope, count=len(issued))
    return issued


def retire_all(session, deputies) -> None:
    """Remember the deputies' current cards as replaced, so their old links can say so: one
    look for the cards already remembered, not one per deputy (each look flushed the one
    before: 3.7 s of the 6 a hall's 3,000 cards took)."""
    current = {deputy.token_hash: deputy for deputy in deputies if deputy.token_hash}
    known = set()
    for chunk in range(0, len(current), 500):  # SQLite's limit on bound parameters
        hashes = list(current)[chunk : chunk + 500]
        query = sa.select(RetiredCard.token_hash).where(RetiredCard.token_hash.in_(hashes))
        known.update(session.scalars(query))
    now = utcnow()
    for card, deputy in current.items():
        if card not in known:
            session.add(RetiredCard(token_hash=card, meeting_id=deputy.meeting_id, retired_at=now))


def was_replaced(session, secret_key: str, value) -> bool:
    """Whether a card cookie (QR token or typed-code note) is of a card since replaced."""
    if not isinstance(value, str) or not value or len(value) > 200:
        return False
    if "." not in value:  # a QR token
        return len(value) <= 64 and session.get(RetiredCard, token_hash(value)) is not None
    try:
        deputy_id, _ = _code_signer(secret_key).loads(value)
    except (BadSignature, ValueError, TypeError):
        return False
    # A genuine note (signed by Hall) whose code is no longer the deputy's: a newer card's is.
    deputy = session.get(Deputy, deputy_id) if isinstance(deputy_id, int) else None
    return deputy is not None and deputy_for_cookie(session, secret_key, value) is None


def revoke(session, deputy: Deputy, actor: str) -> bool:
    """Stop the deputy's card (QR and short code) without issuing another; True if it changed."""
    if deputy.token_hash is None or deputy.token_revoked:
        return False
    deputy.token_revoked = True
    audit.record(
        session, actor, "card_revoke", deputy=deputy.id, name=deputy.name,
        before="有效", after="已作废",
    )  # fmt: skip
    return True


def release(session, deputy: Deputy, actor: str) -> bool:
    """Free the card from the phone holding it; the next phone to open it holds it."""
    if deputy.device_hash is None:
        return False
    deputy.device_hash = None
    audit.record(
        session, actor, "card_release", deputy=deputy.id, name=deputy.name,
        before="已绑定手机", after="未绑定",
    )  # fmt: skip
    return True


# The card cookie: a QR token, or a signed note of a short code typed on /c


def _code_signer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="hall-card-code")


def code_cookie(secret_key: str, deputy: Deputy) -> str:
    """The cookie value after typing a short code: signed, so it cannot be guessed or forged."""
    return _code_signer(secret_key).dumps([deputy.id, deputy.short_code_hash[:32]])


def deputy_for_cookie(session, secret_key: str, value) -> Deputy | None:
    """The deputy behind the card cookie (token or typed code), or None."""
    if not isinstance(value, str) or not value:
        return None
    if "." not in value:  # tokens are URL-safe base64, which has no dot
        return deputy_for_token(session, value)
    if len(value) > 200:
        return None
    try:
        deputy_id, fingerprint = _code_signer(secret_key).loads(value)
    except (BadSignature, ValueError, TypeError):
        return None
    deputy = session.get(Deputy, deputy_id) if isinstance(deputy_id, int) else None
    if deputy is None or not deputy.short_code_hash:
        return None
    # A card issued since the code was typed has another code: this one is unknown now.
    if not hmac.compare_digest(deputy.short_code_hash[:32], str(fingerprint)):
        return None
    return deputy


def deputy_for_code(session, secret_key: str, text) -> Deputy | None:
    code = normalize_code(text)
    if code is None:
        return None
    digest = code_hash(secret_key, code)
    return session.scalar(sa.select(Deputy).where(Deputy.short_code_hash == digest))


# Rate limit on /c, kept in the database so every server process counts the same tries


@dataclass(frozen=True)
class CodeGuesser:
    """Who typed a code: the address, and the phone's device cookie (hashed) when it has one.

    A client without the cookie (a script) is counted with the others from its address that
    have none: minting cookies buys at most the address's ceiling.
    """

    address: str
    device: str | None

    def tries_left(self, session) -> int:
        """Distinct wrong codes still allowed to this phone (0 when it or its address is out)."""
        since = utcnow() - CODE_WINDOW
        distinct = sa.select(sa.func.count(sa.distinct(CodeAttempt.code_hash)))
        recent = CodeAttempt.at >= since
        by_address = session.scalar(distinct.where(recent, CodeAttempt.address == self.address))
        if by_address >= CODE_TRIES_PER_ADDRESS:
            return 0
        return max(CODE_TRIES - session.scalar(distinct.where(recent, self._own())), 0)

    def record_wrong(self, session, secret_key: str, text: str) -> None:
        session.execute(sa.delete(CodeAttempt).where(CodeAttempt.at < utcnow() - CODE_WINDOW))
        digest = code_hash(secret_key, normalize_code(text) or "")
        session.add(
            CodeAttempt(address=self.address, device=self.device, code_hash=digest, at=utcnow())
        )

    def _own(self):
        if self.device is None:
            return sa.and_(CodeAttempt.device.is_(None), CodeAttempt.address == self.address)
        return CodeAttempt.device == self.device  # the phone may move from Wi-Fi to 4G


def code_guesser(address: str | None, device_token: str | None) -> CodeGuesser:
    return CodeGuesser((address or "?")[:64], device_hash(device_token))


# One phone per card


def device_hash(device_token: str | None) -> str | None:
    return hashlib.sha256(device_token.encode()).hexdigest() if device_token else None


def new_device_token() -> str:
    return secrets.token_urlsafe(16)


def device_rule(deputy: Deputy, device_token: str | None) -> str:
    """Answers ok (this phone may use the card), unbound (no phone holds it) or elsewhere."""
    if not deputy.meeting.one_phone_per_card:
        return "ok"
    if deputy.device_hash is None:
        return "unbound"
    held = device_token is not None and hmac.compare_digest(
        deputy.device_hash, device_hash(device_token)
    )
    return "ok" if held else "elsewhere"


def hold_card(session, deputy_id: int, device_token: str) -> bool:
    """Let this phone hold the card if no phone does; True when it now holds it.

    One conditional UPDATE, so of two phones opening the card at once only one wins.
    """
    digest = device_hash(device_token)
    session.execute(
        sa.update(Deputy)
        .where(Deputy.id == deputy_id, Deputy.device_hash.is_(None))
        .values(device_hash=digest)
    )
    held = session.scalar(sa.select(Deputy.device_hash).where(Deputy.id == deputy_id))
    return held == digest
