"""Casting a sheet from any surface: the ballot box, then the live state."""

from hall.live.state import live
from hall.voting.writer import writer


def cast_and_announce(
    *, ballot_id: int, deputy_id: int, receipt: object, sheet: object, check=None
):
    """Cast (see ballot_box.cast), then let the screens know, batched, never per vote.

    Under run.py the cast goes through the group-commit writer (hall.voting.writer). `check`
    (see ballot_box.Check) refuses first, on the deputy's row as the ballot box reads it.
    """
    ack = writer.cast(
        ballot_id=ballot_id, deputy_id=deputy_id, receipt=receipt, sheet=sheet, check=check
    )
    if ack.status == "counted":
        live.mark_dirty(ack.meeting_id)  # the feed follows the released tallies
    return ack
