"""Ballots at the desk: drafting, opening and closing, extending and voiding."""
