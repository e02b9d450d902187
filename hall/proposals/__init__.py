"""问需于民: collection rounds, proposals from the public and the deputies, supports, the
desk's queue and answers, statistics. Owns the proposal tables (hall.store.models.proposals)."""
