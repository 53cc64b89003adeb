"""Mastery estimate methods, each checked against examples worked by hand from its definition.

Scale for every example: levels 1..4, mastery threshold 3 (the default scale).
"""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.mastery.estimates import (
    METHOD_DESCRIPTIONS, METHOD_LABELS, METHODS, PARAMETER_LABELS, default_parameter, estimate,
    estimate_many, validate_parameter,
)

SCALE = {"threshold": 3, "min_level": 1, "max_level": 4}


def run(method, scores, parameter=None):
    return estimate(method, scores, parameter=parameter, **SCALE)


# --- one rising series worked through every method -------------------------------------
RISING = [1, 2, 3, 4]


def test_latest_is_the_newest_score():
    assert run("latest", RISING) == 4
    assert run("latest", [4, 2]) == 2  # newest, not highest


def test_highest():
    assert run("highest", [2, 4, 3]) == 4


def test_average():
    # (1 + 2 + 3 + 4) / 4 = 10 / 4 = 2.5
    assert run("average", RISING) == 2.5


def test_weighted_average_default_weight():
    # prior mean = (1 + 2 + 3) / 3 = 2
    # 4 × 0.65 + 2 × 0.35 = 2.6 + 0.7 = 3.3
    assert run("weighted_average", RISING) == pytest.approx(3.3)


def test_weighted_average_other_weight():
    # w = 0.5, scores 2, 2, 4: prior mean 2; 4 × 0.5 + 2 × 0.5 = 3.0
    assert run("weighted_average", [2, 2, 4], parameter=0.5) == 3.0
    # w = 0.8, scores 4, 1: prior mean 4; 1 × 0.8 + 4 × 0.2 = 0.8 + 0.8 = 1.6
    assert run("weighted_average", [4, 1], parameter=0.8) == pytest.approx(1.6)


def test_decaying_average_default_weight():
    # d1 = 1 × 0.35 + 2 × 0.65 = 0.35 + 1.30 = 1.65
    # d2 = 1.65 × 0.35 + 3 × 0.65 = 0.5775 + 1.95 = 2.5275
    # d3 = 2.5275 × 0.35 + 4 × 0.65 = 0.884625 + 2.6 = 3.484625
    assert run("decaying_average", RISING) == pytest.approx(3.484625)


def test_decaying_average_differs_from_weighted_after_three_scores():
    # scores 4, 1, 3 with w = 0.65
    # decaying: d1 = 4 × 0.35 + 1 × 0.65 = 1.4 + 0.65 = 2.05; d2 = 2.05 × 0.35 + 3 × 0.65 = 0.7175 + 1.95 = 2.6675
    # weighted: prior mean (4 + 1) / 2 = 2.5; 3 × 0.65 + 2.5 × 0.35 = 1.95 + 0.875 = 2.825
    assert run("decaying_average", [4, 1, 3]) == pytest.approx(2.6675)
    assert run("weighted_average", [4, 1, 3]) == pytest.approx(2.825)


def test_two_scores_weighted_and_decaying_agree():
    # 2 × 0.35 + 4 × 0.65 = 0.7 + 2.6 = 3.3 by both definitions
    assert run("weighted_average", [2, 4]) == pytest.approx(3.3)
    assert run("decaying_average", [2, 4]) == pytest.approx(3.3)


def test_n_times_needs_n_scores_at_mastery():
    # scores ≥ 3 in 1, 2, 3, 4 are 3 and 4: only 2 of the default 3 → no estimate
    assert run("n_times", RISING) is None
    # with n = 2: (3 + 4) / 2 = 3.5
    assert run("n_times", RISING, parameter=2) == 3.5
    # 3, 1, 4, 2, 3: at mastery 3, 4, 3 (three of them) → (3 + 4 + 3) / 3 = 10 / 3
    assert run("n_times", [3, 1, 4, 2, 3]) == pytest.approx(10 / 3)


def test_n_times_counts_the_threshold_itself():
    # 3, 3, 3 are all "at or above" 3 → mean 3
    assert run("n_times", [3, 3, 3]) == 3


def test_best_n():
    # 1, 4, 2, 3, 3: the three highest are 4, 3, 3 → 10 / 3
    assert run("best_n", [1, 4, 2, 3, 3]) == pytest.approx(10 / 3)
    # 1, 2, 3, 4 with default n = 3: 4, 3, 2 → 9 / 3 = 3
    assert run("best_n", RISING) == 3
    # fewer than n scores → no estimate
    assert run("best_n", [4, 4]) is None
    # n = 2 on 1, 2: (2 + 1) / 2 = 1.5
    assert run("best_n", [1, 2], parameter=2) == 1.5


