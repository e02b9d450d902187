"""A ballot as the desk's overview and the phones show it."""

from hall.ballots.life import turnout
from hall.base.clock import epoch_ms
from hall.store.models import Ballot, BallotItem


def ballot_summary(session, ballot: Ballot) -> dict:
    """The ballot as the desk's overview lists it."""
    return {
        "id": ballot.id,
        "title": ballot.title,
        "kind": ballot.kind,
        "state": ballot.state,
        "form": ballot.form,
        "places": ballot.places,
        "display": ballot.display,
        "secret": ballot.secret,
        "require_sign_in": ballot.require_sign_in,
        "opened_at": epoch_ms(ballot.opened_at),
        "closed_at": epoch_ms(ballot.closed_at),
        "closes_at": epoch_ms(ballot.closes_at),
        "turnout": turnout(session, ballot),
        "items": len(ballot.items),
        "countdown_seconds": ballot.countdown_seconds,
        "void_reason": ballot.void_reason,
        "parent_id": ballot.parent_id,
    }


def phone_view(ballot: Ballot, provenance: dict[int, str] | None = None) -> dict:
    """The ballot as a phone shows it: the sheet to fill, never any count. `provenance` gives the
    line under a candidate's name, by candidate id (hall/projects/ballot_provenance.py)."""
    provenance = provenance or {}
    return {
        "id": ballot.id,
        "kind": ballot.kind,
        "title": ballot.title,
        "state": ballot.state,
        "form": ballot.form,
        "places": ballot.places,
        "require_sign_in": ballot.require_sign_in,
        "closes_at": epoch_ms(ballot.closes_at),
        "items": [_phone_item(item, provenance) for item in ballot.items],
    }


def _phone_item(item: BallotItem, provenance: dict[int, str]) -> dict:
    if item.candidate is not None:
        candidate = item.candidate
        details = {
            "lead_department": candidate.lead_department,
            "summary": candidate.summary,
            "budget": candidate.budget,
            "provenance": provenance.get(candidate.id),  # None: made without proposals
        }
    else:
        details = project_view(item.project)
    return {**details, "id": item.item_id, "position": item.position, "name": item.name}


def project_view(project) -> dict:
    """A completed project with its sub-projects, as phones and the showcase show it."""
    return {
        "id": project.id,
        "position": project.position,
        "name": project.name,
        "area": project.area,
        "lead_department": project.lead_department,
        "summary": project.summary,
        "subprojects": [
            {
                "name": sub.name,
                "target": sub.target,
                "achieved": sub.achieved,
                "unit": sub.unit,
                "status": sub.status,
                "completed_on": sub.completed_on.isoformat() if sub.completed_on else None,
                "progress": sub.progress,
            }
            for sub in project.subprojects
        ],
    }
