"""One cell's value read as text, a whole number, a decimal or a date; CellError in Chinese."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

Cell = str | int | float | Decimal | dt.datetime | dt.date | dt.time | bool | None

_SHOWN_LENGTH = 30


# Cell values


class CellError(ValueError):
    """A cell that cannot be read as the expected kind of value; the message is Chinese."""


def cell_text(value: Cell) -> str:
    """A cell as text, numbers and dates written the way Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return plain_number(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def shown(value: Cell) -> str:
    """A cell quoted for a message, shortened when long."""
    text = cell_text(value)
    if len(text) > _SHOWN_LENGTH:
        text = text[:_SHOWN_LENGTH] + "…"
    return f"“{text}”"


def cell_integer(value: Cell) -> int:
    """An integer from a numeric cell or text like "12" (or "12.0")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            return int(Decimal(text))
    raise CellError(f"应为整数，实际为{shown(value)}")


_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def cell_decimal(value: Cell) -> Decimal:
    """A number from a numeric cell or text like "5809", "5,809" or "12.5"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        # NFKC turns full-width digits, commas and points into ASCII ones.
        text = unicodedata.normalize("NFKC", value).strip()
        if _NUMBER.fullmatch(text):
            return Decimal(text.replace(",", ""))
    raise CellError(f"应为数字，实际为{shown(value)}")


_DASHED_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(\s+\d{1,2}:\d{2}(:\d{2})?)?")
_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def cell_date(value: Cell) -> dt.date:
    """A date from an Excel date cell or text: 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if match := _DASHED_DATE.fullmatch(text):
            parts = match.group(1, 3, 4)
        elif match := _CHINESE_DATE.fullmatch(text):
            parts = match.group(1, 2, 3)
        else:
            parts = None
        if parts:
            try:
                return dt.date(*(int(part) for part in parts))
            except ValueError:
                raise CellError(f"日期不存在：{shown(value)}") from None
    raise CellError(f"应为日期（如 2025-06-30、2025/6/30 或 2025年6月30日），实际为{shown(value)}")


def plain_number(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 100, 85.5."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
