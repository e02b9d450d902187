"""The project vote (票决): tally, threshold, places, ties, validity, as RULES.md describes."""

import json
import random
from fractions import Fraction

import pytest

from hall.rules.project_vote import (
    Candidate,
    Outcome,
    ProjectVoteResult,
    Roll,
    Tally,
    VoteSettings,
    decide,
    tally,
)
from hall.rules.roll import Basis
from hall.rules.sheets import Form, Mark, check_phone_sheet, is_within_cap, normalize_sheet

YES, NO, ABSTAIN = Mark.YES, Mark.NO, Mark.ABSTAIN


def make_candidates(count):
    """Candidates 1..count, in list order."""
    return [Candidate(id=number, position=number) for number in range(1, count + 1)]


def approve_sheets(yes_by_item, sheet_count, cap):
    """Raw approve sheets giving each item exactly its 赞成, none approving more than `cap`."""
    approved = [[] for _ in range(sheet_count)]
    for item_id, yes in yes_by_item.items():
        # Give each approval to the least-filled sheets so that no sheet goes over the cap.
        least_filled = sorted(range(sheet_count), key=lambda index: len(approved[index]))
        for index in least_filled[:yes]:
            approved[index].append(item_id)
    assert all(len(items) <= cap for items in approved)
    random.Random(230).shuffle(approved)
    return [{"approve": items} for items in approved]


def counted(candidates, yes, *, no=None, abstain=None, returned=None, invalid=0):
    """A Tally built by hand, for rules that do not depend on how sheets were read."""
    ids = [candidate.id for candidate in candidates]
    valid = max(yes.values(), default=0) if returned is None else returned - invalid
    return Tally(
        returned=valid + invalid,
        valid=valid,
        invalid=invalid,
        yes={item_id: yes.get(item_id, 0) for item_id in ids},
        no={item_id: (no or {}).get(item_id, 0) for item_id in ids},
        abstain={item_id: (abstain or {}).get(item_id, 0) for item_id in ids},
    )


def outcomes(result):
    return {row.candidate_id: row.outcome for row in result.rows}


ROLL_230 = Roll(expected=230, present=221, issued=221)


def test_worked_example_from_the_rules():
    candidates = make_candidates(15)
    item_ids = [candidate.id for candidate in candidates]
    settings = VoteSettings(places=10)
    yes_by_item = {1: 204, 2: 203, 3: 202, 4: 201, 5: 200, 6: 200, 7: 200, 8: 200, 9: 200}
    yes_by_item |= {10: 150, 11: 150, 12: 90, 13: 5, 14: 3, 15: 2}
    raw_sheets = approve_sheets(yes_by_item, 221, settings.places)
    sheets = [
        (True, check_phone_sheet(settings.form, item_ids, settings.places, raw))
        for raw in raw_sheets
    ]

    result = decide(candidates, settings, ROLL_230, tally(item_ids, sheets))

    assert result.threshold == 116
    assert result.basis_count == 230
    assert result.threshold_basis is Basis.EXPECTED
    assert result.returned == result.valid == 221
    assert result.vote_valid and not result.void
    assert result.chosen_ids == list(range(1, 10))
    assert result.tied_ids == [10, 11]
    assert result.places_left == 1
    assert result.shortfall == 0
    assert outcomes(result)[12] is Outcome.NOT_PASSED
    assert {outcomes(result)[number] for number in (13, 14, 15)} == {Outcome.NOT_PASSED}
    assert [row.yes for row in result.rows[:3]] == [204, 203, 202]


def test_tally_counts_invalid_sheets_only_in_returned_and_invalid():
    item_ids = [1, 2, 3]
    over_cap = {1: YES, 2: YES, 3: YES}
    sheets = [(True, {1: YES}), (is_within_cap(over_cap, 2), over_cap), (True, {1: YES, 2: YES})]
    counts = tally(item_ids, sheets)
    assert (counts.returned, counts.valid, counts.invalid) == (3, 2, 1)
    assert counts.yes == {1: 2, 2: 1, 3: 0}
    assert counts.no == {1: 0, 2: 0, 3: 0}
    assert counts.abstain == {1: 0, 2: 0, 3: 0}


def test_tally_lists_every_item_even_with_no_sheets():
    counts = tally([4, 7], [])
    assert (counts.returned, counts.valid, counts.invalid) == (0, 0, 0)
    assert counts.yes == counts.no == counts.abstain == {4: 0, 7: 0}


