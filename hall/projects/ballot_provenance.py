"""The provenance lines (来源) of a project vote's candidates, as the phones show them under each
name: computed once per opened ballot and kept in this process's memory.

Why a cache: the lines ride in the phone state (hall/live/state.py), which is rebuilt on every
push (several a second while 3,000 sheets arrive) and for connecting phones, and computing them
costs a few queries per candidate (proposal_sources.provenance). Asked by each phone instead,
they were 3,000 requests at the moment the deputies start voting. Once a ballot opens its items
are frozen (the candidates and their proposals are locked once the project vote leaves draft,
projects/candidates.py), so the lines computed at the opening serve the whole vote; a support or
merge arriving later shows on the desk's list, not on a sheet already in the deputies' hands.
"""

from hall.base.bounded import Bounded
from hall.projects.proposal_sources import provenance
from hall.rules.kinds import kind_of
from hall.store.models import Ballot

CACHED_BALLOTS = 64  # a meeting has a handful of ballots; a long-running server many meetings


class ProvenanceLines:
    """{candidate id: "来源：…"} per ballot, kept by the ballot's id and the time it opened.

    The opening time is in the key because a rehearsal's wipe puts every ballot back to draft
    (hall/meeting/rehearsal.py), where its candidates may change, and the real opening that
    follows must not be answered with the rehearsal's lines. A draft (never opened) is computed
    afresh each time and not kept. Bounded: the oldest entries go first.
    """

    def __init__(self, size: int = CACHED_BALLOTS):
        self._lines: Bounded = Bounded(size)  # (ballot id, opened at) -> lines

    def lines(self, session, ballot: Ballot) -> dict[int, str]:
        """The lines of the ballot's candidates made from (or matched to) proposals; {} for a
        ballot whose items are not candidates (a rating). Callers must not change the answer."""
        if kind_of(ballot).items_from != "candidates":
            return {}
        if ballot.opened_at is None:
            return _computed(session, ballot)
        key = (ballot.id, ballot.opened_at)
        found = self._lines.get(key)
        if found is None:
            found = _computed(session, ballot)
            self._lines.put(key, found)
        return found

    def clear(self) -> None:
        self._lines.clear()


def _computed(session, ballot: Ballot) -> dict[int, str]:
    ids = [item.candidate_id for item in ballot.items if item.candidate_id is not None]
    return {key: entry["text"] for key, entry in provenance(session, ids).items()}


provenance_lines = ProvenanceLines()
