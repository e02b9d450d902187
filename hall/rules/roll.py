"""Roll-call arithmetic: quorum and "more than a fraction of" thresholds, computed exactly."""

import math
import re
from enum import StrEnum
from fractions import Fraction

# "2/3", " 1 / 2 ", "0.5": at most 4 digits a number and no exponent. Fraction itself reads
# "1e-99999999999" by computing 10**99999999999, and "1e-5000" has no place in a setting.
_FRACTION_TEXT = re.compile(r"\s*(?:[0-9]{1,4}\s*/\s*[0-9]{1,4}|[0-9]?\.[0-9]{1,4})\s*")


class Basis(StrEnum):
    """The count a threshold is a fraction of."""

    EXPECTED = "expected"  # 应到: the roster minus deputies on leave
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
