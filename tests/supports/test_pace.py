"""Pace of a learner on a progression, checked against worked examples.

Unless a test says otherwise: the learner starts on Monday 5 January 2026 and the
progression expects 1.5 weeks per step, i.e. 2/3 of a step a week.
"""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.supports.pace import (
    PACE_STATUSES, STATUS_LABELS, compute_pace, status_for_ratio, validate_thresholds,
)

START = date(2026, 1, 5)


def weeks_later(weeks: float) -> date:
    return START + timedelta(days=round(weeks * 7))


def pace(**kw):
    kw.setdefault("started_on", START)
    kw.setdefault("total_steps", 10)
    kw.setdefault("mastered_on", [])
    if "target_dates" not in kw:
        kw.setdefault("weeks_per_step", 1.5)
    return compute_pace(**kw)


def test_a_learner_who_just_started_is_on_pace():
    # 3 days in: 3/7 week ÷ 1.5 = 0.286 steps expected, none mastered. Ratio 0 would say
    # "far behind"; the first 7 days are a grace period instead.
    result = pace(today=START + timedelta(days=3))
    assert result.status == "on_pace"
    assert result.in_grace_period
    assert result.expected_steps_by_today == pytest.approx(3 / 7 / 1.5)
    assert (result.ratio, result.actual_rate, result.projected_finish) == (None, None, None)
    # 10 steps × 1.5 weeks = 15 weeks = 105 days → Monday 20 April 2026
    assert result.expected_finish == date(2026, 4, 20)
    assert result.expected_rate == pytest.approx(2 / 3)
    # the chart: the start, and today
    assert [(p.on, p.mastered) for p in result.series] == [(START, 0), (date(2026, 1, 8), 0)]


def test_grace_ends_after_a_week():
    assert pace(today=START + timedelta(days=6)).in_grace_period
    assert not pace(today=START + timedelta(days=7)).in_grace_period


def test_no_mastery_yet_after_five_weeks_is_far_behind():
    # 5 weeks ÷ 1.5 = 3.33 steps expected, 0 mastered: ratio 0 < 0.6 → far behind
    result = pace(today=weeks_later(5))
    assert result.weeks_on_progression == 5
    assert result.expected_steps_by_today == pytest.approx(10 / 3)
    assert result.ratio == 0
    assert result.status == "far_behind"
    assert result.actual_rate == 0
    assert result.projected_finish is None  # no trend to project from
    # one point a week, weeks 0..5, expected 0, 2/3, 4/3, 2, 8/3, 10/3
    assert [p.week for p in result.series] == [0, 1, 2, 3, 4, 5]
    assert [p.expected for p in result.series] == pytest.approx([0, 2 / 3, 4 / 3, 2, 8 / 3, 10 / 3])
    assert all(p.mastered == 0 for p in result.series)


def test_mid_way_after_a_placement():
    # Placed at step 5 of 12: 8 steps to walk. Six weeks in (Monday 16 February),
    # 4 steps mastered; expected 6 ÷ 1.5 = 4 → ratio 1.0, on pace.
    mastered = [date(2026, 1, 14), date(2026, 1, 26), date(2026, 2, 4), date(2026, 2, 13)]
    result = pace(total_steps=12, start_position=5, today=weeks_later(6), mastered_on=mastered)
    assert (result.steps_total, result.steps_mastered) == (8, 4)
    assert result.expected_steps_by_today == pytest.approx(4)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == "on_pace"
    # own rate: 4 steps ÷ 6 weeks = 2/3 a week; 4 steps left ÷ 2/3 = 6 weeks = 42 days → 30 March
    assert result.actual_rate == pytest.approx(2 / 3)
    assert result.projected_finish == date(2026, 3, 30)
    # expected: 8 steps × 1.5 = 12 weeks = 84 days → also 30 March
    assert result.expected_finish == date(2026, 3, 30)
    # weekly chart: Mondays 5, 12, 19, 26 Jan, 2, 9, 16 Feb
    #   mastered by then: 0, 0, 1 (14 Jan), 2 (26 Jan counts on its day), 2, 3, 4
    assert [p.mastered for p in result.series] == [0, 0, 1, 2, 2, 3, 4]
    assert [p.expected for p in result.series] == pytest.approx([0, 2 / 3, 4 / 3, 2, 8 / 3, 10 / 3, 4])


def test_a_learner_ahead():
    # 6 weeks, 6 mastered (one a week); expected 4 → ratio 1.5 ≥ 1.15 → ahead
    mastered = [weeks_later(w) for w in range(1, 7)]
    result = pace(today=weeks_later(6), mastered_on=mastered)
    assert result.ratio == pytest.approx(1.5)
    assert result.status == "ahead"
    # 1 step a week, 4 left → 4 weeks → Monday 16 March
    assert result.actual_rate == pytest.approx(1)
    assert result.projected_finish == date(2026, 3, 16)


