"""The satisfaction rating (满意度测评): read and count sheets, then rate and grade each project."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from hall.rules.roll import more_than, parse_fraction
from hall.rules.sheets import (
    _dump_canonical,
    _expect_keys,
    _item_id,
    _load_canonical,
    _malformed,
    count_sheets,
    shown,
)


class Rating(StrEnum):
    """What a sheet says about one project; a project left unrated is 弃权 and has no entry."""

    SATISFIED = "satisfied"  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


def _rating(value: object) -> Rating:
    try:
        return Rating(value)
    except ValueError:
        # "abstain" is refused too: 弃权 is expressed by leaving the project out.
        raise _malformed(f"无法识别的评价：{shown(value)}") from None


def normalize_rating_sheet(item_ids: Sequence[int], raw: object) -> dict[int, Rating]:
    """Ratings from a submitted sheet, in ballot order; unrated projects (弃权) are left out."""
    given = _expect_keys(raw, "ratings")
    if not isinstance(given, dict):
        raise _malformed("ratings 应为对象")
    seen: set[int] = set()
    ratings = {_item_id(key, item_ids, seen): _rating(value) for key, value in given.items()}
    return {item_id: ratings[item_id] for item_id in item_ids if item_id in ratings}


def rating_canonical_json(marks: Mapping[int, Rating]) -> str:
    """Compact JSON with keys sorted as numbers, so equal sheets give byte-equal text."""
    return _dump_canonical({item_id: Rating(rating) for item_id, rating in marks.items()})


def parse_rating_canonical(text: str) -> dict[int, Rating]:
    """The ratings stored by rating_canonical_json."""
    return _load_canonical(text, _rating)


class GradeBasis(StrEnum):
    """The count a grade's "more than half" is taken of."""

    RETURNED = "returned"  # 收回: sheets received, valid and invalid
    VALID = "valid"  # 有效票


class Grade(StrEnum):
    """The grade a project is given from its counts."""

    SATISFIED = "satisfied"  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意: flagged for rectification (整改)


@dataclass(frozen=True)
class RatingSettings:
    """The rating's rules; the default is the 镇海区 rule: more than half of the sheets returned."""

    grade_basis: GradeBasis = GradeBasis.RETURNED
    grade_fraction: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        # Settings often arrive as stored text ("1/2", "valid"); hold them as exact values.
        object.__setattr__(self, "grade_basis", GradeBasis(self.grade_basis))
        object.__setattr__(self, "grade_fraction", parse_fraction(self.grade_fraction))


@dataclass
class RatingTally:
    """Sheets received and the ratings per project on the valid ones; 弃权 counted on its own."""

    returned: int
    valid: int
    invalid: int
    satisfied: dict[int, int]
    fairly_satisfied: dict[int, int]
    dissatisfied: dict[int, int]
    abstain: dict[int, int]


def tally_ratings(
    item_ids: Sequence[int], sheets: Iterable[tuple[bool, Mapping[int, Rating]]]
) -> RatingTally:
    """Count sheets given as (valid, ratings); invalid sheets count only as returned and invalid."""
    returned, valid, counts = count_sheets(item_ids, sheets, Rating)
    # A project left unrated is 弃权 (it does not make the sheet invalid): each valid sheet
    # rates a project at most once, so what the valid sheets did not rate is the abstentions.
    abstain = {
        item_id: valid - sum(counts[rating][item_id] for rating in Rating) for item_id in item_ids
    }
    return RatingTally(
        returned=returned,
        valid=valid,
        invalid=returned - valid,
        satisfied=counts[Rating.SATISFIED],
        fairly_satisfied=counts[Rating.FAIRLY_SATISFIED],
        dissatisfied=counts[Rating.DISSATISFIED],
        abstain=abstain,
    )


def percent(numerator: int, denominator: int) -> Decimal:
    """numerator ÷ denominator as a percentage with two decimals, half rounded up; 0.00 of none."""
    if numerator < 0 or denominator < 0:
        raise ValueError(f"counts cannot be negative: {numerator} / {denominator}")
    if denominator == 0:
        return Decimal("0.00")
    # Whole hundredths of a percent, rounded half up in integers so no digit is lost on the way.
    hundredths = (numerator * 10_000 * 2 + denominator) // (denominator * 2)
    return Decimal(hundredths).scaleb(-2)


@dataclass(frozen=True)
class ProjectRating:
    """One project's line on the result; `position` is its 1-based place in the list."""

    project_id: int
    position: int
    satisfied: int
    fairly_satisfied: int
    dissatisfied: int
    abstain: int
    satisfied_rate: Decimal  # 满意率 = 满意 ÷ valid sheets
    combined_rate: Decimal  # 综合满意率 = (满意 + 基本满意) ÷ valid sheets
    grade: Grade | None  # None (未测评) while no valid sheet has been counted
    needs_rectification: bool  # 整改: graded 不满意


