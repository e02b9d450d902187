"""Results from the ballot box: read the sheets, apply the rules of the ballot's kind.

How each kind of ballot reads, checks and counts its sheets is hall/rules/kinds.py.
"""

import hashlib

import sqlalchemy as sa

from hall.ballots.life import roll_for
from hall.rules.kinds import kind_of
from hall.store.models import Ballot, Sheet
from hall.voting.result_cache import results
from hall.voting.rounds import final_block

SOURCES = ("phone", "paper")


def canonical_phone_sheet(ballot: Ballot, raw: object) -> str:
    """Check a phone's sheet against its ballot (SheetError if it fails); canonical text."""
    item_ids = [item.item_id for item in ballot.items]
    return kind_of(ballot).check(item_ids, ballot.places, raw)


def parsed_marks(ballot: Ballot, text: str) -> dict:
    return kind_of(ballot).parse(text)


def compute_result(
    session, ballot: Ballot, with_final: bool = True, empty_box: bool = False
) -> dict:
    """The result object of docs/api.md, with item names, from the sheets in the box (or, with
    `empty_box`, as if none were in it yet: see hall/voting/released.py).

    A project vote with re-votes also gets `final`, the rounds combined (hall/voting/rounds.py).
    A stopped ballot's count is kept (hall/voting/result_cache.py).
    """
    if empty_box:
        result = _count(session, ballot, [])
    else:
        result = results.get(session, ballot, lambda: _count_box(session, ballot))
    if with_final and kind_of(ballot).revotes:
        final = final_block(session, ballot, result, _round_result)
        if final is not None:
            result["final"] = final
    return result


def _count_box(session, ballot: Ballot) -> dict:
    query = sa.select(Sheet.receipt_hash, Sheet.valid, Sheet.marks, Sheet.source).where(
        Sheet.ballot_id == ballot.id
    )
    return _count(session, ballot, session.execute(query).all())


def _count(session, ballot: Ballot, rows) -> dict:
    kind = kind_of(ballot)
    sheets = ((valid, kind.parse(marks)) for _, valid, marks, _ in rows)
    result = kind.count(ballot, sheets, lambda: roll_for(session, ballot))
    names = {item.item_id: item.name for item in ballot.items}
    for row in result["rows"]:
        row["name"] = names[row[kind.item_key]]
    result["kind"] = ballot.kind
    result["void_reason"] = ballot.void_reason if ballot.state == "void" else None
    result["digest"] = box_digest(row[:3] for row in rows)
    result["sources"] = source_counts((source, valid) for _, valid, _, source in rows)
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
