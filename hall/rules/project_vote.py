"""The project vote (票决): count sheets, apply the threshold, choose K projects, report ties."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from hall.rules.roll import Basis, basis_count, minimum_more_than, more_than, parse_fraction
from hall.rules.sheets import Form, Mark, count_sheets


@dataclass(frozen=True)
class Candidate:
    """A project on the ballot; `position` is its 1-based place in the list."""

    id: int
    position: int


@dataclass(frozen=True)
class VoteSettings:
    """The ballot's rules; `places` (K) caps 赞成 per sheet and is how many projects are chosen."""

    places: int
    form: Form = Form.APPROVE
    threshold_basis: Basis = Basis.EXPECTED
    threshold_fraction: Fraction = Fraction(1, 2)
    validity_fraction: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        if self.places < 1:
            raise ValueError(f"at least one place is needed: {self.places}")
        # Settings often arrive as stored text ("2/3", "present"); hold them as exact values.
        object.__setattr__(self, "form", Form(self.form))
        object.__setattr__(self, "threshold_basis", Basis(self.threshold_basis))
        object.__setattr__(self, "threshold_fraction", parse_fraction(self.threshold_fraction))
        object.__setattr__(self, "validity_fraction", parse_fraction(self.validity_fraction))


@dataclass(frozen=True)
class Roll:
    """应到 (the whole roster), 实到 and 发出 (sheets issued) at the close of the vote, and 请假
    (None when not known); leave lowers neither 应到 nor the threshold on it."""

    expected: int
    present: int
    issued: int
    on_leave: int | None = None


@dataclass
class Tally:
    """Sheets received and the marks per item on the valid ones."""

    returned: int
    valid: int
    invalid: int
    yes: dict[int, int] = field(default_factory=dict)
    no: dict[int, int] = field(default_factory=dict)
    abstain: dict[int, int] = field(default_factory=dict)


def tally(item_ids: Sequence[int], sheets: Iterable[tuple[bool, Mapping[int, Mark]]]) -> Tally:
    """Count sheets given as (valid, marks); invalid sheets count only as returned and invalid."""
    returned, valid, counts = count_sheets(item_ids, sheets, Mark)
    return Tally(
        returned=returned,
        valid=valid,
        invalid=returned - valid,
        yes=counts[Mark.YES],
        no=counts[Mark.NO],
        abstain=counts[Mark.ABSTAIN],
    )


class Outcome(StrEnum):
    """What the vote decided for one candidate."""

    CHOSEN = "chosen"  # 入选 / 确定为年度民生实事项目
    TIED = "tied"  # tied at the cut-off: 待重新票决
    NOT_CHOSEN = "not_chosen"  # passed the threshold but ranked below the places
    NOT_PASSED = "not_passed"  # did not get more than the threshold
    UNDECIDED = "undecided"  # the whole vote is invalid or void


@dataclass(frozen=True)
class Row:
    """One candidate's line on the result; `rank` is shared by equal 赞成 (1, 2, 2, 4)."""

    candidate_id: int
    position: int
    yes: int
    no: int
    abstain: int
    passed: bool
    outcome: Outcome
    rank: int


@dataclass(frozen=True)
class ProjectVoteResult:
    """The outcome of a project vote, rows in display order (赞成 descending, then list order)."""

    rows: list[Row]
    places: int
    threshold: int
    threshold_basis: Basis
    basis_count: int
    chosen_ids: list[int]
    tied_ids: list[int]
    places_left: int
    shortfall: int
    expected: int
    present: int
    on_leave: int | None
    absent: int  # 缺席 = 应到 − 实到, those on leave among them
    issued: int
    returned: int
    valid: int
    invalid: int
    vote_valid: bool
    void: bool

    def to_dict(self) -> dict:
        """Plain JSON-able data, enums as their string values."""
        return {
            "rows": [_row_dict(row) for row in self.rows],
            "places": self.places,
            "threshold": self.threshold,
            "threshold_basis": self.threshold_basis.value,
            "basis_count": self.basis_count,
            "chosen_ids": list(self.chosen_ids),
            "tied_ids": list(self.tied_ids),
            "places_left": self.places_left,
            "shortfall": self.shortfall,
            "expected": self.expected,
            "present": self.present,
            "on_leave": self.on_leave,
            "absent": self.absent,
            "issued": self.issued,
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "vote_valid": self.vote_valid,
            "void": self.void,
        }


def _row_dict(row: Row) -> dict:
    return {
        "candidate_id": row.candidate_id,
        "position": row.position,
        "yes": row.yes,
        "no": row.no,
        "abstain": row.abstain,
        "passed": row.passed,
        "outcome": row.outcome.value,
        "rank": row.rank,
    }


