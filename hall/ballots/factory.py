"""The one place a ballot is made: its kind's defaults (hall/rules/kinds.py), then the meeting's
rules (sign-in, threshold, validity), then what the caller sets."""

from hall.rules.kinds import PROJECT_VOTE, default_kind
from hall.store.models import Ballot, Meeting


def new_ballot(session, meeting: Meeting, kind: str = PROJECT_VOTE, **fields) -> Ballot:
    """A new draft ballot of `kind` in the meeting, flushed (so it has its id)."""
    starts_as = default_kind(kind)
    values = {
        "meeting_id": meeting.id,
        "kind": kind,
        "title": default_title(kind, meeting),
        "form": starts_as.form,
        "places": 10 if starts_as.has_places else 0,
        "display": starts_as.display or meeting.default_display or "turnout",
        "secret": True,
        **meeting_rules(meeting),
    }
    ballot = Ballot(**{**values, **fields})
    session.add(ballot)
    session.flush()
    return ballot


def default_title(kind: str, meeting: Meeting) -> str:
    """A new ballot's title, in the year its kind names (a rating rates last year's projects)."""
    starts_as = default_kind(kind)
    return starts_as.title.format(year=meeting.year + starts_as.title_year)


def meeting_rules(meeting: Meeting) -> dict:
    """The meeting's sign-in and counting rules, which a new ballot starts from."""
    return {
        "require_sign_in": meeting.sign_in_required,
        "threshold_basis": meeting.threshold_basis,
        "threshold_fraction": meeting.threshold_fraction,
        "validity_fraction": meeting.validity_fraction,
    }
