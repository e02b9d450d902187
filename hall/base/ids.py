"""Row ids from outside (paths, JSON bodies, form fields): whole numbers 1..2^31-1, or refused.

Every id column is an INTEGER, which PostgreSQL keeps in 32 bits (SQLite in 64): an id beyond
must never reach a query, where it would fail as an error of the server, not of the request.
"""

import re

from werkzeug.routing import IntegerConverter

from hall.base.errors import HallError

MAX_ID = 2**31 - 1
_ID_TEXT = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdigit() also takes "²"


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: an id out of range does not match, so the answer is a 404."""

    # ASCII digits (\d would take "١٢" as 12); more than 10 are no id, and int() refuses
    # more than 4,300 of them with a ValueError.
    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def parse_id(value: object) -> int | None:
    """The id in a JSON number or a text of digits, or None when it cannot be one."""
    if isinstance(value, str) and _ID_TEXT.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ID else None


def body_id(value: object, field: str, what: str) -> int:
    """An id given in a JSON body: `bad_request` when not a whole number, `not_found` when
    it is one that no row can have."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise HallError("bad_request", f"{field} 应为{what}编号（整数）", 400)
    if parse_id(value) is None:
        raise HallError("not_found", f"找不到该{what}", 404)
    return value
