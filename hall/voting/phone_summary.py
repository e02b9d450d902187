"""What a deputy's phone shows of a published result: the projects 入选, or a rating's grades.

It goes to every phone with the ballot's state (hall/live/state.py) and answers
`GET /api/v1/ballots/<id>/result` (hall/deputy/published.py): never a tally.
"""

from hall.rules.kinds import RATING, kind_of


def phone_summary(result: dict) -> dict:
    if kind_of(result).report == RATING:
        rows = [
            {"name": row["name"], "grade": row["grade"] if result["valid"] else None}
            for row in result["rows"]
        ]
        return {"kind": result["kind"], "rows": rows}
    final = result.get("final")
    if final and not final.get("pending_id"):
        chosen = [entry["name"] for entry in final["chosen"]]
        rounds = len(final["rounds"])
    else:
        names = {row["candidate_id"]: row["name"] for row in result["rows"]}
        chosen = [names[candidate_id] for candidate_id in result["chosen_ids"]]
        rounds = 1
    valid = result["vote_valid"] and not result["void"]
    return {
        "kind": result["kind"],
        "valid": valid,
        "chosen": chosen if valid else [],
        "rounds": rounds,
    }
