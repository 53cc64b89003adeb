"""Time to support as a Kaplan–Meier estimate: hand-worked from the definition (pure)."""
from collections import Counter

import pytest

from tracker.supports.survival import Wait, support_curve


def test_a_hand_worked_curve_with_flags_still_waiting():
    # Eight flags. Supported after 0, 2, 2 and 5 school days; still waiting (or closed without
    # support) after 1, 3, 6 and 7 days.
    curve = support_curve(Counter([Wait(0, True), Wait(2, True), Wait(2, True), Wait(5, True),
                           Wait(1, False), Wait(3, False), Wait(6, False), Wait(7, False)]))
    # Day 0: 8 at risk, 1 supported        S = 7/8             = 0.875
    # Day 1: one censored, 6 left at risk
    # Day 2: 6 at risk, 2 supported        S = 0.875 × 4/6     = 0.5833
    # Day 3: one censored, 3 left at risk
    # Day 5: 3 at risk, 1 supported        S = 0.5833 × 2/3    = 0.3889
    assert [day for day, _ in curve.steps] == [0, 2, 5]
    assert [value for _, value in curve.steps] == pytest.approx([0.875, 0.583333, 0.388889], abs=1e-6)
    assert (curve.flags, curve.supported) == (8, 4)
    assert curve.acted_on == 0.5
    assert curve.median == 5  # the supported four alone would say 2
    assert curve.supported_within(1) == pytest.approx(0.125)
    assert curve.supported_within(4) == pytest.approx(1 - 0.583333, abs=1e-6)
    assert curve.supported_within(5) == pytest.approx(1 - 0.388889, abs=1e-6)
    assert curve.supported_within(7) == pytest.approx(1 - 0.388889, abs=1e-6)
    # No flag has been watched for 10 school days: unknown, not guessed.
    assert curve.supported_within(10) is None


def test_the_median_is_not_reached_while_more_than_half_wait():
    curve = support_curve(Counter([Wait(1, True), Wait(2, False), Wait(4, False)]))
    assert curve.steps == ((1, pytest.approx(2 / 3)),)
    assert curve.median is None
    assert curve.supported_within(3) == pytest.approx(1 / 3)


def test_a_censored_wait_on_a_support_day_still_counts_at_risk():
    # Day 2: both flags had waited 2 days, one got support: S = 1/2, the median is day 2.
    curve = support_curve(Counter([Wait(2, True), Wait(2, False)]))
    assert curve.steps == ((2, 0.5),)
    assert curve.median == 2
    assert curve.supported_within(3) is None  # the other flag has been watched 2 days only


def test_every_flag_supported_reads_like_a_plain_median():
    curve = support_curve(Counter([Wait(1, True), Wait(3, True), Wait(4, True)]))
    assert curve.median == 3
    assert curve.supported_within(4) == 1.0 and curve.supported_within(10) == 1.0


def test_no_flag():
    curve = support_curve(Counter([]))
    assert curve.median is None and curve.acted_on is None and curve.supported_within(5) is None
