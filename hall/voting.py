"""Casting a sheet from any surface: the ballot box, then the live state and the feed."""

from hall.ballot_writer import writer
from hall.live import live
from hall.results import RATING


def cast_and_announce(
    *, ballot_id: int, deputy_id: int, receipt: object, sheet: object, check=None
):
    """Cast (see ballot_box.cast), then let the screens know, batched, never per vote.

    Under run.py the cast goes through the group-commit writer (hall.ballot_writer). `check`
    (see ballot_box.Check) refuses first, on the deputy's row as the ballot box reads it.
    """
    ack = writer.cast(
        ballot_id=ballot_id, deputy_id=deputy_id, receipt=receipt, sheet=sheet, check=check
    )
    if ack.status == "counted":
        live.mark_dirty(ack.meeting_id)
        if ack.ballot_kind == RATING:
            live.feed.add(ballot_id, ack.counted_marks)
    return ack
