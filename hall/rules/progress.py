"""Progress computed, not typed: a 具体项目's completion (achieved ÷ target) and state, whether
it is behind the time elapsed toward its deadline (滞后) or past it, and a project's from its
具体项目 (optionally weighted). Exact fractions; percentages with two decimals."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

NOT_STARTED = "未开始"
UNDER_WAY = "进行中"
DONE = "已完成"
EXCEEDED = "超额完成"
STATES = (NOT_STARTED, UNDER_WAY, DONE, EXCEEDED)
FINISHED = (DONE, EXCEEDED)


@dataclass(frozen=True)
class Progress:
    completion: Fraction  # achieved ÷ target (above 1 when over-fulfilled)
    state: str  # one of STATES
    behind: bool  # 滞后: less done than the share of the time gone toward the deadline
    overdue: bool  # past the deadline and not finished

    @property
    def percent(self) -> Decimal:
        return fraction_percent(self.completion)


def exact(value: float | int | Decimal | None) -> Fraction | None:
    """A stored figure as an exact fraction, read from its shortest decimal form."""
    if value is None:
        return None
    return Fraction(Decimal(str(value)))


def fraction_percent(value: Fraction) -> Decimal:
    """`value` as a percentage with two decimals, half rounded up."""
    hundredths = value * 10_000
    rounded = (hundredths.numerator * 2 + hundredths.denominator) // (hundredths.denominator * 2)
    return Decimal(rounded).scaleb(-2)


def elapsed(starts_on: date, deadline: date, today: date) -> Fraction:
    """The share of the time from start to deadline already gone, between 0 and 1."""
    if today >= deadline:
        return Fraction(1)
    if today <= starts_on:
        return Fraction(0)
    return Fraction((today - starts_on).days, (deadline - starts_on).days)


def item_progress(
    target, achieved, deadline: date, starts_on: date, today: date, completed_on=None
) -> Progress:
    """A 具体项目's progress on `today`. A target of 0 or less counts as done once reported."""
    target, achieved = exact(target), exact(achieved)
    if achieved is None or achieved <= 0:
        completion, state = Fraction(0), NOT_STARTED
    elif target is None or target <= 0:
        completion, state = Fraction(1), DONE
    else:
        completion = achieved / target
        state = EXCEEDED if completion > 1 else DONE if completion == 1 else UNDER_WAY
    finished = state in FINISHED
    overdue = not finished and today > deadline
    behind = not finished and (overdue or completion < elapsed(starts_on, deadline, today))
    return Progress(completion, state, behind, overdue)


def project_progress(items: list[tuple[Progress, float | None]]) -> Progress:
    """A project's progress from its 具体项目 (each with an optional weight, 1 when absent):
    the weighted mean of their completions, each counted at most 100% so one over-fulfilled
    part does not hide a lagging one."""
    if not items:
        return Progress(Fraction(0), NOT_STARTED, False, False)
    weights = [
        exact(weight) if weight is not None and weight > 0 else Fraction(1) for _, weight in items
    ]
    total = sum(weights, Fraction(0))
    completion = (
        sum(
            (
                min(progress.completion, Fraction(1)) * weight
                for (progress, _), weight in zip(items, weights, strict=True)
            ),
            Fraction(0),
        )
        / total
    )
    states = [progress.state for progress, _ in items]
    if all(state == NOT_STARTED for state in states):
        state = NOT_STARTED
    elif all(state in FINISHED for state in states):
        state = EXCEEDED if all(state == EXCEEDED for state in states) else DONE
    else:
        state = UNDER_WAY
    return Progress(
        completion,
        state,
        any(progress.behind for progress, _ in items),
        any(progress.overdue for progress, _ in items),
    )
