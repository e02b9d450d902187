"""The one place a ballot is made: its kind's defaults, then the meeting's rules (sign-in,
threshold, validity), then what the caller sets."""

from hall.store.models import Ballot, Meeting

PROJECT_VOTE, RATING = "project_vote", "rating"
DEFAULT_TITLES = {
    PROJECT_VOTE: "{year}年民生实事项目票决",
    RATING: "{year}年民生实事项目满意度测评",
}


def new_ballot(session, meeting: Meeting, kind: str = PROJECT_VOTE, **fields) -> Ballot:
    """A new draft ballot of `kind` in the meeting, flushed (so it has its id)."""
    values = {
        "meeting_id": meeting.id,
        "kind": kind,
        "title": default_title(kind, meeting),
        "form": "rating" if kind == RATING else "approve",
        "places": 0 if kind == RATING else 10,
        # RULES.md: a rating scrolls its 满意 live; a project vote takes the meeting's display.
        "display": "live" if kind == RATING else meeting.default_display or "turnout",
        "secret": True,
        **meeting_rules(meeting),
    }
    ballot = Ballot(**{**values, **fields})
    session.add(ballot)
    session.flush()
    return ballot


def default_title(kind: str, meeting: Meeting) -> str:
    """A new ballot's title; a rating rates last year's projects, the vote chooses this year's."""
    year = meeting.year - 1 if kind == RATING else meeting.year
    return DEFAULT_TITLES[kind].format(year=year)


def meeting_rules(meeting: Meeting) -> dict:
    """The meeting's sign-in and counting rules, which a new ballot starts from."""
    return {
        "require_sign_in": meeting.sign_in_required,
        "threshold_basis": meeting.threshold_basis,
        "threshold_fraction": meeting.threshold_fraction,
        "validity_fraction": meeting.validity_fraction,
    }
