"""The ballot as every phone receives it with the state: the sheet to fill while it is open, with
its candidates' 来源 lines, and once it is published what was chosen
(hall/voting/phone_summary.py).

Sending the published summary with the state, once to all, spares 3,000 phones asking for it
at the same moment (the page used to fetch it as soon as it saw "published"); a stopped
ballot's count is kept (hall/voting/result_cache.py), so each push reads it cheaply.
"""

from hall.ballots.views import phone_view
from hall.projects.ballot_provenance import provenance_lines
from hall.store.models import Ballot
from hall.voting.phone_summary import phone_summary
from hall.voting.results import compute_result


def phone_ballot(session, ballot: Ballot | None) -> dict | None:
    if ballot is None:
        return None
    # The candidates' 来源 lines, once per opened ballot, not per push (ballot_provenance.py).
    view = phone_view(ballot, provenance_lines.lines(session, ballot))
    if ballot.state == "published":
        view["result"] = phone_summary(compute_result(session, ballot))
    return view
