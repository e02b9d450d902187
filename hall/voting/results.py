"""Results from the ballot box: read the sheets, apply the rules of the ballot's kind.

Also the one place that knows how each kind of ballot checks and stores a phone's sheet.
"""

import hashlib

import sqlalchemy as sa

from hall.ballots.factory import RATING
from hall.ballots.life import roll_for
from hall.rules import (
    Basis,
    Candidate,
    Form,
    Roll,
    VoteSettings,
    canonical_json,
    check_phone_sheet,
    decide,
    parse_canonical,
    parse_fraction,
    tally,
)
from hall.rules.rating import (
    RatingSettings,
    normalize_rating_sheet,
    parse_rating_canonical,
    rate,
    rating_canonical_json,
    tally_ratings,
)
from hall.store.models import Ballot, Sheet
from hall.voting.rounds import final_block

SOURCES = ("phone", "paper")


def canonical_phone_sheet(ballot: Ballot, raw: object) -> str:
    """Check a phone's sheet against its ballot (SheetError if it fails); canonical text."""
    item_ids = [item.item_id for item in ballot.items]
    if ballot.kind == RATING:
        return rating_canonical_json(normalize_rating_sheet(item_ids, raw))
    return canonical_json(check_phone_sheet(Form(ballot.form), item_ids, ballot.places, raw))


def parsed_marks(ballot: Ballot, text: str) -> dict:
    return parse_rating_canonical(text) if ballot.kind == RATING else parse_canonical(text)


def compute_result(
    session, ballot: Ballot, with_final: bool = True, empty_box: bool = False
) -> dict:
    """The result object of docs/api.md, with item names, from the sheets in the box (or, with
    `empty_box`, as if none were in it yet: see hall/voting/released.py).

    A project vote with re-votes also gets `final`, the rounds combined (hall/voting/rounds.py).
    """
    query = sa.select(Sheet.receipt_hash, Sheet.valid, Sheet.marks, Sheet.source).where(
        Sheet.ballot_id == ballot.id
    )
    rows = [] if empty_box else session.execute(query).all()
    sheets = ((valid, parsed_marks(ballot, marks)) for _, valid, marks, _ in rows)
    if ballot.kind == RATING:
        result = _rating_result(ballot, sheets)
    else:
        result = _project_vote_result(session, ballot, sheets)
    names = {item.item_id: item.name for item in ballot.items}
    id_key = "project_id" if ballot.kind == RATING else "candidate_id"
    for row in result["rows"]:
        row["name"] = names[row[id_key]]
    result["kind"] = ballot.kind
    result["void_reason"] = ballot.void_reason if ballot.state == "void" else None
    result["digest"] = box_digest(row[:3] for row in rows)
    result["sources"] = source_counts((source, valid) for _, valid, _, source in rows)
    if with_final and ballot.kind != RATING:
        final = final_block(session, ballot, result, _round_result)
        if final is not None:
            result["final"] = final
    return result


def _round_result(session, ballot: Ballot) -> dict:
    return compute_result(session, ballot, with_final=False)


def source_counts(sheets) -> dict:
    """Sheets returned, valid and invalid per source (phone, paper), from (source, valid)."""
    counts = {source: {"returned": 0, "valid": 0, "invalid": 0} for source in SOURCES}
    for source, valid in sheets:
        per_source = counts.setdefault(source, {"returned": 0, "valid": 0, "invalid": 0})
        per_source["returned"] += 1
        per_source["valid" if valid else "invalid"] += 1
    return counts


def box_digest(rows) -> str:
    """SHA-256 over the box's sheets sorted by key: a scrutineer can check an export with it."""
    digest = hashlib.sha256()
    for key, valid, marks in sorted(rows):
        digest.update(f"{key}:{int(valid)}:{marks}\n".encode())
    return digest.hexdigest()


def _project_vote_result(session, ballot: Ballot, sheets) -> dict:
    candidates = [Candidate(item.item_id, item.position) for item in ballot.items]
    counted = tally([c.id for c in candidates], sheets)
    roll = roll_for(session, ballot)
    issued = roll.present if ballot.require_sign_in else roll.expected
    settings = VoteSettings(
        places=ballot.places,
        form=Form(ballot.form),
        threshold_basis=Basis(ballot.threshold_basis),
        threshold_fraction=parse_fraction(ballot.threshold_fraction),
        validity_fraction=parse_fraction(ballot.validity_fraction),
    )
    roll = Roll(expected=roll.expected, present=roll.present, issued=issued, on_leave=roll.on_leave)
    result = decide(candidates, settings, roll, counted).to_dict()
    result["threshold_fraction"] = ballot.threshold_fraction
    return result


def _rating_result(ballot: Ballot, sheets) -> dict:
    projects = [(item.item_id, item.position) for item in ballot.items]
    counted = tally_ratings([project_id for project_id, _ in projects], sheets)
    settings = RatingSettings(grade_basis=ballot.grade_basis, grade_fraction=ballot.grade_fraction)
    return rate(projects, settings, counted).to_dict()
