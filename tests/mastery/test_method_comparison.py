"""Which estimate method predicts best (issue 19): the replay is a pure function; its figures by hand."""
import pytest

from tracker.mastery.estimates import METHODS
from tracker.mastery.method_comparison import (
    Comparison, MethodResult, _best, compare_methods, parameters_for,
)

SCALE = {"threshold": 3, "min_level": 1, "max_level": 4}


def test_a_rising_series_by_hand():
    # held out: the 3 (from 1, 2) and the 4 (from 1, 2, 3)
    comparison = compare_methods([[1, 2, 3, 4]], **SCALE)
    assert (comparison.series, comparison.points) == (1, 2)
    latest = comparison.result("latest")
    assert (latest.mean_absolute_error, latest.mastery_accuracy, latest.coverage) == (1.0, 0.5, 1.0)
    average = comparison.result("average")  # 1.5 for 3, 2 for 4
    assert (average.mean_absolute_error, average.mastery_accuracy) == (1.75, 0.0)
    assert comparison.result("linear_trend").mean_absolute_error == 1.0  # reads 2, then 3
    # n times at mastery (n = 3) never has three scores at 3+ before a held-out one: no prediction,
    # counted "not at mastery" against a 3 and a 4
    n_times = comparison.result("n_times")
    assert (n_times.predicted, n_times.mean_absolute_error, n_times.mastery_accuracy) == (0, None, 0.0)
    # a tie on error and accuracy goes to the simpler method, the most recent score
    assert comparison.best == "latest"


def test_a_noisy_flat_series_is_best_read_by_the_average():
    comparison = compare_methods([[2, 3, 1, 2, 3, 1, 2]], **SCALE)
    assert comparison.points == 5
    # the most recent score: 3, 1, 2, 3, 1 against 1, 2, 3, 1, 2
    assert comparison.result("latest").mean_absolute_error == 1.4
    # the average: 2.5, 2, 2, 2.2, 2 against the same
    assert comparison.result("average").mean_absolute_error == pytest.approx((1.5 + 0 + 1 + 1.2 + 0) / 5, abs=1e-4)
    # best 3 of n (0.75) is close but gives nothing before the fourth score: 80 % of the points, under 90 %
    assert comparison.result("best_n").coverage == 0.8
    assert comparison.best == "average"


def test_a_prediction_never_sees_the_score_it_predicts_or_a_later_one():
    # "highest" that saw the future would predict the 4; held out, it predicts 1 and 1
    comparison = compare_methods([[1, 1, 1, 4]], **SCALE)
    assert comparison.result("highest").mean_absolute_error == 1.5
    assert comparison.result("highest").mastery_accuracy == 0.5
    # and a later score changes nothing about the earlier points: one more point, the same first two
    longer = compare_methods([[1, 1, 1, 4, 1]], **SCALE)
    assert longer.points == 3
    assert longer.result("latest").mean_absolute_error == pytest.approx((0 + 3 + 3) / 3, abs=1e-4)


def test_short_series_are_left_out():
    comparison = compare_methods([[1, 2, 3], [4], []], **SCALE)
    assert (comparison.series, comparison.points, comparison.best) == (0, 0, None)
    assert all(result.mastery_accuracy is None and result.mean_absolute_error is None
               for result in comparison.results)
    assert [result.method for result in comparison.results] == list(METHODS)


def test_the_frameworks_own_parameter_is_used_for_its_method_and_the_defaults_for_the_rest():
    chosen = parameters_for("decaying_average", 0.9)
    assert chosen["decaying_average"] == 0.9 and chosen["weighted_average"] == 0.65
    assert chosen["n_times"] == 3 and chosen["latest"] is None
    assert parameters_for("latest", 0.9)["decaying_average"] == 0.65
    slow = compare_methods([[1, 4, 1, 4, 1]], parameters={"decaying_average": 0.1}, **SCALE)
    fast = compare_methods([[1, 4, 1, 4, 1]], parameters={"decaying_average": 0.9}, **SCALE)
    assert slow.result("decaying_average").parameter == 0.1
    assert slow.result("decaying_average").mean_absolute_error != fast.result("decaying_average").mean_absolute_error


def _result(method, error, coverage, accuracy=0.5):
    return MethodResult(method=method, parameter=None, points=10, predicted=round(coverage * 10),
                        mean_absolute_error=error, mastery_accuracy=accuracy)


def test_a_method_that_predicts_too_few_scores_is_not_recommended():
    results = [_result("latest", 0.3, 1.0), _result("n_times", 0.1, 0.5)]
    assert _best(results) == "latest"
    assert _best([_result("n_times", 0.1, 0.9), _result("latest", 0.3, 1.0)]) == "n_times"
    assert _best([_result("n_times", None, 0.0)]) is None


def test_equal_errors_go_to_the_better_accuracy():
    assert _best([_result("latest", 0.3, 1.0, 0.6), _result("average", 0.3, 1.0, 0.7)]) == "average"


def test_a_stored_comparison_reads_back_the_same():
    comparison = compare_methods([[1, 2, 3, 4], [2, 3, 2, 3, 4]], **SCALE)
    assert Comparison.from_dict(comparison.as_dict()) == comparison
