"""Ballot sheets: read what a phone or the desk sends as marks, check the cap, store canonically."""

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

MALFORMED = "sheet_malformed"
OVER_LIMIT = "sheet_over_limit"

# An item id as an object key: at most 10 digits, as a row id (int() refuses over 4,300 with a
# ValueError of its own, which is not a SheetError).
_ID_TEXT = re.compile(r"0|[1-9][0-9]{0,9}")

_Value = TypeVar("_Value", bound=StrEnum)


class Form(StrEnum):
    """How a project-vote sheet is laid out."""

    APPROVE = "approve"  # 差额票决: approve up to K of N
    YES_NO_ABSTAIN = "yes_no_abstain"  # 赞成 / 反对 / 弃权 per candidate


class Mark(StrEnum):
    """What a sheet says about one item."""

    YES = "yes"  # 赞成
    NO = "no"  # 反对
    ABSTAIN = "abstain"  # 弃权


class SheetError(ValueError):
    """A sheet that cannot be accepted; `message` is shown to the deputy."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def shown(value: object) -> str:
    """A submitted value as a message may quote it: short, and never a number too long to print."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        return "（过长的数字）"
    text = (
        repr(value)
        if isinstance(value, str | int | float | bool) or value is None
        else type(value).__name__
    )
    return text if len(text) <= 40 else text[:40] + "…"


def _malformed(detail: str) -> SheetError:
    return SheetError(MALFORMED, f"选票格式不正确：{detail}")


def _expect_keys(raw: object, key: str) -> object:
    """The one value of a dict that must hold exactly `key`."""
    if not isinstance(raw, dict):
        raise _malformed("应为对象")
    if set(raw) != {key}:
        raise _malformed(f"应只含 {key} 一项")
    return raw[key]


def _item_id(value: object, item_ids: Sequence[int], seen: set[int]) -> int:
    """Check one item id against the ballot and the ids already seen on this sheet."""
    if isinstance(value, str) and _ID_TEXT.fullmatch(value):
        value = int(value)
    # bool is a subclass of int, and True must not stand for item 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _malformed(f"项目编号无效：{shown(value)}")
    if value not in item_ids:
        raise _malformed(f"没有编号为 {shown(value)} 的项目")
    if value in seen:
        raise _malformed(f"项目 {value} 重复")
    seen.add(value)
    return value


def _mark(value: object) -> Mark:
    try:
        return Mark(value)
    except ValueError:
        raise _malformed(f"无法识别的选项：{shown(value)}") from None


def _approve_marks(item_ids: Sequence[int], raw: object) -> dict[int, Mark]:
    approved = _expect_keys(raw, "approve")
    if not isinstance(approved, list | tuple):
        raise _malformed("approve 应为列表")
    seen: set[int] = set()
    for value in approved:
        # Ids in a list are JSON numbers; only object keys come as text.
        if isinstance(value, str):
            raise _malformed(f"项目编号无效：{shown(value)}")
        _item_id(value, item_ids, seen)
    return {item_id: Mark.YES for item_id in item_ids if item_id in seen}


def _yes_no_abstain_marks(item_ids: Sequence[int], raw: object) -> dict[int, Mark]:
    given = _expect_keys(raw, "marks")
    if not isinstance(given, dict):
        raise _malformed("marks 应为对象")
    seen: set[int] = set()
    marks = {_item_id(key, item_ids, seen): _mark(value) for key, value in given.items()}
    # An item left unmarked counts as 弃权.
    return {item_id: marks.get(item_id, Mark.ABSTAIN) for item_id in item_ids}


def normalize_sheet(form: Form, item_ids: Sequence[int], raw: object) -> dict[int, Mark]:
    """Marks from a submitted sheet, in ballot order; does not check the cap on 赞成."""
    if Form(form) is Form.APPROVE:
        return _approve_marks(item_ids, raw)
    return _yes_no_abstain_marks(item_ids, raw)


def yes_count(marks: Mapping[int, Mark]) -> int:
    """How many items the sheet approves (赞成)."""
    return sum(1 for mark in marks.values() if mark == Mark.YES)


def is_within_cap(marks: Mapping[int, Mark], cap: int) -> bool:
    """Whether the sheet approves at most `cap` items; a sheet over the cap is 废票."""
    return yes_count(marks) <= cap


def check_phone_sheet(
    form: Form, item_ids: Sequence[int], cap: int, raw: object
) -> dict[int, Mark]:
    """Marks from a phone, refusing a sheet over the cap: phones never submit an invalid sheet."""
    marks = normalize_sheet(form, item_ids, raw)
    chosen = yes_count(marks)
    if chosen > cap:
        raise SheetError(OVER_LIMIT, f"最多只能赞成 {cap} 项，您选择了 {chosen} 项")
    return marks


def _dump_canonical(values: Mapping[int, StrEnum]) -> str:
    """Compact JSON of values by item, keys sorted as numbers; shared by both kinds of sheet."""
    ordered = {str(item_id): values[item_id].value for item_id in sorted(values)}
    return json.dumps(ordered, separators=(",", ":"), ensure_ascii=True)


def _load_canonical(text: str, read_value: Callable[[object], _Value]) -> dict[int, _Value]:
    """The values stored by _dump_canonical, each read by `read_value`."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as error:
        raise _malformed("不是有效的 JSON") from error
    if not isinstance(data, dict):
        raise _malformed("应为对象")
    values = {}
    for key, value in data.items():
        if not _ID_TEXT.fullmatch(key):
            raise _malformed(f"项目编号无效：{shown(key)}")
        values[int(key)] = read_value(value)
    return values


def canonical_json(marks: Mapping[int, Mark]) -> str:
    """Compact JSON with keys sorted as numbers, so equal sheets give byte-equal text."""
    return _dump_canonical({item_id: Mark(mark) for item_id, mark in marks.items()})


def parse_canonical(text: str) -> dict[int, Mark]:
    """The marks stored by canonical_json."""
    return _load_canonical(text, _mark)


def count_sheets(
    item_ids: Sequence[int],
    sheets: Iterable[tuple[bool, Mapping[int, StrEnum]]],
    values: type[_Value],
) -> tuple[int, int, dict[_Value, dict[int, int]]]:
    """Returned and valid sheets, and per value how many valid sheets give it to each item.

    Sheets come as (valid, values by item); invalid sheets count only as returned. Shared by
    the project vote (marks) and the rating (ratings).
    """
    counts = {value: dict.fromkeys(item_ids, 0) for value in values}
    returned = valid = 0
    for is_valid, given in sheets:
        returned += 1
        if not is_valid:
            continue
        valid += 1
        for item_id, value in given.items():
            per_item = counts[values(value)]
            if item_id not in per_item:
                raise ValueError(f"a sheet marks item {item_id}, which is not on the ballot")
            per_item[item_id] += 1
    return returned, valid, counts