def test_tally_of_yes_no_abstain_sheets_counts_every_mark():
    item_ids = [1, 2, 3]
    raws = [
        {"marks": {"1": "yes", "2": "no"}},
        {"marks": {"1": "yes", "2": "yes", "3": "no"}},
        {"marks": {}},
    ]
    sheets = [(True, normalize_sheet(Form.YES_NO_ABSTAIN, item_ids, raw)) for raw in raws]
    counts = tally(item_ids, sheets)
    assert counts.yes == {1: 2, 2: 1, 3: 0}
    assert counts.no == {1: 0, 2: 1, 3: 1}
    assert counts.abstain == {1: 1, 2: 1, 3: 2}
    for item_id in item_ids:
        assert counts.yes[item_id] + counts.no[item_id] + counts.abstain[item_id] == counts.valid


def test_tally_refuses_a_sheet_marking_an_item_not_on_the_ballot():
    with pytest.raises(ValueError):
        tally([1, 2], [(True, {3: YES})])


def test_exactly_half_of_expected_does_not_pass():
    candidates = make_candidates(2)
    result = decide(
        candidates, VoteSettings(places=2), ROLL_230, counted(candidates, {1: 115, 2: 116})
    )
    assert result.threshold == 116
    assert outcomes(result) == {1: Outcome.NOT_PASSED, 2: Outcome.CHOSEN}
    assert [row.passed for row in result.rows] == [True, False]


@pytest.mark.parametrize(
    ("basis", "basis_count", "threshold"),
    [(Basis.EXPECTED, 230, 116), (Basis.PRESENT, 221, 111), (Basis.RETURNED, 200, 101)],
)
def test_threshold_is_taken_of_the_chosen_basis(basis, basis_count, threshold):
    candidates = make_candidates(3)
    counts = counted(candidates, {1: 116, 2: 111, 3: 101}, returned=200)
    result = decide(candidates, VoteSettings(places=3, threshold_basis=basis), ROLL_230, counts)
    assert result.basis_count == basis_count
    assert result.threshold == threshold
    assert result.threshold_basis is basis
    assert sum(row.passed for row in result.rows) == {116: 1, 111: 2, 101: 3}[threshold]


def test_returned_basis_counts_invalid_sheets_too():
    candidates = make_candidates(1)
    counts = counted(candidates, {1: 101}, returned=201, invalid=10)
    result = decide(
        candidates, VoteSettings(places=1, threshold_basis=Basis.RETURNED), ROLL_230, counts
    )
    assert result.basis_count == 201
    assert result.threshold == 101
    assert result.chosen_ids == [1]


def test_two_thirds_threshold_is_strict():
    candidates = make_candidates(3)
    settings = VoteSettings(places=3, threshold_fraction=Fraction(2, 3))
    roll = Roll(expected=231, present=231, issued=231)
    counts = counted(candidates, {1: 155, 2: 154, 3: 200}, returned=231)
    result = decide(candidates, settings, roll, counts)
    assert result.threshold == 155
    assert outcomes(result) == {3: Outcome.CHOSEN, 1: Outcome.CHOSEN, 2: Outcome.NOT_PASSED}
    assert result.shortfall == 1


def test_settings_accept_stored_text():
    settings = VoteSettings(
        places=3,
        form="yes_no_abstain",
        threshold_basis="present",
        threshold_fraction="2/3",
        validity_fraction="0.5",
    )
    assert settings.form is Form.YES_NO_ABSTAIN
    assert settings.threshold_basis is Basis.PRESENT
    assert settings.threshold_fraction == Fraction(2, 3)
    assert settings.validity_fraction == Fraction(1, 2)


@pytest.mark.parametrize(
    "bad",
    [
        {"places": 0},
        {"places": 1, "threshold_fraction": Fraction(1)},
        {"places": 1, "validity_fraction": "0"},
    ],
)
def test_settings_refuse_nonsense(bad):
    with pytest.raises(ValueError):
        VoteSettings(**bad)


def test_when_fewer_pass_than_places_all_passing_are_chosen_and_the_shortfall_reported():
    candidates = make_candidates(5)
    counts = counted(candidates, {1: 200, 2: 150, 3: 100, 4: 90, 5: 10})
    result = decide(candidates, VoteSettings(places=4), ROLL_230, counts)
    assert result.chosen_ids == [1, 2]
    assert result.shortfall == 2
    assert result.tied_ids == []
    assert result.places_left == 0


