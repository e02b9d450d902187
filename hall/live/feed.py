"""The scrolling 满意 feed: what one release of a rating's tallies adds, shuffled.

A feed item per 满意 and 基本满意 mark (不满意 is not scrolled). Items never come one per tap:
they are the difference between two releases of the tallies (hall/voting/released.py), at least
SECRET_BATCH sheets apart while the rating is open, shuffled, so nobody in the hall can tell
whose phone produced which line, and counting them tells no more than the released tallies.
"""

import random

SCROLLED = ("satisfied", "fairly_satisfied")

_shuffle = random.SystemRandom().shuffle


def feed_items(before: dict, after: dict) -> list[dict]:
    """The shuffled items that take a rating's result `before` to `after`."""
    earlier = {row["project_id"]: row for row in before["rows"]}
    items = []
    for row in after["rows"]:
        was = earlier.get(row["project_id"], {})
        for rating in SCROLLED:
            added = row[rating] - was.get(rating, 0)
            item = {"project_id": row["project_id"], "name": row["name"], "rating": rating}
            items += [item] * max(added, 0)
    _shuffle(items)
    return items


def feed_totals(result: dict) -> dict:
    """满意 and 基本满意 marks in a rating's result, over all projects (the screen's counter)."""
    return {rating: sum(row[rating] for row in result["rows"]) for rating in SCROLLED}
