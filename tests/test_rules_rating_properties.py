"""Properties of the satisfaction-rating rules that must hold for any sheets and any counts."""

import json
import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hall.rules.rating import (
    Grade,
    GradeBasis,
    Rating,
    RatingSettings,
    normalize_rating_sheet,
    parse_rating_canonical,
    percent,
    rate,
    rating_canonical_json,
    tally_ratings,
)

FAST = settings(max_examples=150, deadline=None)
FRACTIONS = st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(3, 5), Fraction(1, 3)])
# None: no valid sheet yet, so no grade (未测评); any grade follows from more sheets.
GRADE_ORDER = [None, Grade.DISSATISFIED, Grade.FAIRLY_SATISFIED, Grade.SATISFIED]


@st.composite
def projects(draw, max_projects=8):
    """Projects as (project_id, position): distinct ids in a shuffled list order."""
    ids = draw(st.lists(st.integers(1, 500), min_size=1, max_size=max_projects, unique=True))
    positions = draw(st.permutations(range(1, len(ids) + 1)))
    return list(zip(ids, positions, strict=True))


def rating_settings():
    return st.builds(RatingSettings, st.sampled_from(GradeBasis), FRACTIONS)


@st.composite
def sheet_ratings(draw, item_ids):
    """Ratings as normalize_rating_sheet would give them: some projects left unrated."""
    rated = [item_id for item_id in item_ids if draw(st.booleans())]
    return {item_id: draw(st.sampled_from(Rating)) for item_id in rated}


@st.composite
def rating_sheets(draw):
    """Projects, settings and sheets as (valid, ratings)."""
    listed = draw(projects())
    item_ids = [project_id for project_id, _ in listed]
    # Deputies rate in blocs, so a few kinds of sheet repeated reach the boundaries often.
    kinds = draw(st.lists(sheet_ratings(item_ids), min_size=1, max_size=4))
    sheets = draw(st.lists(st.tuples(st.booleans(), st.sampled_from(kinds)), max_size=30))
    return listed, draw(rating_settings()), sheets


def ids_of(listed):
    return [project_id for project_id, _ in listed]


def rated(listed, rules, sheets):
    return rate(listed, rules, tally_ratings(ids_of(listed), sheets))


def grade_of(result, project_id):
    return next(row.grade for row in result.rows if row.project_id == project_id)


@FAST
@given(rating_sheets())
def test_totals_add_up(rating):
    listed, _, sheets = rating
    item_ids = ids_of(listed)
    counts = tally_ratings(item_ids, sheets)
    assert counts.returned == len(sheets) == counts.valid + counts.invalid
    assert counts.valid == sum(is_valid for is_valid, _ in sheets)
    per_rating = (counts.satisfied, counts.fairly_satisfied, counts.dissatisfied, counts.abstain)
    for counted in per_rating:
        assert sorted(counted) == sorted(item_ids)
    for item_id in item_ids:
        assert sum(counted[item_id] for counted in per_rating) == counts.valid


@FAST
@given(rating_sheets())
def test_rules_hold_for_any_sheets(rating):
    listed, rules, sheets = rating
    counts = tally_ratings(ids_of(listed), sheets)
    result = rate(listed, rules, counts)
    basis = counts.returned if rules.grade_basis is GradeBasis.RETURNED else counts.valid

    assert [(row.project_id, row.position) for row in result.rows] == sorted(
        listed, key=lambda project: project[1]
    )
    assert (result.returned, result.valid, result.invalid) == (
        counts.returned,
        counts.valid,
        counts.invalid,
    )
    assert result.basis_count == basis
    for row in result.rows:
        total = row.satisfied + row.fairly_satisfied + row.dissatisfied + row.abstain
        assert total == counts.valid
        assert Decimal(0) <= row.satisfied_rate <= row.combined_rate <= Decimal(100)
        threshold = rules.grade_fraction * basis
        if not counts.valid:
            assert row.grade is None
        elif row.satisfied > threshold:
            assert row.grade is Grade.SATISFIED
        elif row.satisfied + row.fairly_satisfied > threshold:
            assert row.grade is Grade.FAIRLY_SATISFIED
        else:
            assert row.grade is Grade.DISSATISFIED
        assert row.needs_rectification == (row.grade is Grade.DISSATISFIED)
    assert result.rectification_ids == [
        row.project_id for row in result.rows if row.grade is Grade.DISSATISFIED
    ]
    overall = (result.overall_satisfied_rate, result.overall_combined_rate)
    assert Decimal(0) <= overall[0] <= overall[1] <= Decimal(100)
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


@FAST
@given(rating_sheets(), st.data())
def test_a_further_satisfied_rating_never_lowers_the_grade(rating, data):
    listed, rules, sheets = rating
    project_id = data.draw(st.sampled_from(ids_of(listed)))
    before = grade_of(rated(listed, rules, sheets), project_id)
    # A sheet rating it 满意 more: a new valid sheet, or a valid or invalid sheet changed to one.
    index = data.draw(st.integers(0, len(sheets)))
    _, marks = sheets[index] if index < len(sheets) else (True, {})
    more_satisfied = (True, {**marks, project_id: Rating.SATISFIED})
    changed = [*sheets[:index], more_satisfied, *sheets[index + 1 :]]
    after = grade_of(rated(listed, rules, changed), project_id)
    assert GRADE_ORDER.index(after) >= GRADE_ORDER.index(before)


@FAST
@given(rating_sheets())
def test_grade_on_the_valid_basis_is_never_lower_than_on_the_returned_basis(rating):
    listed, rules, sheets = rating
    fraction = rules.grade_fraction
    on_returned = rated(listed, RatingSettings(GradeBasis.RETURNED, fraction), sheets)
    on_valid = rated(listed, RatingSettings(GradeBasis.VALID, fraction), sheets)
    for returned_row, valid_row in zip(on_returned.rows, on_valid.rows, strict=True):
        assert GRADE_ORDER.index(valid_row.grade) >= GRADE_ORDER.index(returned_row.grade)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_percent_is_the_exact_share_rounded_half_up_to_two_decimals(numerator, denominator):
    result = percent(numerator, denominator)
    assert result.as_tuple().exponent == -2
    if denominator == 0:
        assert result == 0
        return
    exact = Fraction(100 * numerator, denominator)
    assert Fraction(result) == Fraction(math.floor(exact * 100 + Fraction(1, 2)), 100)
    assert abs(Fraction(result) - exact) <= Fraction(1, 200)


RATINGS = st.dictionaries(st.integers(0, 10_000), st.sampled_from(Rating), max_size=20)


@FAST
@given(RATINGS)
def test_rating_canonical_json_round_trips(ratings):
    text = rating_canonical_json(ratings)
    assert parse_rating_canonical(text) == ratings
    assert [int(key) for key in json.loads(text)] == sorted(ratings)
    assert " " not in text


@FAST
@given(RATINGS, st.randoms(use_true_random=False))
def test_rating_canonical_json_does_not_depend_on_order(ratings, random):
    items = list(ratings.items())
    random.shuffle(items)
    assert rating_canonical_json(dict(items)) == rating_canonical_json(ratings)


@FAST
@given(projects(), st.data())
def test_normalized_rating_sheet_gives_back_what_was_rated(listed, data):
    item_ids = ids_of(listed)
    ratings = data.draw(sheet_ratings(item_ids))
    keys = data.draw(st.sampled_from([str, int]))
    raw = {"ratings": {keys(item_id): rating.value for item_id, rating in ratings.items()}}
    assert normalize_rating_sheet(item_ids, raw) == ratings
