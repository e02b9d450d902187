"""The ballot the screen is about, its scene, and what of it the screen may show."""

from hall.ballots.life import ballot_for_phones, turnout
from hall.base.clock import epoch_ms
from hall.live.feed import feed_totals
from hall.rules.kinds import kind_of
from hall.store.models import Ballot, Meeting
from hall.voting.released import visible_result

PINNED_SCENES = ("title", "sign_in", "showcase")


def screen_ballot_choice(session, meeting: Meeting):
    """The ballot the screen is about: one the desk pinned (`ballot:<id>`), else the phones'."""
    if meeting.screen_scene.startswith("ballot:"):
        pinned = session.get(Ballot, int(meeting.screen_scene.split(":", 1)[1]))
        if pinned is not None and pinned.meeting_id == meeting.id and pinned.state != "draft":
            return pinned
    return ballot_for_phones(session, meeting.id)


def scene_of(ballot) -> str:
    if ballot is None:
        return "sign_in"
    if ballot.state == "open":
        return "voting"
    if ballot.state == "published":
        return "result"
    return "closed"  # the chair announces: outcomes go up only when published


def may_show_result(ballot) -> bool:
    if ballot.state == "void":
        return False  # a voided ballot yields no result on the screen
    return ballot.state == "published" or ballot.display == "live"


def screen_ballot(session, ballot) -> dict:
    shown = {
        "id": ballot.id,
        "title": ballot.title,
        "kind": ballot.kind,
        "state": ballot.state,
        "form": ballot.form,
        "places": ballot.places,
        "display": ballot.display,
        "closes_at": epoch_ms(ballot.closes_at),
        "turnout": None,
    }
    if ballot.display != "hidden" or ballot.state == "published":
        shown["turnout"] = turnout(session, ballot)
    if kind_of(ballot).live_feed and ballot.display == "live":
        # What the feed has scrolled so far (a reloaded screen resumes its counter from it).
        shown["feed_totals"] = feed_totals(visible_result(session, ballot))
    return shown