def _competition_ranks(yes_in_order: list[int]) -> list[int]:
    """1-based ranks for counts sorted descending; equal counts share the better rank."""
    ranks = []
    for index, yes in enumerate(yes_in_order):
        shared = index > 0 and yes == yes_in_order[index - 1]
        ranks.append(ranks[-1] if shared else index + 1)
    return ranks


def _outcomes(passing_yes: list[int], places: int) -> tuple[list[Outcome], int]:
    """Outcomes of the passing candidates (by 赞成 descending) and the places left to a tie."""
    if len(passing_yes) <= places:
        return [Outcome.CHOSEN] * len(passing_yes), 0
    cut_off = passing_yes[places - 1]
    if passing_yes[places] != cut_off:
        return [Outcome.CHOSEN] * places + [Outcome.NOT_CHOSEN] * (len(passing_yes) - places), 0
    # Equal 赞成 straddles the cut-off: the tied candidates are left to a re-vote.
    outcomes = [
        Outcome.CHOSEN if yes > cut_off else Outcome.TIED if yes == cut_off else Outcome.NOT_CHOSEN
        for yes in passing_yes
    ]
    return outcomes, places - outcomes.count(Outcome.CHOSEN)


def _threshold(settings: VoteSettings, roll: Roll, tally: Tally) -> tuple[int, int]:
    """The basis count and the fewest 赞成 that pass."""
    basis = basis_count(
        settings.threshold_basis,
        expected=roll.expected,
        present=roll.present,
        returned=tally.returned,
    )
    return basis, minimum_more_than(basis, settings.threshold_fraction)


def _outcomes_in_order(
    passing_yes: list[int], count: int, places: int, decided: bool
) -> tuple[list[Outcome], int]:
    """The outcome of each of `count` candidates in order of 赞成, and the places left."""
    if decided:
        passing_outcomes, places_left = _outcomes(passing_yes, places)
        failing_outcome = Outcome.NOT_PASSED
    else:
        passing_outcomes, places_left = [Outcome.UNDECIDED] * len(passing_yes), 0
        failing_outcome = Outcome.UNDECIDED
    # Passing candidates come first in the order, since they have the most 赞成.
    return passing_outcomes + [failing_outcome] * (count - len(passing_yes)), places_left


def _rows(
    ordered: Sequence[Candidate],
    yes_in_order: list[int],
    outcomes: list[Outcome],
    tally: Tally,
    threshold: int,
) -> list[Row]:
    return [
        Row(
            candidate_id=candidate.id,
            position=candidate.position,
            yes=yes,
            no=tally.no.get(candidate.id, 0),
            abstain=tally.abstain.get(candidate.id, 0),
            passed=yes >= threshold,
            outcome=outcome,
            rank=rank,
        )
        for candidate, yes, outcome, rank in zip(
            ordered, yes_in_order, outcomes, _competition_ranks(yes_in_order), strict=True
        )
    ]


def decide(
    candidates: Sequence[Candidate], settings: VoteSettings, roll: Roll, tally: Tally
) -> ProjectVoteResult:
    """Apply the threshold and the places to the counts, as RULES.md describes."""
    basis, threshold = _threshold(settings, roll, tally)
    vote_valid = more_than(tally.returned, roll.expected, settings.validity_fraction)
    void = tally.returned > roll.issued
    decided = vote_valid and not void

    ordered = sorted(candidates, key=lambda c: (-tally.yes.get(c.id, 0), c.position))
    yes_in_order = [tally.yes.get(c.id, 0) for c in ordered]
    passing_yes = [yes for yes in yes_in_order if yes >= threshold]
    outcomes, places_left = _outcomes_in_order(passing_yes, len(ordered), settings.places, decided)
    rows = _rows(ordered, yes_in_order, outcomes, tally, threshold)
    shortfall = max(settings.places - len(passing_yes), 0) if decided else 0
    return ProjectVoteResult(
        rows=rows,
        places=settings.places,
        threshold=threshold,
        threshold_basis=settings.threshold_basis,
        basis_count=basis,
        chosen_ids=[row.candidate_id for row in rows if row.outcome is Outcome.CHOSEN],
        tied_ids=[row.candidate_id for row in rows if row.outcome is Outcome.TIED],
        places_left=places_left,
        shortfall=shortfall,
        expected=roll.expected,
        present=roll.present,
        on_leave=roll.on_leave,
        absent=roll.expected - roll.present,
        issued=roll.issued,
        returned=tally.returned,
        valid=tally.valid,
        invalid=tally.invalid,
        vote_valid=vote_valid,
        void=void,
    )
