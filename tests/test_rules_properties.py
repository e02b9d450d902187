"""Properties of the project-vote rules that must hold for any sheets and any counts."""

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hall.rules.project_vote import Candidate, Outcome, Roll, Tally, VoteSettings, decide, tally
from hall.rules.roll import Basis, minimum_more_than, more_than
from hall.rules.sheets import (
    Form,
    Mark,
    canonical_json,
    is_within_cap,
    normalize_sheet,
    parse_canonical,
)

FAST = settings(max_examples=150, deadline=None)
FRACTIONS = st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(3, 5), Fraction(1, 3)])


@st.composite
def ballots(draw, max_candidates=8):
    """Candidates with distinct ids in a shuffled list order, and vote settings for them."""
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=max_candidates, unique=True))
    positions = draw(st.permutations(range(1, len(ids) + 1)))
    candidates = [
        Candidate(id=item_id, position=pos) for item_id, pos in zip(ids, positions, strict=True)
    ]
    vote_settings = VoteSettings(
        places=draw(st.integers(1, len(ids))),
        form=draw(st.sampled_from(Form)),
        threshold_basis=draw(st.sampled_from(Basis)),
        threshold_fraction=draw(FRACTIONS),
        validity_fraction=draw(FRACTIONS),
    )
    return candidates, vote_settings


@st.composite
def sheet_marks(draw, item_ids, form):
    """Marks as normalize_sheet would give them for one sheet of the given form."""
    if form is Form.APPROVE:
        approved = draw(st.sets(st.sampled_from(item_ids)))
        return {item_id: Mark.YES for item_id in item_ids if item_id in approved}
    return {item_id: draw(st.sampled_from(Mark)) for item_id in item_ids}


@st.composite
def rolls(draw, returned):
    """A roll near the sheets returned: mostly a valid vote, sometimes invalid or void."""
    expected = draw(st.integers(0, returned + 5))
    present = draw(st.integers(0, expected))
    issued = max(returned + draw(st.integers(-1, 5)), 0)
    return Roll(expected=expected, present=present, issued=issued)


@st.composite
def sheet_votes(draw):
    """A ballot, its sheets as (valid, marks), and a roll for them."""
    candidates, vote_settings = draw(ballots())
    item_ids = [candidate.id for candidate in candidates]
    # Deputies vote in blocs, so a few kinds of sheet repeated give passes and ties.
    kinds = draw(st.lists(sheet_marks(item_ids, vote_settings.form), min_size=1, max_size=4))
    marks = draw(st.lists(st.sampled_from(kinds), max_size=30))
    # Desk-entered paper sheets may be over the cap; they are then counted as invalid.
    sheets = [(is_within_cap(sheet, vote_settings.places), sheet) for sheet in marks]
    return candidates, vote_settings, draw(rolls(len(sheets))), sheets


@st.composite
def counted_votes(draw):
    """A ballot with counts drawn directly from a few 赞成 values, so ties are common."""
    candidates, vote_settings = draw(ballots(max_candidates=12))
    returned = draw(st.integers(0, 40))
    values = draw(st.lists(st.integers(0, returned), min_size=1, max_size=4))
    yes = {candidate.id: draw(st.sampled_from(values)) for candidate in candidates}
    counts = Tally(returned=returned, valid=returned, invalid=0, yes=yes, no={}, abstain={})
    return candidates, vote_settings, draw(rolls(returned)), counts


def by_outcome(result, outcome):
    return [row for row in result.rows if row.outcome is outcome]