def test_a_learner_behind_and_far_behind():
    # 6 weeks, expected 4. Three mastered: 3/4 = 0.75, between 0.6 and 0.85 → behind
    three = [weeks_later(1), weeks_later(3), weeks_later(5)]
    result = pace(today=weeks_later(6), mastered_on=three)
    assert (result.ratio, result.status) == (pytest.approx(0.75), "behind")
    # own rate 3 ÷ 6 = 0.5 a week; 7 left → 14 weeks = 98 days after 16 Feb → 25 May
    assert result.projected_finish == date(2026, 5, 25)
    # two mastered: 2/4 = 0.5 < 0.6 → far behind
    assert pace(today=weeks_later(6), mastered_on=three[:2]).status == "far_behind"


def test_less_than_one_step_short_is_on_pace():
    # 2 weeks: expected 4/3 = 1.33, 1 mastered → ratio 0.75 would be "behind",
    # but the learner is only a third of a step short: on pace
    result = pace(today=weeks_later(2), mastered_on=[weeks_later(1.5)])
    assert result.ratio == pytest.approx(0.75)
    assert result.status == "on_pace"
    # and less than a step ahead is not "ahead": day 18 = 18/7 weeks ÷ 1.5 = 1.71 expected,
    # 2 mastered → ratio 1.17 ≥ 1.15, but only 0.29 of a step ahead → on pace
    result = pace(today=START + timedelta(days=18), mastered_on=[weeks_later(1), weeks_later(2)])
    assert result.ratio == pytest.approx(2 / (18 / 7 / 1.5))
    assert result.status == "on_pace"


def test_thresholds_come_from_the_settings():
    # 6 weeks, 3 of 4 expected = 0.75: behind by default, on pace with behind_ratio 0.7
    three = [weeks_later(1), weeks_later(3), weeks_later(5)]
    assert pace(today=weeks_later(6), mastered_on=three, behind_ratio=0.7, far_behind_ratio=0.5).status == "on_pace"
    assert pace(today=weeks_later(6), mastered_on=three, far_behind_ratio=0.8, behind_ratio=0.9).status == "far_behind"


def test_target_dates():
    # 4 steps due Mondays 19 Jan, 2 Feb, 16 Feb, 2 Mar. Today Monday 9 Feb: two dates passed,
    # half way from 2 Feb to 16 Feb → expected 2 + 7/14 = 2.5
    targets = [date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 16), date(2026, 3, 2)]
    one = [date(2026, 1, 20)]
    result = pace(total_steps=4, target_dates=targets, today=date(2026, 2, 9), mastered_on=one)
    assert result.expected_steps_by_today == pytest.approx(2.5)
    # 1 of 2.5 → 0.4 < 0.6 → far behind
    assert (result.ratio, result.status) == (pytest.approx(0.4), "far_behind")
    assert result.expected_finish == date(2026, 3, 2)
    # 4 steps over 8 weeks (5 Jan → 2 Mar) → 0.5 a week
    assert result.expected_rate == pytest.approx(0.5)
    # the chart's expected line: 0 at the start, 0.5 on 12 Jan (7 of 14 days to the first date),
    # 1 on 19 Jan, 1.5 on 26 Jan, 2 on 2 Feb, 2.5 on 9 Feb
    assert [p.expected for p in result.series] == pytest.approx([0, 0.5, 1, 1.5, 2, 2.5])
    # two mastered: 2 of 2.5 = 0.8 but only half a step short → on pace
    two = one + [date(2026, 2, 5)]
    assert pace(total_steps=4, target_dates=targets, today=date(2026, 2, 9), mastered_on=two).status == "on_pace"


def test_target_dates_before_the_placement_are_due_at_once():
    # placed at step 3 on 9 Feb; its steps 3 and 4 are due 26 Jan (passed) and 23 Feb
    targets = [date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26), date(2026, 2, 23)]
    today = date(2026, 2, 16)  # one week in: out of the grace period
    result = pace(started_on=date(2026, 2, 9), total_steps=4, start_position=3,
                  target_dates=targets, today=today)
    # step 3 due at once (1), plus 7 of 14 days towards step 4 → 1.5 expected, 0 mastered
    assert result.steps_total == 2
    assert result.expected_steps_by_today == pytest.approx(1.5)
    assert result.status == "far_behind"