@pytest.mark.parametrize(("scores", "expected"), [
    ([1, 3, 2, 4], 3.66), ([2, 4, 1, 3], 2.16), ([4, 3, 2, 1], 1.28),
    ([1, 2, 3, 4], 4.0),  # 4.0 exactly: 1, 2, 3, 4 is y = x, a power law with b = 1
])
def test_power_law_is_the_published_log_log_fit(scores, expected):
    """y = a·x^b fitted by least squares on (ln x, ln y), x = attempt 1..n, read at x = n
    (the method JumpRope and PowerSchool publish)."""
    assert run("power_law", scores) == pytest.approx(expected, abs=0.005)


def test_power_law_worked_by_hand():
    # 1, 2, 4 at attempts 1, 2, 3: ln y = 0, ln 2, 2 ln 2; ln x = 0, ln 2, ln 3
    xs, ys = [0, math.log(2), math.log(3)], [0, math.log(2), 2 * math.log(2)]
    mx, my = sum(xs) / 3, sum(ys) / 3
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    expected = math.exp(my - b * mx) * 3 ** b
    assert run("power_law", [1, 2, 4]) == pytest.approx(min(expected, 4))


def test_power_law_is_clamped_to_the_scale():
    assert run("power_law", [1, 2, 4, 4]) == 4  # the curve reads above 4 at attempt 4
    assert run("power_law", [4, 3, 1, 1]) == 1  # and below 1


def test_power_law_on_a_scale_with_zero_shifts_the_scale_to_start_at_1():
    """ln 0 does not exist: on a scale whose bottom level is below 1 the fit runs on the scores
    moved up so that the bottom level is 1, and the result is moved back down."""
    zero_to_three = {"threshold": 2, "min_level": 0, "max_level": 3}
    assert estimate("power_law", [0, 2, 1, 3], **zero_to_three) == pytest.approx(
        estimate("power_law", [1, 3, 2, 4], threshold=3, min_level=1, max_level=4) - 1)
    assert estimate("power_law", [0, 0, 0], **zero_to_three) == 0


def test_power_law_two_scores_is_the_newest():
    # a power curve through (1, 1) and (2, 3) passes through 3 at attempt 2
    assert run("power_law", [1, 3]) == pytest.approx(3)


def test_linear_trend_is_the_straight_line_under_its_own_name():
    # scores 2, 3, 3, 4 at attempts 1..4; mean x = 2.5, mean y = 3; slope = 3 / 5 = 0.6
    # at x = 4: 3 + 0.6 × 1.5 = 3.9
    assert run("linear_trend", [2, 3, 3, 4]) == pytest.approx(3.9)
    assert run("linear_trend", [1, 3, 2, 4]) == pytest.approx(3.7)
    assert run("linear_trend", [2, 3, 4, 4]) == 4 and run("linear_trend", [3, 2, 1, 1]) == 1  # clamped


@pytest.mark.parametrize("method", [m for m in METHODS if m not in ("n_times", "best_n")])
def test_one_score_is_that_score(method):
    assert run(method, [2]) == 2


@pytest.mark.parametrize("method", METHODS)
def test_no_scores_no_estimate(method):
    assert run(method, []) is None


def test_one_score_for_count_methods():
    assert run("n_times", [4]) is None  # 1 of 3 at mastery
    assert run("n_times", [4], parameter=1) == 4
    assert run("best_n", [2], parameter=1) == 2


@pytest.mark.parametrize("method", ["weighted_average", "decaying_average"])
def test_equal_scores_stay_exactly_at_the_threshold(method):
    # 3 × 0.65 + 3 × 0.35 must be 3 exactly, or the page would say "not yet at mastery"
    assert run(method, [3, 3, 3]) == 3.0
    assert run(method, [3, 3, 3]) >= SCALE["threshold"]


def test_float_noise_is_rounded_away():
    # 0.1 + 0.2 = 0.30000000000000004 in floats; the mean of 0.1 and 0.2 prints as 0.15
    assert estimate("average", [0.1, 0.2], threshold=1, min_level=0, max_level=1) == 0.15


def test_default_parameters():
    assert default_parameter("weighted_average") == 0.65
    assert default_parameter("decaying_average") == 0.65
    assert default_parameter("n_times") == 3
    assert default_parameter("best_n") == 3
    for method in ("latest", "highest", "average", "power_law", "linear_trend"):
        assert default_parameter(method) is None


@pytest.mark.parametrize(("method", "parameter"), [
    ("weighted_average", 0), ("weighted_average", 1.0001), ("weighted_average", -0.2),
    ("decaying_average", 1.5), ("decaying_average", math.nan), ("decaying_average", "0.5"),
    ("n_times", 0), ("n_times", 2.5), ("n_times", -1), ("best_n", math.inf), ("best_n", True),
    ("median", None),
])
def test_bad_parameters_are_refused(method, parameter):
    message = validate_parameter(method, parameter)
    assert message
    with pytest.raises(ValueError):
        estimate(method, [3], parameter=parameter, **SCALE)