def check_result(candidates, vote_settings, roll, counts):
    """Every rule a result must obey, whatever the counts."""
    result = decide(candidates, vote_settings, roll, counts)
    rows = result.rows
    chosen = by_outcome(result, Outcome.CHOSEN)
    tied = by_outcome(result, Outcome.TIED)
    passing = [row for row in rows if row.passed]

    assert sorted(row.candidate_id for row in rows) == sorted(c.id for c in candidates)
    assert result.threshold == minimum_more_than(
        result.basis_count, vote_settings.threshold_fraction
    )
    for row in rows:
        assert row.passed == more_than(
            row.yes, result.basis_count, vote_settings.threshold_fraction
        )
        assert row.rank == 1 + sum(other.yes > row.yes for other in rows)
    display_keys = [(-row.yes, row.position) for row in rows]
    assert display_keys == sorted(display_keys)
    assert result.chosen_ids == [row.candidate_id for row in chosen]
    assert result.tied_ids == [row.candidate_id for row in tied]
    assert len(chosen) <= vote_settings.places
    assert all(row.passed for row in chosen + tied)

    decided = result.vote_valid and not result.void
    if not decided:
        assert {row.outcome for row in rows} <= {Outcome.UNDECIDED}
        assert (result.places_left, result.shortfall) == (0, 0)
        return result

    assert all(row.outcome is Outcome.NOT_PASSED for row in rows if not row.passed)
    if tied:
        assert len(chosen) + result.places_left == vote_settings.places
        assert 1 <= result.places_left < len(tied)
        assert result.shortfall == 0
    else:
        assert result.places_left == 0
        assert len(chosen) == min(vote_settings.places, len(passing))
        assert result.shortfall == max(vote_settings.places - len(passing), 0)
    # Candidates with equal 赞成 always share one outcome, so a tie is never split.
    outcome_by_yes = {}
    for row in rows:
        assert outcome_by_yes.setdefault(row.yes, row.outcome) is row.outcome
    # Whoever is chosen has more 赞成 than anyone tied, who has more than anyone left out.
    chosen_yes = {row.yes for row in chosen}
    tied_yes = {row.yes for row in tied}
    rest_yes = {row.yes for row in rows if row.outcome not in (Outcome.CHOSEN, Outcome.TIED)}
    assert len(tied_yes) <= 1
    assert all(high > low for high in chosen_yes for low in tied_yes | rest_yes)
    assert all(high > low for high in tied_yes for low in rest_yes)
    return result


@FAST
@given(sheet_votes())
def test_totals_add_up(vote):
    candidates, vote_settings, _, sheets = vote
    item_ids = [candidate.id for candidate in candidates]
    counts = tally(item_ids, sheets)
    assert counts.returned == len(sheets) == counts.valid + counts.invalid
    assert counts.valid == sum(is_valid for is_valid, _ in sheets)
    for counted in (counts.yes, counts.no, counts.abstain):
        assert sorted(counted) == sorted(item_ids)
    for item_id in item_ids:
        total = counts.yes[item_id] + counts.no[item_id] + counts.abstain[item_id]
        if vote_settings.form is Form.YES_NO_ABSTAIN:
            assert total == counts.valid
        else:
            assert total == counts.yes[item_id] <= counts.valid
    assert sum(counts.yes.values()) <= counts.valid * vote_settings.places


@FAST
@given(sheet_votes())
def test_rules_hold_for_any_sheets(vote):
    candidates, vote_settings, roll, sheets = vote
    counts = tally([candidate.id for candidate in candidates], sheets)
    check_result(candidates, vote_settings, roll, counts)


@settings(max_examples=200, deadline=None)
@given(counted_votes())
def test_rules_hold_for_any_counts(vote):
    result = check_result(*vote)
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


@FAST
@given(counted_votes())
def test_vote_is_undecided_exactly_when_invalid_or_void(vote):
    candidates, vote_settings, roll, counts = vote
    result = decide(candidates, vote_settings, roll, counts)
    assert result.vote_valid == (counts.returned > vote_settings.validity_fraction * roll.expected)
    assert result.void == (counts.returned > roll.issued)
    undecided = all(row.outcome is Outcome.UNDECIDED for row in result.rows)
    assert undecided == (not result.vote_valid or result.void)


MARKS = st.dictionaries(st.integers(0, 10_000), st.sampled_from(Mark), max_size=20)


@FAST
@given(MARKS)
def test_canonical_json_round_trips(marks):
    assert parse_canonical(canonical_json(marks)) == marks


@FAST
@given(MARKS, st.randoms(use_true_random=False))
def test_canonical_json_does_not_depend_on_order(marks, random):
    items = list(marks.items())
    random.shuffle(items)
    text = canonical_json(dict(items))
    assert text == canonical_json(marks)
    assert [int(key) for key in json.loads(text)] == sorted(marks)
    assert " " not in text


@FAST
@given(ballots(), st.data())
def test_normalized_sheet_gives_back_what_was_marked(ballot, data):
    candidates, vote_settings = ballot
    item_ids = [candidate.id for candidate in candidates]
    marks = data.draw(sheet_marks(item_ids, vote_settings.form))
    if vote_settings.form is Form.APPROVE:
        raw = {"approve": list(marks)}
    else:
        keys = data.draw(st.sampled_from([str, int]))
        raw = {"marks": {keys(item_id): mark.value for item_id, mark in marks.items()}}
    assert normalize_sheet(vote_settings.form, item_ids, raw) == marks
