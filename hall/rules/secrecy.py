"""What may be seen of a secret ballot while it is open (RULES.md "Secrecy")."""

# Every tally anyone can see while a secret ballot is open moves only by at least this many
# new sheets: one sheet at a time, beside the list of who has not voted yet, names a choice.
SECRET_BATCH = 5
