"""Roll-call arithmetic: fractions, "more than", quorum and the threshold basis."""

from fractions import Fraction

import pytest

from hall.rules.roll import (
    Basis,
    basis_count,
    minimum_more_than,
    more_than,
    parse_fraction,
    quorum_met,
)

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/2", HALF),
        ("2/3", TWO_THIRDS),
        ("0.5", HALF),
        (" 3/4 ", Fraction(3, 4)),
        (Fraction(1, 3), Fraction(1, 3)),
    ],
)
def test_parse_fraction_reads_text_and_fractions(text, expected):
    assert parse_fraction(text) == expected


@pytest.mark.parametrize("text", ["0", "1", "0/3", "3/3", "3/2", "-1/2", "1.5", "abc", "", "1/0"])
def test_parse_fraction_refuses_anything_outside_zero_to_one(text):
    with pytest.raises(ValueError):
        parse_fraction(text)


@pytest.mark.parametrize("text", ["1e-5000", "1e-400000", "1/10000000", "0.00001", "1_0/30"])
def test_parse_fraction_refuses_exponents_and_more_than_four_digits(text):
    """Fraction("1e-400000") computes 10**400000; with a few more digits it never returns."""
    with pytest.raises(ValueError):
        parse_fraction(text)


@pytest.mark.parametrize("value", [0.5, 1, None, Fraction(1), Fraction(0)])
def test_parse_fraction_refuses_floats_and_other_types(value):
    with pytest.raises(ValueError):
        parse_fraction(value)


@pytest.mark.parametrize(
    ("basis", "fraction", "minimum"),
    [
        (230, HALF, 116),
        (231, HALF, 116),
        (221, HALF, 111),
        (0, HALF, 1),
        (1, HALF, 1),
        (2, HALF, 2),
        (230, TWO_THIRDS, 154),
        (231, TWO_THIRDS, 155),
        (3, TWO_THIRDS, 3),
    ],
)
def test_minimum_more_than_is_the_smallest_count_strictly_above(basis, fraction, minimum):
    assert minimum_more_than(basis, fraction) == minimum


def test_minimum_more_than_refuses_a_negative_basis():
    with pytest.raises(ValueError):
        minimum_more_than(-1, HALF)


def test_exactly_half_is_not_more_than_half():
    assert not more_than(115, 230, HALF)
    assert more_than(116, 230, HALF)


def test_more_than_two_thirds_is_strict():
    assert not more_than(154, 231, TWO_THIRDS)
    assert more_than(155, 231, TWO_THIRDS)
    assert more_than(154, 230, TWO_THIRDS)


@pytest.mark.parametrize("fraction", [HALF, TWO_THIRDS, Fraction(3, 5)])
def test_minimum_more_than_agrees_with_more_than(fraction):
    for basis in range(60):
        minimum = minimum_more_than(basis, fraction)
        assert more_than(minimum, basis, fraction)
        assert not more_than(minimum - 1, basis, fraction)


def test_quorum_needs_more_than_half_present():
    assert not quorum_met(230, 115)
    assert quorum_met(230, 116)
    assert quorum_met(230, 221)


def test_quorum_with_two_thirds():
    assert not quorum_met(231, 154, TWO_THIRDS)
    assert quorum_met(231, 155, TWO_THIRDS)


def test_quorum_is_not_met_when_nobody_is_expected():
    assert not quorum_met(0, 0)
    assert not quorum_met(0, 3)


@pytest.mark.parametrize(
    ("basis", "count"),
    [(Basis.EXPECTED, 230), (Basis.PRESENT, 221), (Basis.RETURNED, 219)],
)
def test_basis_count_picks_the_count_for_each_basis(basis, count):
    assert basis_count(basis, expected=230, present=221, returned=219) == count


def test_basis_count_accepts_stored_text():
    assert basis_count("present", expected=230, present=221, returned=219) == 221


def test_basis_values_are_the_stored_text():
    assert [basis.value for basis in Basis] == ["expected", "present", "returned"]
    assert Basis("returned") is Basis.RETURNED