@dataclass(frozen=True)
class RatingResult:
    """The outcome of a satisfaction rating, rows in list order."""

    rows: list[ProjectRating]
    returned: int
    valid: int
    invalid: int
    grade_basis: GradeBasis
    grade_fraction: Fraction
    basis_count: int
    overall_satisfied_rate: Decimal  # 总体满意率 over all projects' ratings together
    overall_combined_rate: Decimal  # the same with 满意 + 基本满意
    rectification_ids: list[int]

    def to_dict(self) -> dict:
        """Plain JSON-able data: enums as their values, rates as "87.50", the fraction as "1/2"."""
        return {
            "rows": [_row_dict(row) for row in self.rows],
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "grade_basis": self.grade_basis.value,
            "grade_fraction": str(self.grade_fraction),
            "basis_count": self.basis_count,
            "overall_satisfied_rate": _rate_text(self.overall_satisfied_rate),
            "overall_combined_rate": _rate_text(self.overall_combined_rate),
            "rectification_ids": list(self.rectification_ids),
        }


def _rate_text(rate: Decimal) -> str:
    return f"{rate:.2f}"


def _row_dict(row: ProjectRating) -> dict:
    return {
        "project_id": row.project_id,
        "position": row.position,
        "satisfied": row.satisfied,
        "fairly_satisfied": row.fairly_satisfied,
        "dissatisfied": row.dissatisfied,
        "abstain": row.abstain,
        "satisfied_rate": _rate_text(row.satisfied_rate),
        "combined_rate": _rate_text(row.combined_rate),
        "grade": row.grade.value if row.grade is not None else None,
        "needs_rectification": row.needs_rectification,
    }


def _grade(satisfied: int, fairly_satisfied: int, basis: int, fraction: Fraction) -> Grade:
    """The 镇海区 rule: 满意 if 满意 is more than the fraction of the basis, else 基本满意 if
    满意 + 基本满意 is, else 不满意. "More than" is strict: exactly half is not enough."""
    if more_than(satisfied, basis, fraction):
        return Grade.SATISFIED
    if more_than(satisfied + fairly_satisfied, basis, fraction):
        return Grade.FAIRLY_SATISFIED
    return Grade.DISSATISFIED


def _project_rating(
    project_id: int, position: int, settings: RatingSettings, tally: RatingTally, basis: int
) -> ProjectRating:
    satisfied = tally.satisfied.get(project_id, 0)
    fairly_satisfied = tally.fairly_satisfied.get(project_id, 0)
    # No valid sheet says nothing about a project: no grade, and nothing to rectify.
    grade = None
    if tally.valid:
        grade = _grade(satisfied, fairly_satisfied, basis, settings.grade_fraction)
    return ProjectRating(
        project_id=project_id,
        position=position,
        satisfied=satisfied,
        fairly_satisfied=fairly_satisfied,
        dissatisfied=tally.dissatisfied.get(project_id, 0),
        abstain=tally.abstain.get(project_id, 0),
        satisfied_rate=percent(satisfied, tally.valid),
        combined_rate=percent(satisfied + fairly_satisfied, tally.valid),
        grade=grade,
        needs_rectification=grade is Grade.DISSATISFIED,
    )


def rate(
    projects: Sequence[tuple[int, int]], settings: RatingSettings, tally: RatingTally
) -> RatingResult:
    """Rates and grades per project, given as (project_id, position), as RULES.md describes."""
    basis = tally.returned if settings.grade_basis is GradeBasis.RETURNED else tally.valid
    rows = [
        _project_rating(project_id, position, settings, tally, basis)
        for project_id, position in sorted(projects, key=lambda project: project[1])
    ]
    # Every project's ratings together: each valid sheet holds one rating per project.
    all_ratings = tally.valid * len(rows)
    all_satisfied = sum(row.satisfied for row in rows)
    all_fairly_satisfied = sum(row.fairly_satisfied for row in rows)
    return RatingResult(
        rows=rows,
        returned=tally.returned,
        valid=tally.valid,
        invalid=tally.invalid,
        grade_basis=settings.grade_basis,
        grade_fraction=settings.grade_fraction,
        basis_count=basis,
        overall_satisfied_rate=percent(all_satisfied, all_ratings),
        overall_combined_rate=percent(all_satisfied + all_fairly_satisfied, all_ratings),
        rectification_ids=[row.project_id for row in rows if row.needs_rectification],
    )