def test_nothing_due_yet_with_target_dates():
    targets = [date(2026, 3, 2), date(2026, 3, 30)]
    # 2 weeks in, first date 8 weeks away: expected 2/8 of a step = 0.25. One step mastered:
    # ratio 4, but only 0.75 of a step ahead → on pace
    result = pace(total_steps=2, target_dates=targets, today=weeks_later(2), mastered_on=[weeks_later(1)])
    assert result.expected_steps_by_today == pytest.approx(0.25)
    assert result.ratio == pytest.approx(4)
    assert result.status == "on_pace"
    # a second step before the first date: 2 of 0.25, 1.75 steps ahead → ahead
    two = pace(total_steps=2, target_dates=targets, today=weeks_later(2),
               mastered_on=[weeks_later(1), weeks_later(2)])
    assert two.status == "ahead"


def test_target_dates_unset_means_no_pace_to_compare():
    result = pace(total_steps=3, target_dates=[None, None, None], today=weeks_later(4))
    assert result.expected_steps_by_today is None and result.ratio is None
    assert result.status == "on_pace"
    assert all(p.expected is None for p in result.series)
    # unset dates fall back to weeks per step when the progression has one
    fallback = pace(total_steps=3, target_dates=[None, None, None], weeks_per_step=2, today=weeks_later(4))
    assert fallback.expected_steps_by_today == pytest.approx(2)


def test_finished_learner():
    mastered = [weeks_later(1), weeks_later(2), weeks_later(3)]
    result = pace(total_steps=3, today=weeks_later(6), mastered_on=mastered)
    assert result.finished and result.finished_on == weeks_later(3)
    assert result.projected_finish == weeks_later(3)
    assert result.steps_total == result.steps_mastered
    # expected 4 → capped at the 3 steps there are; 3 of 3 → on pace
    assert result.expected_steps_by_today == 3
    assert result.status == "on_pace"


def test_odd_mastery_dates_are_tidied():
    # a mastery dated before the placement counts on the start; one dated tomorrow counts today;
    # more dates than steps are ignored beyond the step count
    today = weeks_later(3)
    result = pace(total_steps=2, today=today,
                  mastered_on=[START - timedelta(days=9), today + timedelta(days=1), today])
    assert result.steps_mastered == 2
    assert result.series[0].mastered == 1
    assert result.finished_on == today


def test_today_before_the_start():
    result = pace(today=START - timedelta(days=2))
    assert result.in_grace_period and result.status == "on_pace"
    assert result.weeks_on_progression == 0


def test_placement_past_the_last_step():
    result = pace(total_steps=4, start_position=6, today=weeks_later(3))
    assert result.steps_total == 0 and result.status == "on_pace" and not result.finished


def test_status_thresholds_at_the_boundaries():
    assert status_for_ratio(1.15) == "ahead"
    assert status_for_ratio(1.149) == "on_pace"
    assert status_for_ratio(0.85) == "on_pace"
    assert status_for_ratio(0.849) == "behind"
    assert status_for_ratio(0.6) == "behind"
    assert status_for_ratio(0.599) == "far_behind"
    assert set(STATUS_LABELS) == set(PACE_STATUSES)


def test_bad_inputs_are_refused():
    assert validate_thresholds(1.15, 0.85, 0.6) is None
    assert validate_thresholds(1.15, 0.5, 0.6)  # far behind above behind
    assert validate_thresholds(0.9, 0.85, 0.6)  # ahead below 1
    with pytest.raises(ValueError):
        pace(today=weeks_later(2), behind_ratio=0.5)
    with pytest.raises(ValueError):
        compute_pace(started_on=START, today=weeks_later(2), total_steps=3, mastered_on=[])
    with pytest.raises(ValueError):
        pace(today=weeks_later(2), weeks_per_step=0)
    with pytest.raises(ValueError):
        pace(today=weeks_later(2), total_steps=3, target_dates=[date(2026, 2, 1)])
    with pytest.raises(ValueError):
        pace(today=weeks_later(2), start_position=0)


@given(
    days=st.integers(min_value=0, max_value=400),
    total=st.integers(min_value=1, max_value=30),
    offsets=st.lists(st.integers(min_value=0, max_value=400), max_size=30),
    weeks_per_step=st.floats(min_value=0.2, max_value=6),
)
def test_pace_properties(days, total, offsets, weeks_per_step):
    today = START + timedelta(days=days)
    result = pace(total_steps=total, today=today, weeks_per_step=weeks_per_step,
                  mastered_on=[START + timedelta(days=o) for o in offsets])
    assert result.status in PACE_STATUSES
    assert 0 <= result.steps_mastered <= result.steps_total == total
    assert 0 <= result.expected_steps_by_today <= total
    assert result.series[0].on == START and result.series[-1].on == today
    mastered_line = [p.mastered for p in result.series]
    assert mastered_line == sorted(mastered_line) and mastered_line[-1] == result.steps_mastered
    if result.projected_finish and not result.finished:
        assert result.projected_finish >= today
