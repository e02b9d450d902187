"""The meeting: which one is current, its settings, roll, rehearsal, creation and carry-over."""