def test_top_places_are_chosen_and_the_rest_passing_are_not():
    candidates = make_candidates(5)
    counts = counted(candidates, {1: 120, 2: 200, 3: 180, 4: 170, 5: 50})
    result = decide(candidates, VoteSettings(places=2), ROLL_230, counts)
    assert result.chosen_ids == [2, 3]
    assert outcomes(result) == {
        2: Outcome.CHOSEN,
        3: Outcome.CHOSEN,
        4: Outcome.NOT_CHOSEN,
        1: Outcome.NOT_CHOSEN,
        5: Outcome.NOT_PASSED,
    }
    assert result.shortfall == 0
    assert result.places_left == 0


def test_tie_at_last_place_is_reported_not_decided():
    candidates = make_candidates(5)
    counts = counted(candidates, {1: 200, 2: 150, 3: 150, 4: 150, 5: 130})
    result = decide(candidates, VoteSettings(places=3), ROLL_230, counts)
    assert result.chosen_ids == [1]
    assert result.tied_ids == [2, 3, 4]
    assert result.places_left == 2
    assert result.shortfall == 0
    assert outcomes(result)[5] is Outcome.NOT_CHOSEN


def test_tie_for_the_only_place_chooses_nobody():
    candidates = make_candidates(3)
    counts = counted(candidates, {1: 150, 2: 150, 3: 140})
    result = decide(candidates, VoteSettings(places=1), ROLL_230, counts)
    assert result.chosen_ids == []
    assert result.tied_ids == [1, 2]
    assert result.places_left == 1


def test_tie_above_the_cut_off_decides_nothing_special():
    candidates = make_candidates(4)
    counts = counted(candidates, {1: 200, 2: 200, 3: 150, 4: 140})
    result = decide(candidates, VoteSettings(places=3), ROLL_230, counts)
    assert result.chosen_ids == [1, 2, 3]
    assert result.tied_ids == []
    assert outcomes(result)[4] is Outcome.NOT_CHOSEN


def test_tie_that_exactly_fills_the_places_is_not_a_tie():
    candidates = make_candidates(4)
    counts = counted(candidates, {1: 200, 2: 150, 3: 150, 4: 100})
    result = decide(candidates, VoteSettings(places=3), ROLL_230, counts)
    assert result.chosen_ids == [1, 2, 3]
    assert result.tied_ids == []
    assert result.places_left == 0
    assert outcomes(result)[4] is Outcome.NOT_PASSED


def test_tie_among_candidates_below_the_threshold_does_not_matter():
    candidates = make_candidates(3)
    counts = counted(candidates, {1: 200, 2: 100, 3: 100})
    result = decide(candidates, VoteSettings(places=2), ROLL_230, counts)
    assert result.chosen_ids == [1]
    assert result.tied_ids == []
    assert result.shortfall == 1


def test_display_order_is_yes_descending_then_list_order():
    candidates = [
        Candidate(id=11, position=3),
        Candidate(id=12, position=1),
        Candidate(id=13, position=2),
    ]
    counts = counted(candidates, {11: 150, 12: 120, 13: 150})
    result = decide(candidates, VoteSettings(places=3), ROLL_230, counts)
    assert [row.candidate_id for row in result.rows] == [13, 11, 12]
    assert [row.position for row in result.rows] == [2, 3, 1]


def test_equal_yes_share_a_rank_and_the_next_rank_is_skipped():
    candidates = make_candidates(5)
    counts = counted(candidates, {1: 200, 2: 150, 3: 150, 4: 100, 5: 100})
    result = decide(candidates, VoteSettings(places=2), ROLL_230, counts)
    assert [row.rank for row in result.rows] == [1, 2, 2, 4, 4]


def test_rows_carry_no_and_abstain_counts():
    candidates = make_candidates(2)
    counts = counted(
        candidates, {1: 150, 2: 120}, no={1: 50, 2: 60}, abstain={1: 10, 2: 30}, returned=210
    )
    result = decide(candidates, VoteSettings(places=1, form=Form.YES_NO_ABSTAIN), ROLL_230, counts)
    first, second = result.rows
    assert (first.yes, first.no, first.abstain) == (150, 50, 10)
    assert (second.yes, second.no, second.abstain) == (120, 60, 30)


