"""Reading a proposal's fields: lengths, areas, phone numbers, the text's fingerprint (for
duplicates) and the pairs of characters of a title (for the similar search). No database."""

import hashlib
import re
import unicodedata

from hall.base.errors import HallError
from hall.proposals.words import LIMITS

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_PHONE = re.compile(r"^1\d{10}$|^0\d{9,11}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

LABELS = {
    "title": "标题",
    "body": "建议内容",
    "reason": "理由",
    "proposer_name": "姓名",
    "station": "联络站",
    "hidden_reason": "不公开的理由",
    "answer_reason": "答复理由",
    "department": "承办部门",
    "introduction": "征集说明",
    "round_title": "征集名称",
}


def text_field(body: dict, key: str, limit_key: str | None = None) -> str:
    """A text field of a request body, trimmed and within its limits, or a clear refusal."""
    value = body.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise HallError("bad_request", f"{LABELS[limit_key or key]}格式不正确")
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()
    least, most = LIMITS[limit_key or key]
    if len(value) < least:
        raise HallError("too_short", f"{LABELS[limit_key or key]}至少 {least} 个字")
    if len(value) > most:
        raise HallError("too_long", f"{LABELS[limit_key or key]}最多 {most} 个字")
    return value


def phone_field(body: dict) -> str:
    value = body.get("proposer_phone") or ""
    if not isinstance(value, str):
        raise HallError("bad_phone", "手机号码格式不正确")
    value = value.replace(" ", "").replace("-", "")
    if value and not _PHONE.match(value):
        raise HallError("bad_phone", "手机号码格式不正确（11 位手机号或带区号的固定电话）")
    return value


def masked_phone(phone: str) -> str:
    """A phone number as every view but one shows it: 138****5678."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) > 7 else "****"


def normalised(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def fingerprint(title: str, body: str) -> str:
    """The same words, whatever spaces and punctuation: the same fingerprint."""
    return hashlib.sha256(f"{normalised(title)}|{normalised(body)}".encode()).hexdigest()


def grams(text: str, most: int = 40) -> list[str]:
    """The distinct pairs of neighbouring characters of `text` (a lone character for one)."""
    plain = normalised(text)
    if len(plain) == 1:
        return [plain]
    seen = dict.fromkeys(plain[i : i + 2] for i in range(len(plain) - 1))
    return list(seen)[:most]
