"""Casting a sheet from any surface: the one road a phone's sheet takes, by HTTP or socket."""

from hall.voting.writer import writer


def cast_and_announce(
    *, ballot_id: int, deputy_id: int, receipt: object, sheet: object, check=None
):
    """Cast (see hall.voting.box.cast); the screens hear of it after the commit, batched, never
    per vote (hall.store.changes).

    Under run.py the cast goes through the group-commit writer (hall.voting.writer). `check`
    (see hall.voting.box.Check) refuses first, on the deputy's row as the ballot box reads it.
    """
    return writer.cast(
        ballot_id=ballot_id, deputy_id=deputy_id, receipt=receipt, sheet=sheet, check=check
    )
