"""Ballot sheets: reading raw submissions, the cap on 赞成, and the canonical stored text."""

import json

import pytest

from hall.rules.sheets import (
    Form,
    Mark,
    SheetError,
    canonical_json,
    check_phone_sheet,
    is_within_cap,
    normalize_sheet,
    parse_canonical,
    yes_count,
)

ITEMS = [1, 2, 3, 4, 5]
YES, NO, ABSTAIN = Mark.YES, Mark.NO, Mark.ABSTAIN


def malformed(form, raw, items=ITEMS):
    with pytest.raises(SheetError) as caught:
        normalize_sheet(form, items, raw)
    assert caught.value.code == "sheet_malformed"
    return caught.value


def test_approve_sheet_marks_yes_for_each_approved_item_only():
    marks = normalize_sheet(Form.APPROVE, ITEMS, {"approve": [4, 2]})
    assert marks == {2: YES, 4: YES}
    assert list(marks) == [2, 4]


def test_approve_sheet_with_nothing_approved_is_empty():
    assert normalize_sheet(Form.APPROVE, ITEMS, {"approve": []}) == {}


def test_form_accepts_stored_text():
    assert normalize_sheet("approve", ITEMS, {"approve": [1]}) == {1: YES}


@pytest.mark.parametrize(
    "raw",
    [
        None,
        [1, 2],
        "approve",
        {},
        {"approve": [1], "extra": 1},
        {"marks": {"1": "yes"}},
        {"approve": 1},
        {"approve": "1,2"},
        {"approve": {"1": True}},
        {"approve": [True]},
        {"approve": [1, False]},
        {"approve": ["1"]},
        {"approve": [1.0]},
        {"approve": [None]},
        {"approve": [9]},
        {"approve": [0]},
        {"approve": [2, 2]},
    ],
)
def test_malformed_approve_sheet_is_refused(raw):
    malformed(Form.APPROVE, raw)


def test_yes_no_abstain_sheet_counts_unmarked_items_as_abstain():
    raw = {"marks": {"1": "yes", "3": "no", "4": "abstain"}}
    assert normalize_sheet(Form.YES_NO_ABSTAIN, ITEMS, raw) == {
        1: YES,
        2: ABSTAIN,
        3: NO,
        4: ABSTAIN,
        5: ABSTAIN,
    }


def test_yes_no_abstain_sheet_holds_every_item_in_ballot_order():
    marks = normalize_sheet(Form.YES_NO_ABSTAIN, ITEMS, {"marks": {5: "no", 1: "yes"}})
    assert list(marks) == ITEMS


def test_yes_no_abstain_sheet_accepts_int_and_text_keys():
    marks = normalize_sheet(Form.YES_NO_ABSTAIN, ITEMS, {"marks": {2: "yes", "3": "no"}})
    assert marks[2] is YES
    assert marks[3] is NO


def test_empty_yes_no_abstain_sheet_abstains_on_everything():
    marks = normalize_sheet(Form.YES_NO_ABSTAIN, ITEMS, {"marks": {}})
    assert marks == dict.fromkeys(ITEMS, ABSTAIN)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        ["yes"],
        {},
        {"approve": [1]},
        {"marks": {}, "approve": []},
        {"marks": ["yes", "no"]},
        {"marks": None},
        {True: "yes"},
        {"marks": {True: "yes"}},
        {"marks": {"x": "yes"}},
        {"marks": {"01": "yes"}},
        {"marks": {" 1": "yes"}},
        {"marks": {"-1": "yes"}},
        {"marks": {1.0: "yes"}},
        {"marks": {"9": "yes"}},
        {"marks": {9: "no"}},
        {"marks": {"1": "yes", 1: "no"}},
        {"marks": {"1": "maybe"}},
        {"marks": {"1": "YES"}},
        {"marks": {"1": None}},
        {"marks": {"1": 1}},
        {"marks": {"1": True}},
        {"marks": {"1": ["yes"]}},
    ],
)
def test_malformed_yes_no_abstain_sheet_is_refused(raw):
    malformed(Form.YES_NO_ABSTAIN, raw)


def test_sheet_error_is_a_value_error_with_a_chinese_message():
    error = malformed(Form.APPROVE, {"approve": [9]})
    assert isinstance(error, ValueError)
    assert "9" in error.message
    assert error.message.startswith("选票格式不正确")
    assert str(error) == error.message


def test_normalize_does_not_check_the_cap():
    marks = normalize_sheet(Form.APPROVE, ITEMS, {"approve": ITEMS})
    assert yes_count(marks) == 5


def test_yes_count_counts_only_yes():
    assert yes_count({1: YES, 2: NO, 3: ABSTAIN, 4: YES}) == 2
    assert yes_count({}) == 0


def test_sheet_at_the_cap_is_valid_and_over_the_cap_is_not():
    marks = {1: YES, 2: YES, 3: NO}
    assert is_within_cap(marks, 2)
    assert is_within_cap(marks, 3)
    assert not is_within_cap(marks, 1)


def test_phone_sheet_within_the_cap_is_accepted():
    marks = check_phone_sheet(Form.APPROVE, ITEMS, 2, {"approve": [1, 3]})
    assert marks == {1: YES, 3: YES}


def test_phone_sheet_over_the_cap_is_refused_with_the_numbers():
    items = list(range(1, 16))
    with pytest.raises(SheetError) as caught:
        check_phone_sheet(Form.APPROVE, items, 10, {"approve": items[:11]})
    assert caught.value.code == "sheet_over_limit"
    assert caught.value.message == "最多只能赞成 10 项，您选择了 11 项"


def test_phone_yes_no_abstain_sheet_over_the_cap_is_refused():
    raw = {"marks": {"1": "yes", "2": "yes", "3": "yes", "4": "no"}}
    with pytest.raises(SheetError) as caught:
        check_phone_sheet(Form.YES_NO_ABSTAIN, ITEMS, 2, raw)
    assert caught.value.code == "sheet_over_limit"
    assert check_phone_sheet(Form.YES_NO_ABSTAIN, ITEMS, 3, raw)[5] is ABSTAIN


def test_phone_sheet_that_is_malformed_is_refused_as_malformed():
    with pytest.raises(SheetError) as caught:
        check_phone_sheet(Form.APPROVE, ITEMS, 2, {"approve": [1, 1, 1]})
    assert caught.value.code == "sheet_malformed"


def test_canonical_json_sorts_keys_as_numbers_and_is_compact():
    assert canonical_json({10: YES, 2: NO, 1: ABSTAIN}) == '{"1":"abstain","2":"no","10":"yes"}'


def test_canonical_json_is_the_same_for_equal_sheets_in_any_order():
    first = {3: YES, 1: NO, 2: ABSTAIN}
    second = {1: NO, 2: ABSTAIN, 3: YES}
    assert canonical_json(first) == canonical_json(second)


def test_canonical_json_of_an_empty_sheet():
    assert canonical_json({}) == "{}"


def test_canonical_json_round_trips():
    marks = {12: YES, 3: NO, 7: ABSTAIN}
    text = canonical_json(marks)
    assert parse_canonical(text) == marks
    assert json.loads(text) == {"3": "no", "7": "abstain", "12": "yes"}


def test_parse_canonical_gives_marks():
    marks = parse_canonical('{"1":"yes"}')
    assert marks[1] is YES


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"x":"yes"}', '{"1":"maybe"}', '{"1":null}', "null"]
)
def test_parse_canonical_refuses_malformed_text(text):
    with pytest.raises(SheetError):
        parse_canonical(text)
