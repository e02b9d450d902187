"""Roll-call arithmetic: 应到 / 实到 / 请假 / 缺席, quorum and "more than a fraction of"
thresholds, computed exactly."""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

# "2/3", " 1 / 2 ", "0.5": at most 4 digits a number and no exponent. Fraction itself reads
# "1e-99999999999" by computing 10**99999999999, and "1e-5000" has no place in a setting.
_FRACTION_TEXT = re.compile(r"\s*(?:[0-9]{1,4}\s*/\s*[0-9]{1,4}|[0-9]?\.[0-9]{1,4})\s*")


class Basis(StrEnum):
    """The count a threshold is a fraction of."""

    EXPECTED = "expected"  # 应到: the whole roster (全体代表), on leave or not
    PRESENT = "present"  # 实到: deputies signed in
    RETURNED = "returned"  # 收回: sheets received, valid and invalid


def parse_fraction(text: str | Fraction) -> Fraction:
    """Read "1/2", "2/3", "0.5" (up to 4 digits a number) or a Fraction; only 0 < f < 1 makes
    sense as a threshold."""
    if isinstance(text, Fraction):
        fraction = text
    elif isinstance(text, str):
        if not _FRACTION_TEXT.fullmatch(text):
            raise ValueError(f"not a fraction of up to 4 digits a number: {text[:20]!r}")
        try:
            fraction = Fraction(text.strip())
        except (ValueError, ZeroDivisionError) as error:
            raise ValueError(f"not a fraction: {text!r}") from error
    else:
        # Floats are refused on purpose: 0.1 is not one tenth in binary.
        raise ValueError(f"a fraction must be given as text or Fraction, not {type(text).__name__}")
    if not 0 < fraction < 1:
        raise ValueError(f"a fraction must lie strictly between 0 and 1: {text!r}")
    return fraction


def minimum_more_than(basis: int, fraction: Fraction) -> int:
    """The smallest whole count strictly greater than basis × fraction."""
    if basis < 0:
        raise ValueError(f"a basis cannot be negative: {basis}")
    return math.floor(basis * fraction) + 1


def more_than(count: int, basis: int, fraction: Fraction) -> bool:
    """Whether count > basis × fraction, exactly."""
    return count > basis * fraction


def quorum_met(expected: int, present: int, fraction: Fraction = Fraction(1, 2)) -> bool:
    """Whether more than `fraction` of the expected deputies are present."""
    # Nobody expected means nobody can hold the meeting, although 0 > 0 × f would say nothing.
    return expected > 0 and more_than(present, expected, fraction)


def basis_count(basis: Basis, *, expected: int, present: int, returned: int) -> int:
    """The count a threshold on `basis` is taken of."""
    counts = {Basis.EXPECTED: expected, Basis.PRESENT: present, Basis.RETURNED: returned}
    return counts[Basis(basis)]


@dataclass(frozen=True)
class Attendance:
    """应到 (the whole roster: leave lowers it not), 实到 (signed in), 请假, and 缺席 = 应到 − 实到.

    `on_leave` is None for a roll frozen before leave was counted on its own.
    """

    expected: int
    present: int
    on_leave: int | None = None

    @property
    def absent(self) -> int:
        """缺席: everyone on the roster not present, those on leave among them."""
        return self.expected - self.present

    @property
    def line(self) -> str:
        """The line read out and printed: 应到 230 人，实到 201 人，请假 2 人，缺席 29 人."""
        parts = [f"应到 {self.expected} 人", f"实到 {self.present} 人"]
        if self.on_leave is not None:
            parts.append(f"请假 {self.on_leave} 人")
        parts.append(f"缺席 {self.absent} 人")
        return "，".join(parts)


def count_attendance(deputies: Iterable[tuple[bool, bool]]) -> Attendance:
    """The roll from every deputy on the roster, given as (on_leave, signed_in).

    A deputy on leave is 应到 and not 实到, even with a sign-in from before the leave.
    """
    expected = present = on_leave = 0
    for leave, signed_in in deputies:
        expected += 1
        on_leave += leave
        present += signed_in and not leave
    return Attendance(expected, present, on_leave)
