"""The satisfaction rating (满意度测评): sheets, tally, rates, grades and rectification."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from hall.rules.rating import (
    Grade,
    GradeBasis,
    Rating,
    RatingResult,
    RatingSettings,
    RatingTally,
    normalize_rating_sheet,
    parse_rating_canonical,
    percent,
    rate,
    rating_canonical_json,
    tally_ratings,
)
from hall.rules.sheets import SheetError

ITEMS = [1, 2, 3, 4, 5]
GOOD, FAIR, BAD = Rating.SATISFIED, Rating.FAIRLY_SATISFIED, Rating.DISSATISFIED


def malformed(raw, items=ITEMS):
    with pytest.raises(SheetError) as caught:
        normalize_rating_sheet(items, raw)
    assert caught.value.code == "sheet_malformed"
    return caught.value


def counted(satisfied=0, fairly_satisfied=0, dissatisfied=0, *, valid=None, invalid=0):
    """A tally of one project (id 1) built by hand; the rest of the valid sheets abstain."""
    rated = satisfied + fairly_satisfied + dissatisfied
    valid = rated if valid is None else valid
    return RatingTally(
        returned=valid + invalid,
        valid=valid,
        invalid=invalid,
        satisfied={1: satisfied},
        fairly_satisfied={1: fairly_satisfied},
        dissatisfied={1: dissatisfied},
        abstain={1: valid - rated},
    )


def only_row(counts, settings=None):
    return rate([(1, 1)], settings or RatingSettings(), counts).rows[0]


# Reading sheets


def test_rating_sheet_gives_each_rated_project_in_ballot_order():
    raw = {"ratings": {"4": "dissatisfied", "1": "satisfied", "2": "fairly_satisfied"}}
    ratings = normalize_rating_sheet(ITEMS, raw)
    assert ratings == {1: GOOD, 2: FAIR, 4: BAD}
    assert list(ratings) == [1, 2, 4]
    assert ratings[1] is GOOD


def test_unrated_projects_are_left_out_of_the_sheet():
    ratings = normalize_rating_sheet(ITEMS, {"ratings": {"3": "satisfied"}})
    assert ratings == {3: GOOD}
    assert normalize_rating_sheet(ITEMS, {"ratings": {}}) == {}


def test_rating_sheet_accepts_int_and_text_keys():
    ratings = normalize_rating_sheet(ITEMS, {"ratings": {2: "satisfied", "5": "dissatisfied"}})
    assert ratings == {2: GOOD, 5: BAD}


@pytest.mark.parametrize(
    "raw",
    [
        None,
        ["satisfied"],
        "ratings",
        {},
        {"marks": {"1": "satisfied"}},
        {"ratings": {}, "extra": 1},
        {"ratings": None},
        {"ratings": ["satisfied"]},
        {"ratings": "1:satisfied"},
        {True: "satisfied"},
        {"ratings": {True: "satisfied"}},
        {"ratings": {False: "satisfied"}},
        {"ratings": {"x": "satisfied"}},
        {"ratings": {"01": "satisfied"}},
        {"ratings": {" 1": "satisfied"}},
        {"ratings": {"-1": "satisfied"}},
        {"ratings": {1.0: "satisfied"}},
        {"ratings": {"9": "satisfied"}},
        {"ratings": {9: "satisfied"}},
        {"ratings": {"0": "satisfied"}},
        {"ratings": {"3": "satisfied", 3: "dissatisfied"}},
        {"ratings": {"1": None}},
        {"ratings": {"1": "abstain"}},
        {"ratings": {"1": "满意"}},
        {"ratings": {"1": "SATISFIED"}},
        {"ratings": {"1": "yes"}},
        {"ratings": {"1": 1}},
        {"ratings": {"1": True}},
        {"ratings": {"1": ["satisfied"]}},
    ],
)
def test_malformed_rating_sheet_is_refused(raw):
    malformed(raw)


def test_abstaining_by_name_is_refused_because_abstain_means_leaving_it_out():
    error = malformed({"ratings": {"2": "abstain"}})
    assert "abstain" in error.message


def test_rating_sheet_error_has_a_chinese_message():
    error = malformed({"ratings": {"9": "satisfied"}})
    assert isinstance(error, ValueError)
    assert error.message.startswith("选票格式不正确")
    assert "9" in error.message


# Canonical text


def test_rating_canonical_json_sorts_keys_as_numbers_and_is_compact():
    text = rating_canonical_json({10: GOOD, 2: BAD, 1: FAIR})
    assert text == '{"1":"fairly_satisfied","2":"dissatisfied","10":"satisfied"}'


def test_rating_canonical_json_is_the_same_for_equal_sheets_in_any_order():
    assert rating_canonical_json({3: GOOD, 1: BAD}) == rating_canonical_json({1: BAD, 3: GOOD})


def test_rating_canonical_json_of_a_sheet_that_abstains_on_everything():
    assert rating_canonical_json({}) == "{}"
    assert parse_rating_canonical("{}") == {}


def test_rating_canonical_json_round_trips():
    ratings = {12: GOOD, 3: FAIR, 7: BAD}
    text = rating_canonical_json(ratings)
    assert parse_rating_canonical(text) == ratings
    assert json.loads(text) == {"3": "fairly_satisfied", "7": "dissatisfied", "12": "satisfied"}
    assert parse_rating_canonical(text)[12] is GOOD


def test_rating_canonical_json_refuses_what_is_not_a_rating():
    with pytest.raises(ValueError):
        rating_canonical_json({1: "abstain"})


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[]", "null", '{"x":"satisfied"}', '{"1":"abstain"}', '{"1":null}'],
)
def test_parse_rating_canonical_refuses_malformed_text(text):
    with pytest.raises(SheetError):
        parse_rating_canonical(text)


# Tally


def test_abstentions_do_not_make_a_sheet_invalid():
    sheets = [(True, {1: GOOD}), (True, {}), (True, {2: BAD})]
    counts = tally_ratings([1, 2], sheets)
    assert (counts.returned, counts.valid, counts.invalid) == (3, 3, 0)
    assert counts.abstain == {1: 2, 2: 2}


def test_tally_counts_each_rating_and_unrated_projects_as_abstain():
    item_ids = [1, 2, 3]
    raws = [
        {"ratings": {"1": "satisfied", "2": "fairly_satisfied"}},
        {"ratings": {"1": "satisfied", "2": "dissatisfied", "3": "dissatisfied"}},
        {"ratings": {}},
    ]
    sheets = [(True, normalize_rating_sheet(item_ids, raw)) for raw in raws]
    counts = tally_ratings(item_ids, sheets)
    assert counts.satisfied == {1: 2, 2: 0, 3: 0}
    assert counts.fairly_satisfied == {1: 0, 2: 1, 3: 0}
    assert counts.dissatisfied == {1: 0, 2: 1, 3: 1}
    assert counts.abstain == {1: 1, 2: 1, 3: 2}


def test_tally_counts_invalid_sheets_only_in_returned_and_invalid():
    sheets = [(True, {1: GOOD}), (False, {1: BAD, 2: BAD}), (False, {})]
    counts = tally_ratings([1, 2], sheets)
    assert (counts.returned, counts.valid, counts.invalid) == (3, 1, 2)
    assert counts.satisfied == {1: 1, 2: 0}
    assert counts.dissatisfied == {1: 0, 2: 0}
    assert counts.abstain == {1: 0, 2: 1}


def test_tally_lists_every_project_even_with_no_sheets():
    counts = tally_ratings([4, 7], [])
    assert (counts.returned, counts.valid, counts.invalid) == (0, 0, 0)
    zero = {4: 0, 7: 0}
    assert counts.satisfied == counts.fairly_satisfied == counts.dissatisfied == zero
    assert counts.abstain == zero


def test_tally_accepts_stored_rating_text():
    counts = tally_ratings([1], [(True, {1: "fairly_satisfied"})])
    assert counts.fairly_satisfied == {1: 1}


def test_tally_refuses_a_sheet_rating_a_project_not_on_the_ballot():
    with pytest.raises(ValueError):
        tally_ratings([1, 2], [(True, {3: GOOD})])


# Percentages


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (2, 3, "66.67"),
        (1, 3, "33.33"),
        (1, 8, "12.50"),
        (7, 8, "87.50"),
        (1, 1, "100.00"),
        (0, 5, "0.00"),
        (1, 16, "6.25"),
        (1, 800, "0.13"),  # 0.125: half rounds up, not to even
        (1, 160, "0.63"),  # 0.625
        (1, 2000, "0.05"),
        (1, 40000, "0.00"),  # 0.0025 is below half a hundredth
        (1, 20000, "0.01"),  # 0.005 exactly: half rounds up
        (221, 230, "96.09"),
    ],
)
def test_percent_has_two_decimals_rounded_half_up(numerator, denominator, expected):
    assert percent(numerator, denominator) == Decimal(expected)
    assert str(percent(numerator, denominator)) == expected


def test_percent_of_nothing_is_zero():
    assert str(percent(0, 0)) == "0.00"


def test_percent_refuses_negative_counts():
    with pytest.raises(ValueError):
        percent(-1, 3)


# Grades


def test_more_than_half_satisfied_is_graded_satisfied():
    assert only_row(counted(6, 0, 4)).grade is Grade.SATISFIED


def test_exactly_half_satisfied_is_not_graded_satisfied():
    row = only_row(counted(5, 0, 5))
    assert row.grade is Grade.DISSATISFIED
    assert only_row(counted(5, 1, 4)).grade is Grade.FAIRLY_SATISFIED


def test_half_plus_one_satisfied_is_graded_satisfied():
    assert only_row(counted(116, 0, 114)).grade is Grade.SATISFIED
    assert only_row(counted(115, 0, 115)).grade is not Grade.SATISFIED


def test_satisfied_and_fairly_satisfied_together_over_half_is_graded_fairly_satisfied():
    row = only_row(counted(3, 3, 4))
    assert row.grade is Grade.FAIRLY_SATISFIED
    assert not row.needs_rectification


def test_exactly_half_satisfied_or_fairly_satisfied_is_graded_dissatisfied():
    assert only_row(counted(2, 3, 5)).grade is Grade.DISSATISFIED
    assert only_row(counted(2, 4, 4)).grade is Grade.FAIRLY_SATISFIED


def test_a_dissatisfied_grade_is_flagged_for_rectification():
    counts = RatingTally(
        returned=10,
        valid=10,
        invalid=0,
        satisfied={1: 8, 2: 1, 3: 4},
        fairly_satisfied={1: 1, 2: 2, 3: 3},
        dissatisfied={1: 1, 2: 7, 3: 3},
        abstain={1: 0, 2: 0, 3: 0},
    )
    result = rate([(1, 1), (2, 2), (3, 3)], RatingSettings(), counts)
    assert [row.grade for row in result.rows] == [
        Grade.SATISFIED,
        Grade.DISSATISFIED,
        Grade.FAIRLY_SATISFIED,
    ]
    assert [row.needs_rectification for row in result.rows] == [False, True, False]
    assert result.rectification_ids == [2]


def test_abstentions_count_against_the_grade_on_the_returned_basis():
    # 5 满意 of 10 sheets is not more than half, however many of the others abstained.
    row = only_row(counted(5, 0, 0, valid=10))
    assert row.abstain == 5
    assert row.grade is Grade.DISSATISFIED


def test_grade_basis_returned_counts_invalid_sheets_too():
    counts = counted(6, 0, 4, invalid=3)
    result = rate([(1, 1)], RatingSettings(), counts)
    assert result.grade_basis is GradeBasis.RETURNED
    assert result.basis_count == 13
    assert result.rows[0].grade is Grade.DISSATISFIED


def test_grade_basis_valid_leaves_invalid_sheets_out():
    counts = counted(6, 0, 4, invalid=3)
    result = rate([(1, 1)], RatingSettings(grade_basis=GradeBasis.VALID), counts)
    assert result.grade_basis is GradeBasis.VALID
    assert result.basis_count == 10
    assert result.rows[0].grade is Grade.SATISFIED


def test_rates_are_of_valid_sheets_whatever_the_grade_basis():
    counts = counted(6, 1, 3, invalid=3)
    for basis in GradeBasis:
        row = only_row(counts, RatingSettings(grade_basis=basis))
        assert (str(row.satisfied_rate), str(row.combined_rate)) == ("60.00", "70.00")


def test_two_thirds_grade_fraction_is_strict():
    settings = RatingSettings(grade_fraction=Fraction(2, 3))
    assert only_row(counted(6, 0, 3), settings).grade is Grade.DISSATISFIED
    assert only_row(counted(7, 0, 2), settings).grade is Grade.SATISFIED
    assert only_row(counted(4, 3, 2), settings).grade is Grade.FAIRLY_SATISFIED


def test_with_no_valid_sheets_rates_are_zero_and_no_project_is_graded():
    counts = RatingTally(
        returned=4,
        valid=0,
        invalid=4,
        satisfied={1: 0},
        fairly_satisfied={1: 0},
        dissatisfied={1: 0},
        abstain={1: 0},
    )
    result = rate([(1, 1)], RatingSettings(), counts)
    row = result.rows[0]
    assert (str(row.satisfied_rate), str(row.combined_rate)) == ("0.00", "0.00")
    assert (str(result.overall_satisfied_rate), str(result.overall_combined_rate)) == (
        "0.00",
        "0.00",
    )
    # Invalid sheets say nothing about any project: no grade (未测评), nothing to rectify.
    assert row.grade is None and row.needs_rectification is False
    assert result.rectification_ids == []


def test_with_no_sheets_at_all_no_project_is_graded_or_flagged():
    result = rate([(1, 1), (2, 2)], RatingSettings(), tally_ratings([1, 2], []))
    assert result.basis_count == 0
    assert [row.grade for row in result.rows] == [None, None]
    assert not any(row.needs_rectification for row in result.rows)
    assert result.rectification_ids == []
    assert [row["grade"] for row in result.to_dict()["rows"]] == [None, None]


def test_one_valid_sheet_grades_every_project():
    sheets = [(True, {1: Rating.SATISFIED})]
    result = rate([(1, 1), (2, 2)], RatingSettings(), tally_ratings([1, 2], sheets))
    assert [row.grade for row in result.rows] == [Grade.SATISFIED, Grade.DISSATISFIED]
    assert result.rectification_ids == [2]


# Rates and the result


def test_satisfied_rate_and_combined_rate_are_both_of_valid_sheets():
    row = only_row(counted(2, 4, 0, valid=9, invalid=1))
    assert row.satisfied_rate == Decimal("22.22")
    assert row.combined_rate == Decimal("66.67")


def test_satisfied_rate_of_one_in_eight_is_twelve_and_a_half():
    row = only_row(counted(1, 6, 1))
    assert str(row.satisfied_rate) == "12.50"
    assert str(row.combined_rate) == "87.50"


def test_overall_rates_are_over_every_rating_of_every_project():
    counts = RatingTally(
        returned=5,
        valid=4,
        invalid=1,
        satisfied={1: 4, 2: 1, 3: 0},
        fairly_satisfied={1: 0, 2: 2, 3: 1},
        dissatisfied={1: 0, 2: 0, 3: 1},
        abstain={1: 0, 2: 1, 3: 2},
    )
    result = rate([(1, 1), (2, 2), (3, 3)], RatingSettings(), counts)
    # 5 满意 and 3 基本满意 out of 4 valid sheets × 3 projects.
    assert result.overall_satisfied_rate == Decimal("41.67")
    assert result.overall_combined_rate == Decimal("66.67")


def test_rows_are_in_list_order_by_position():
    counts = tally_ratings([7, 3, 5], [(True, {7: GOOD, 3: BAD})])
    result = rate([(7, 2), (3, 3), (5, 1)], RatingSettings(), counts)
    assert [row.project_id for row in result.rows] == [5, 7, 3]
    assert [row.position for row in result.rows] == [1, 2, 3]
    assert result.rectification_ids == [5, 3]


def test_rate_from_sheets_end_to_end():
    item_ids = [1, 2]
    raws = [
        {"ratings": {"1": "satisfied", "2": "dissatisfied"}},
        {"ratings": {"1": "satisfied", "2": "fairly_satisfied"}},
        {"ratings": {"1": "fairly_satisfied"}},
        {"ratings": {"2": "dissatisfied"}},
    ]
    sheets = [(True, normalize_rating_sheet(item_ids, raw)) for raw in raws]
    sheets.append((False, {}))
    result = rate([(1, 1), (2, 2)], RatingSettings(), tally_ratings(item_ids, sheets))
    first, second = result.rows
    assert (result.returned, result.valid, result.invalid) == (5, 4, 1)
    assert (first.satisfied, first.fairly_satisfied, first.dissatisfied, first.abstain) == (
        2,
        1,
        0,
        1,
    )
    assert first.grade is Grade.FAIRLY_SATISFIED  # 2 of 5 returned; 3 of 5 with 基本满意
    assert second.grade is Grade.DISSATISFIED
    assert (str(first.satisfied_rate), str(first.combined_rate)) == ("50.00", "75.00")
    assert result.rectification_ids == [2]


def test_settings_accept_stored_text():
    settings = RatingSettings(grade_basis="valid", grade_fraction="2/3")
    assert settings.grade_basis is GradeBasis.VALID
    assert settings.grade_fraction == Fraction(2, 3)


def test_default_settings_are_more_than_half_of_sheets_returned():
    settings = RatingSettings()
    assert settings.grade_basis is GradeBasis.RETURNED
    assert settings.grade_fraction == Fraction(1, 2)


@pytest.mark.parametrize(
    "changes",
    [{"grade_basis": "expected"}, {"grade_fraction": "1"}, {"grade_fraction": 0.5}],
)
def test_settings_refuse_what_is_not_a_rule(changes):
    with pytest.raises(ValueError):
        RatingSettings(**changes)


def test_result_to_dict_is_plain_json_with_rates_as_text():
    counts = counted(7, 0, 1, invalid=2)
    result = rate([(1, 1)], RatingSettings(), counts)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "rows": [
            {
                "project_id": 1,
                "position": 1,
                "satisfied": 7,
                "fairly_satisfied": 0,
                "dissatisfied": 1,
                "abstain": 0,
                "satisfied_rate": "87.50",
                "combined_rate": "87.50",
                "grade": "satisfied",
                "needs_rectification": False,
            }
        ],
        "returned": 10,
        "valid": 8,
        "invalid": 2,
        "grade_basis": "returned",
        "grade_fraction": "1/2",
        "basis_count": 10,
        "overall_satisfied_rate": "87.50",
        "overall_combined_rate": "87.50",
        "rectification_ids": [],
    }
    assert set(data) == set(RatingResult.__dataclass_fields__)
