"""Pure voting and rating rules: no Flask, no database, no sockets."""

from hall.rules.project_vote import (
    Candidate,
    Outcome,
    ProjectVoteResult,
    Roll,
    Row,
    Tally,
    VoteSettings,
    decide,
    tally,
)
from hall.rules.roll import (
    Basis,
    basis_count,
    minimum_more_than,
    more_than,
    parse_fraction,
    quorum_met,
)
from hall.rules.sheets import (
    Form,
    Mark,
    SheetError,
    canonical_json,
    check_phone_sheet,
    is_within_cap,
    normalize_sheet,
    parse_canonical,
    yes_count,
)

__all__ = [
    "Basis",
    "Candidate",
    "Form",
    "Mark",
    "Outcome",
    "ProjectVoteResult",
    "Roll",
    "Row",
    "SheetError",
    "Tally",
    "VoteSettings",
    "basis_count",
    "canonical_json",
    "check_phone_sheet",
    "decide",
    "is_within_cap",
    "minimum_more_than",
    "more_than",
    "normalize_sheet",
    "parse_canonical",
    "parse_fraction",
    "quorum_met",
    "tally",
    "yes_count",
]
