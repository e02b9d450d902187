"""Progress computed, not typed (hall.rules.progress): states, 滞后, overdue, weights."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hall.rules.progress import (
    DONE,
    EXCEEDED,
    NOT_STARTED,
    UNDER_WAY,
    elapsed,
    item_progress,
    project_progress,
)

START, DEADLINE = date(2027, 1, 1), date(2027, 12, 31)


def test_nothing_reported_is_not_started():
    progress = item_progress(100, None, DEADLINE, START, date(2027, 1, 2))
    assert progress.state == NOT_STARTED and progress.completion == 0


def test_half_way_at_mid_year_is_under_way_and_not_behind():
    progress = item_progress(5809, 3000, DEADLINE, START, date(2027, 6, 30))
    assert progress.state == UNDER_WAY
    assert progress.percent == Decimal("51.64")
    assert not progress.behind


def test_a_quarter_done_at_mid_year_is_behind():
    progress = item_progress(100, 25, DEADLINE, START, date(2027, 7, 1))
    assert progress.state == UNDER_WAY and progress.behind and not progress.overdue


def test_reaching_the_target_is_done_and_more_is_exceeded():
    assert item_progress(62, 62, DEADLINE, START, date(2027, 9, 1)).state == DONE
    over = item_progress(166, 180, DEADLINE, START, date(2027, 9, 1))
    assert over.state == EXCEEDED and over.percent == Decimal("108.43")
    assert not over.behind


def test_past_the_deadline_unfinished_is_overdue_and_behind():
    progress = item_progress(10, 9, DEADLINE, START, date(2028, 1, 5))
    assert progress.overdue and progress.behind


def test_a_project_weights_its_parts_and_caps_each_at_full():
    today = date(2027, 7, 1)
    done = item_progress(10, 20, DEADLINE, START, today)  # 200%, counted as 100%
    half = item_progress(10, 5, DEADLINE, START, today)
    project = project_progress([(done, 3), (half, 1)])
    assert project.completion == Fraction(7, 8)
    assert project.state == UNDER_WAY and project.behind is False
    assert project_progress([(done, None), (done, None)]).state == EXCEEDED
    assert project_progress([]).state == NOT_STARTED


@given(st.integers(0, 400), st.integers(0, 400))
def test_elapsed_stays_between_nothing_and_all(a, b):
    share = elapsed(START, DEADLINE, date.fromordinal(START.toordinal() - 30 + a + b))
    assert 0 <= share <= 1


@given(st.integers(1, 10_000), st.integers(0, 20_000), st.integers(0, 400))
def test_finished_is_never_behind(target, achieved, day):
    today = date.fromordinal(START.toordinal() + day)
    progress = item_progress(target, achieved, DEADLINE, START, today)
    assert (progress.state in (DONE, EXCEEDED)) == (achieved >= target)
    if achieved >= target:
        assert not progress.behind and not progress.overdue
