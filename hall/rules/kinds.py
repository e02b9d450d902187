"""The ballot kinds, in one place: approve up to K (差额票决), yes / no / abstain per candidate
(逐项表决) and the satisfaction rating (满意度测评).

Each kind says what a phone may mark and the desk may enter from paper, how a sheet is read,
stored and counted, what a new ballot of it is called and which body its report prints. The
floors above ask this registry (`kind_of(ballot)`) instead of testing `ballot.kind` or
`ballot.form` themselves: adding a kind means adding an entry here (and, for a new report
body, its printer in hall/reports/).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from hall.rules.project_vote import Candidate, Roll, VoteSettings, decide, tally
from hall.rules.rating import (
    Rating,
    RatingSettings,
    normalize_rating_sheet,
    parse_rating_canonical,
    rate,
    rating_canonical_json,
    tally_ratings,
)
from hall.rules.sheets import (
    Form,
    Mark,
    canonical_json,
    check_phone_sheet,
    is_within_cap,
    normalize_sheet,
    parse_canonical,
)

# Ballot.kind: what is decided (which projects to do, how well last year's were done).
PROJECT_VOTE, RATING = "project_vote", "rating"


@dataclass(frozen=True)
class Kind:
    """Everything that differs between the kinds of ballot.

    `ballot` is a Ballot (hall/store/models) or anything with the same attributes; `roll` is
    a callable giving the ballot's roll (expected, present, on_leave), asked only if needed.
    """

    form: str  # Ballot.form: how the sheet is laid out
    ballot_kind: str  # Ballot.kind
    kind_name: str  # what the desk calls a ballot of that kind: 票决, 满意度测评
    name: str  # 差额票决, as the desk names the form
    described: str  # the form as the result sheet states it, with {places}
    instruction: str  # what a deputy is asked to do on the phone, with {places}
    act: str  # what a deputy does: 投票, or 测评 (RULES.md "Words": a rating is never 投票)
    done: str  # a deputy who has: 已投, 已评
    phone_marks: tuple[str, ...]  # the marks a phone offers per item
    phone_layout: str  # how the phone lays the sheet out: a list to tick, rows of marks, cards
    paper_marks: tuple[str, ...]  # the marks the desk enters per item from a paper sheet
    sheet_key: str  # the one key of a submitted sheet: {"approve": [...]}, {"marks": {...}}
    item_key: str  # the id a result row names its item by
    items_from: str  # where the ballot's items come from: candidates or (completed) projects
    title: str  # a new ballot's title, with {year}
    title_year: int  # the year in the title, from the meeting's year
    report: str  # the body of the result sheet (hall/reports/result_sheet.py)
    has_places: bool  # a cap K on 赞成 and K places to fill
    revotes: bool  # a tie can be settled by a re-vote
    live_feed: bool  # shown live, its 满意 marks scroll on the screen as a feed
    display: str | None  # a new ballot's screen display (None: the meeting's default)
    read: Callable[[Sequence[int], int, object], tuple[str, bool]]  # paper: canonical, valid
    check: Callable[[Sequence[int], int, object], str]  # phone: canonical, SheetError if not
    parse: Callable[[str], dict]  # canonical text back to marks by item
    count: Callable[[object, Iterable, Callable[[], object]], dict]  # result of docs/api.md


def _read_project_vote(form: Form) -> Callable:
    def read(item_ids, places, raw) -> tuple[str, bool]:
        marks = normalize_sheet(form, item_ids, raw)
        return canonical_json(marks), is_within_cap(marks, places)

    return read


def _check_project_vote(form: Form) -> Callable:
    def check(item_ids, places, raw) -> str:
        return canonical_json(check_phone_sheet(form, item_ids, places, raw))

    return check


def _read_rating(item_ids, _places, raw) -> tuple[str, bool]:
    return _check_rating(item_ids, _places, raw), True


def _check_rating(item_ids, _places, raw) -> str:
    return rating_canonical_json(normalize_rating_sheet(item_ids, raw))


def _count_project_vote(ballot, sheets, roll) -> dict:
    candidates = [Candidate(item.item_id, item.position) for item in ballot.items]
    counted = tally([c.id for c in candidates], sheets)
    called = roll()
    issued = called.present if ballot.require_sign_in else called.expected
    settings = VoteSettings(
        places=ballot.places,
        form=Form(ballot.form),
        threshold_basis=ballot.threshold_basis,
        threshold_fraction=ballot.threshold_fraction,
        validity_fraction=ballot.validity_fraction,
    )
    at_close = Roll(called.expected, called.present, issued, on_leave=called.on_leave)
    result = decide(candidates, settings, at_close, counted).to_dict()
    result["threshold_fraction"] = ballot.threshold_fraction
    return result


def _count_rating(ballot, sheets, _roll) -> dict:
    projects = [(item.item_id, item.position) for item in ballot.items]
    counted = tally_ratings([project_id for project_id, _ in projects], sheets)
    settings = RatingSettings(grade_basis=ballot.grade_basis, grade_fraction=ballot.grade_fraction)
    return rate(projects, settings, counted).to_dict()


def _project_vote(form: Form, words: tuple[str, str, str], marks: tuple, sheet_key: str) -> Kind:
    name, described, instruction = words
    return Kind(
        form=form.value,
        ballot_kind=PROJECT_VOTE,
        kind_name="票决",
        name=name,
        described=described,
        instruction=instruction,
        act="投票",
        done="已投",
        phone_marks=marks,
        phone_layout="list" if len(marks) == 1 else "rows",
        paper_marks=marks,
        sheet_key=sheet_key,
        item_key="candidate_id",
        items_from="candidates",
        title="{year}年民生实事项目票决",
        title_year=0,
        report=PROJECT_VOTE,
        has_places=True,
        revotes=True,
        live_feed=False,
        display=None,
        read=_read_project_vote(form),
        check=_check_project_vote(form),
        parse=parse_canonical,
        count=_count_project_vote,
    )


_ALL = (
    _project_vote(
        Form.APPROVE,
        (
            "差额票决",
            "差额票决（每张选票最多赞成 {places} 项）",
            "在候选项目中赞成不超过 {places} 个",
        ),
        (Mark.YES.value,),
        "approve",
    ),
    _project_vote(
        Form.YES_NO_ABSTAIN,
        (
            "逐项表决",
            "逐项表决（赞成 / 反对 / 弃权，最多赞成 {places} 项）",
            "对每个候选项目选择赞成、反对或弃权，赞成不超过 {places} 个",
        ),
        (Mark.YES.value, Mark.NO.value, Mark.ABSTAIN.value),
        "marks",
    ),
    Kind(
        form=RATING,
        ballot_kind=RATING,
        kind_name="满意度测评",
        name="满意度测评",
        described="满意度测评（满意 / 基本满意 / 不满意）",
        instruction="对每个项目选择满意、基本满意或不满意",
        act="测评",
        done="已评",
        phone_marks=tuple(rating.value for rating in Rating),
        phone_layout="cards",
        paper_marks=tuple(rating.value for rating in Rating),
        sheet_key="ratings",
        item_key="project_id",
        items_from="projects",
        title="{year}年民生实事项目满意度测评",
        title_year=-1,  # a rating rates last year's projects
        report=RATING,
        has_places=False,
        revotes=False,
        live_feed=True,
        display="live",  # RULES.md: a rating's 满意 scrolls live by default
        read=_read_rating,
        check=_check_rating,
        parse=parse_rating_canonical,
        count=_count_rating,
    ),
)
KINDS = {kind.form: kind for kind in _ALL}
BALLOT_KINDS = tuple(dict.fromkeys(kind.ballot_kind for kind in _ALL))  # project_vote, rating
FEED_KINDS = tuple(sorted({kind.ballot_kind for kind in _ALL if kind.live_feed}))


def forms_of(ballot_kind: str) -> tuple[str, ...]:
    """The forms a ballot of `ballot_kind` may take, its default first."""
    return tuple(kind.form for kind in _ALL if kind.ballot_kind == ballot_kind)


def default_kind(ballot_kind: str) -> Kind:
    """The kind a new ballot of `ballot_kind` starts as."""
    return KINDS[forms_of(ballot_kind)[0]]


def kind_of(ballot) -> Kind:
    """The kind of a ballot (or of a result, a snapshot: anything with `kind` and `form`).

    A form that does not belong to the ballot's kind (an old row) falls back to the default.
    """
    kind, form = _field(ballot, "kind"), _field(ballot, "form")
    if kind not in BALLOT_KINDS:
        kind = PROJECT_VOTE  # the column's default
    if form in forms_of(kind):
        return KINDS[form]
    return default_kind(kind)


def _field(source, name: str):
    return source.get(name) if isinstance(source, dict) else getattr(source, name, None)
