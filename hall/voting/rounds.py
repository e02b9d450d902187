"""Re-vote rounds: a project vote and the re-votes on its ties, combined into one final result.

A re-vote (`parent_id`) is held on the candidates tied at the cut-off of the round before it,
for the places that round left. The final result is the first round's chosen candidates plus
each later round's; a round that ties again leaves its tie to the next round.
"""

from collections.abc import Callable

import sqlalchemy as sa

from hall.store.models import Ballot

COUNTED = ("closed", "published")


def chain_root(session, ballot: Ballot) -> Ballot:
    """The first round of the chain that `ballot` belongs to."""
    while ballot.parent_id is not None:
        ballot = session.get(Ballot, ballot.parent_id)
    return ballot


def next_round(session, ballot: Ballot) -> Ballot | None:
    """The re-vote held on `ballot`'s tie: the latest one not voided."""
    return session.scalar(
        sa.select(Ballot)
        .where(Ballot.parent_id == ballot.id, Ballot.state != "void")
        .order_by(Ballot.id.desc())
        .limit(1)
    )


def chain(session, ballot: Ballot) -> list[Ballot]:
    """Every round from the first, following re-votes that are not void."""
    rounds = [chain_root(session, ballot)]
    while (following := next_round(session, rounds[-1])) is not None:
        rounds.append(following)
    return rounds


def final_block(
    session, ballot: Ballot, result: dict, round_result: Callable[[object, Ballot], dict]
) -> dict | None:
    """The rounds combined, for a ballot in a chain of re-votes; None for a single vote.

    `result` is `ballot`'s own result (not computed twice); `round_result(session, other)`
    computes another round's, without a final block.
    """
    rounds = chain(session, ballot)
    if len(rounds) == 1 or rounds[0].state == "void":
        return None
    first = rounds[0]
    chosen: list[dict] = []
    tied_ids: list[int] = []
    places_left = 0
    tied_names: dict[int, str] = {}
    counted: list[int] = []
    pending_id = None
    for round_ in rounds:
        if round_.state not in COUNTED:
            pending_id = round_.id  # a re-vote drafted or still open: its tie is not settled
            break
        outcome = result if round_.id == ballot.id else round_result(session, round_)
        counted.append(round_.id)
        if not outcome["vote_valid"] or outcome["void"]:
            continue  # an invalid round decides nothing: its tie is still open
        names = {row["candidate_id"]: row["name"] for row in outcome["rows"]}
        chosen += [
            {"candidate_id": cid, "name": names[cid], "ballot_id": round_.id}
            for cid in outcome["chosen_ids"]
        ]
        tied_ids, places_left = list(outcome["tied_ids"]), outcome["places_left"]
        tied_names = names
    tied = [{"candidate_id": cid, "name": tied_names[cid]} for cid in tied_ids]
    return _final(first.places, chosen, tied, places_left, counted, pending_id)


def _final(
    places: int,
    chosen: list[dict],
    tied: list[dict],
    places_left: int,
    counted: list[int],
    pending_id: int | None,
) -> dict:
    """The final block from what the counted rounds settled."""
    tied_ids = [entry["candidate_id"] for entry in tied]
    return {
        "chosen_ids": [entry["candidate_id"] for entry in chosen],
        "tied_ids": tied_ids,
        "places_left": places_left,
        "rounds": counted,
        "places": places,
        "shortfall": max(places - len(chosen) - places_left, 0),
        "complete": not tied_ids and pending_id is None,
        "pending_id": pending_id,
        "chosen": chosen,
        "tied": tied,
    }
