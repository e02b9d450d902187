"""What the chair's monitor shows: the step, the turnout, the result and the 主持词.

While a ballot is open the chair sees its turnout, never a tally: every figure of an open
ballot would come from `visible_result` (hall/released.py), and none is shown before the close.
Once closed, the chair sees the result before the hall does, to announce it.
"""

from hall.ballots.life import ballot_for_phones, turnout
from hall.base.clock import now_ms
from hall.chair.script import script_lines
from hall.meeting.roll import roll_call
from hall.rules.kinds import kind_of
from hall.store.models import Meeting
from hall.voting.released import visible_result

STEP_NAMES = {
    "sign_in": "签到",
    "open": "投票进行中",
    "closed": "投票已结束 · 结果尚未公布",
    "published": "结果已公布",
    "void": "投票已作废",
}


def chair_snapshot(session, meeting: Meeting) -> dict:
    roll = roll_call(session, meeting).to_dict()
    ballot = ballot_for_phones(session, meeting.id)
    step = ballot.state if ballot is not None else "sign_in"
    shown = None
    result = None
    if ballot is not None:
        shown = {
            "id": ballot.id,
            "title": ballot.title,
            "kind": ballot.kind,
            "form": ballot.form,
            "places": ballot.places,
            "state": ballot.state,
            "turnout": turnout(session, ballot),
            # The result table's columns: the marks the ballot's kind gives, whatever was cast
            # (a yes / no / abstain ballot with only 赞成 cast still shows 反对 and 弃权).
            "marks": list(kind_of(ballot).phone_marks),
        }
        if ballot.state in ("closed", "published"):
            result = visible_result(session, ballot)
    name = STEP_NAMES[step]
    if ballot is not None:
        # RULES.md "Words": a rating is never called 投票.
        name = name.replace("投票", kind_of(ballot).act)
    return {
        "server_time": now_ms(),
        "meeting": {"name": meeting.name, "year": meeting.year},
        "roll": roll,
        "step": step,
        "step_name": name,
        "ballot": shown,
        "result": result,
        "script": script_lines(meeting, roll, shown, result),
    }
