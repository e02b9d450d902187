"""Reading the fields of a JSON body for the supervision services: each bad value refused with
a Chinese message and the code bad_request, before anything is written."""

import math
from datetime import date

from hall.base.errors import HallError


def bad(message: str) -> HallError:
    return HallError("bad_request", message, 400)


def text(body: dict, key: str, label: str, limit: int, required: bool = True) -> str:
    value = body.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise bad(f"{label}应为文本")
    value = value.strip()
    if required and not value:
        raise bad(f"请填写{label}")
    if len(value) > limit:
        raise bad(f"{label}不能超过 {limit} 个字")
    return value


def number(body: dict, key: str, label: str, required: bool = True) -> float | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise bad(f"{label}应为数字")
    if value < 0 or value > 1e12:
        raise bad(f"{label}应在 0 到 1万亿之间")
    return float(value)


def day(body: dict, key: str, label: str, required: bool = True) -> date | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise bad(f"{label}应为日期，如 2027-06-30")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise bad(f"{label}应为日期，如 2027-06-30") from None
    if not 2000 <= parsed.year <= 2100:
        raise bad(f"{label}的年份应在 2000 到 2100 之间")
    return parsed


def identifier(body: dict, key: str, label: str, required: bool = True) -> int | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**31:
        raise bad(f"{label}应为编号（正整数）")
    return value


def identifiers(body: dict, key: str, label: str) -> list[int]:
    values = body.get(key, [])
    if not isinstance(values, list) or len(values) > 1000:
        raise bad(f"{label}应为编号的列表")
    return sorted({identifier({"v": value}, "v", label) for value in values})


def only(body: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(body) - set(allowed)
    if unknown:
        raise bad(f"未知的字段：{', '.join(sorted(unknown))}")