def test_yes_no_abstain_vote_from_sheets():
    candidates = make_candidates(3)
    item_ids = [candidate.id for candidate in candidates]
    settings = VoteSettings(places=2, form=Form.YES_NO_ABSTAIN, threshold_basis=Basis.RETURNED)
    raws = (
        [{"marks": {"1": "yes", "2": "yes", "3": "no"}}] * 5
        + [{"marks": {"1": "yes", "3": "yes"}}] * 4
        + [{"marks": {"2": "no"}}]
    )
    sheets = [
        (True, check_phone_sheet(settings.form, item_ids, settings.places, raw)) for raw in raws
    ]
    over_cap = normalize_sheet(
        settings.form, item_ids, {"marks": {"1": "yes", "2": "yes", "3": "yes"}}
    )
    sheets.append((is_within_cap(over_cap, settings.places), over_cap))
    roll = Roll(expected=12, present=11, issued=11)

    result = decide(candidates, settings, roll, tally(item_ids, sheets))

    assert (result.returned, result.valid, result.invalid) == (11, 10, 1)
    assert result.basis_count == 11
    assert result.threshold == 6
    assert outcomes(result) == {1: Outcome.CHOSEN, 2: Outcome.NOT_PASSED, 3: Outcome.NOT_PASSED}
    assert result.shortfall == 1
    assert [(row.yes, row.no, row.abstain) for row in result.rows] == [
        (9, 0, 1),
        (5, 1, 4),
        (4, 5, 1),
    ]


def test_vote_is_invalid_when_no_more_than_half_the_expected_return_sheets():
    candidates = make_candidates(3)
    counts = counted(candidates, {1: 115, 2: 115, 3: 10}, returned=115)
    result = decide(
        candidates, VoteSettings(places=1, threshold_basis=Basis.RETURNED), ROLL_230, counts
    )
    assert not result.vote_valid
    assert not result.void
    assert set(outcomes(result).values()) == {Outcome.UNDECIDED}
    assert [row.passed for row in result.rows] == [True, True, False]
    assert result.chosen_ids == result.tied_ids == []
    assert result.places_left == result.shortfall == 0


def test_vote_is_valid_with_one_sheet_more_than_half():
    candidates = make_candidates(1)
    counts = counted(candidates, {1: 116}, returned=116)
    result = decide(candidates, VoteSettings(places=1), ROLL_230, counts)
    assert result.vote_valid
    assert result.chosen_ids == [1]


def test_validity_fraction_is_a_setting():
    candidates = make_candidates(1)
    counts = counted(candidates, {1: 150}, returned=153)
    settings = VoteSettings(places=1, validity_fraction=Fraction(2, 3))
    assert not decide(candidates, settings, ROLL_230, counts).vote_valid
    counts = counted(candidates, {1: 150}, returned=154)
    assert decide(candidates, settings, ROLL_230, counts).vote_valid


def test_vote_is_void_when_more_sheets_return_than_were_issued():
    candidates = make_candidates(2)
    counts = counted(candidates, {1: 200, 2: 10}, returned=222)
    result = decide(candidates, VoteSettings(places=1), ROLL_230, counts)
    assert result.vote_valid
    assert result.void
    assert set(outcomes(result).values()) == {Outcome.UNDECIDED}
    assert result.chosen_ids == []
    assert result.shortfall == 0


def test_vote_with_nobody_expected_is_invalid():
    candidates = make_candidates(1)
    result = decide(candidates, VoteSettings(places=1), Roll(0, 0, 0), counted(candidates, {}))
    assert not result.vote_valid
    assert result.threshold == 1


def test_result_to_dict_is_plain_json():
    candidates = make_candidates(3)
    counts = counted(candidates, {1: 200, 2: 150, 3: 150})
    result = decide(candidates, VoteSettings(places=2), ROLL_230, counts)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert type(data["threshold_basis"]) is str
    assert data["threshold_basis"] == "expected"
    assert [type(row["outcome"]) for row in data["rows"]] == [str, str, str]
    assert [row["outcome"] for row in data["rows"]] == ["chosen", "tied", "tied"]
    assert data["tied_ids"] == [2, 3]
    assert data["places_left"] == 1
    assert set(data) == set(ProjectVoteResult.__dataclass_fields__)