@pytest.mark.parametrize(("method", "parameter"), [
    ("weighted_average", 0.5), ("decaying_average", 0.01), ("n_times", 2), ("best_n", 4.0),
    ("weighted_average", 1), ("decaying_average", 1.0),  # w = 1: only the newest score counts
    ("n_times", None), ("latest", 0.65), ("power_law", 17),  # ignored where the method takes none
])
def test_good_parameters_pass(method, parameter):
    assert validate_parameter(method, parameter) is None


@pytest.mark.parametrize("method", ["weighted_average", "decaying_average"])
def test_a_weight_of_1_gives_the_newest_score(method):
    assert run(method, [4, 1, 3, 2], parameter=1) == 2
    assert run(method, [1, 2, 3, 4], parameter=1.0) == 4


@pytest.mark.parametrize(("method", "parameter"), [("n_times", 0.65), ("best_n", 0.65), ("decaying_average", 3)])
def test_a_parameter_that_does_not_fit_the_method_is_an_error_never_a_default(method, parameter):
    """A framework that kept 0.65 after switching to "n times at mastery" gets no silent n = 3."""
    with pytest.raises(ValueError, match="parameter"):
        run(method, [3, 3, 3, 3], parameter=parameter)


def test_parameter_ignored_by_methods_without_one():
    # a framework switched from decaying_average to latest keeps its stored 0.65
    assert run("latest", RISING, parameter=0.65) == 4


def test_estimate_many_matches_estimate():
    scores = {(1, 10): [1, 2, 3, 4], (2, 10): [3], (3, 10): []}
    result = estimate_many("decaying_average", scores, **SCALE)
    assert result == {(1, 10): pytest.approx(3.484625), (2, 10): 3, (3, 10): None}
    with pytest.raises(ValueError):
        estimate_many("best_n", scores, parameter=0, **SCALE)


def test_methods_match_the_framework_choices():
    from tracker.competencies.models import ESTIMATE_METHODS

    assert METHODS == ESTIMATE_METHODS
    assert set(METHOD_LABELS) == set(METHOD_DESCRIPTIONS) == set(METHODS)
    assert set(PARAMETER_LABELS) == {"weighted_average", "decaying_average", "n_times", "best_n"}


# --- properties ----------------------------------------------------------------------------
scores_strategy = st.lists(st.floats(min_value=1, max_value=4, allow_nan=False), min_size=1, max_size=30)
weights = st.floats(min_value=0.01, max_value=0.99)
counts = st.integers(min_value=1, max_value=5)
TOLERANCE = 1e-9


@given(scores_strategy, weights)
def test_averages_stay_within_the_scores(scores, weight):
    low, high = min(scores) - TOLERANCE, max(scores) + TOLERANCE
    for method in ("latest", "highest", "average", "weighted_average", "decaying_average"):
        value = run(method, scores, parameter=weight if method in ("weighted_average", "decaying_average") else None)
        assert low <= value <= high


@given(scores_strategy, counts)
def test_count_methods_stay_within_their_scores(scores, count):
    value = run("n_times", scores, parameter=count)
    if value is not None:
        assert SCALE["threshold"] - TOLERANCE <= value <= max(scores) + TOLERANCE
    assert (value is None) == (sum(score >= 3 for score in scores) < count)
    value = run("best_n", scores, parameter=count)
    assert (value is None) == (len(scores) < count)
    if value is not None:
        assert run("average", scores) - TOLERANCE <= value <= max(scores) + TOLERANCE


@given(scores_strategy)
def test_power_law_stays_on_the_scale(scores):
    assert SCALE["min_level"] <= run("power_law", scores) <= SCALE["max_level"]
    assert SCALE["min_level"] <= run("linear_trend", scores) <= SCALE["max_level"]


@given(st.floats(min_value=1, max_value=4), st.integers(min_value=1, max_value=10), weights)
def test_constant_scores_give_that_score(level, length, weight):
    scores = [level] * length
    for method in ("latest", "highest", "average", "power_law", "linear_trend"):
        assert run(method, scores) == pytest.approx(level)
    for method in ("weighted_average", "decaying_average"):
        assert run(method, scores, parameter=weight) == pytest.approx(level)


@given(scores_strategy, weights)
def test_decaying_average_is_the_recurrence(scores, weight):
    # straight from the definition: d = d × (1 − w) + s × w, starting from s1
    expected = scores[0]
    for score in scores[1:]:
        expected = expected * (1 - weight) + score * weight
    assert run("decaying_average", scores, parameter=weight) == pytest.approx(expected, abs=1e-8)
