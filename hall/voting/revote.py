"""Re-vote (重新票决) on a tie at the cut-off: a new draft on just the tied candidates.

The re-vote is created as a draft, so the desk opens it deliberately (after announcing it),
with the same settings as the round before it and `places` = the places left.
"""

from hall.ballots.factory import new_ballot
from hall.base.errors import HallError
from hall.rules.kinds import kind_of
from hall.store import audit
from hall.store.models import Ballot, BallotItem
from hall.voting.results import compute_result
from hall.voting.rounds import chain

UNSETTLED = ("draft", "open")


ROUND_NUMERALS = "一二三四五六七八九十"


def revote_title(round_number: int, tied: int, places: int) -> str:
    """A title such as 第二轮票决：3 个并列项目选 2 项, short enough for one line on the screen."""
    numeral = ROUND_NUMERALS[round_number - 1] if round_number <= 10 else str(round_number)
    return f"第{numeral}轮票决：{tied} 个并列项目选 {places} 项"


def create_revote(session, ballot: Ballot, actor: str) -> Ballot:
    """A draft re-vote on the tie that `ballot`'s chain of rounds still has open."""
    rounds = _settled_rounds(session, ballot)
    first, last = rounds[0], rounds[-1]
    result = compute_result(session, last)
    standing = result.get("final", result)
    tied_ids, places_left = standing["tied_ids"], standing["places_left"]
    if not tied_ids or places_left < 1:
        raise HallError("no_tie", "结果中没有并列的项目，无需重新票决", 409)
    revote = new_ballot(
        session,
        last.meeting,
        last.kind,
        title=revote_title(len(rounds) + 1, len(tied_ids), places_left),
        form=last.form,
        places=places_left,
        display=last.display,
        secret=last.secret,
        require_sign_in=last.require_sign_in,
        countdown_seconds=last.countdown_seconds,
        paper_two_person=last.paper_two_person,
        parent_id=last.id,
        threshold_basis=last.threshold_basis,
        threshold_fraction=last.threshold_fraction,
        validity_fraction=last.validity_fraction,
    )
    ordered = _add_tied_items(session, revote, first, tied_ids)
    audit.record(
        session,
        actor,
        "ballot_revote",
        ballot=revote.id,
        parent=last.id,
        candidates=ordered,
        places=places_left,
    )
    return revote


def _settled_rounds(session, ballot: Ballot) -> list[Ballot]:
    """The chain of rounds `ballot` belongs to, refused unless its last round is over."""
    if not kind_of(ballot).revotes:
        raise HallError("bad_request", f"{kind_of(ballot).name}没有重新票决", 400)
    rounds = chain(session, ballot)
    first, last = rounds[0], rounds[-1]
    if first.state == "void":
        raise HallError("invalid_state", "该投票已作废，不能重新票决", 409)
    if last.state in UNSETTLED:
        if last is first:
            raise HallError("invalid_state", "投票结束后才能根据并列结果重新票决", 409)
        message = f"重新票决「{last.title}」尚未结束，不能再发起"
        raise HallError("invalid_state", message, 409)
    return rounds


def _add_tied_items(session, revote: Ballot, first: Ballot, tied_ids) -> list[int]:
    """The tied candidates on the re-vote, in the order of the original list (as the sheet
    shows them); answers their ids in that order."""
    order = {item.candidate_id: item.position for item in first.items}
    ordered = sorted(tied_ids, key=lambda candidate_id: order.get(candidate_id, 0))
    session.add_all(
        BallotItem(ballot_id=revote.id, position=position, candidate_id=candidate_id)
        for position, candidate_id in enumerate(ordered, start=1)
    )
    session.flush()
    session.expire(revote, ["items"])
    return ordered
