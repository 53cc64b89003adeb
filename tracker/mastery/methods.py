"""The calculations behind each estimate method, one function each (the definitions are in
estimates.py's docstring). Pure: a list of scores, oldest first, in; a number or None out.
estimates.py checks the method and parameter, binds them, gates on the minimum evidence and rounds."""
from collections.abc import Sequence
from math import exp, fsum, log


def _mean(values: Sequence[float]) -> float:
    return fsum(values) / len(values)


def _latest(scores):
    return scores[-1]


def _highest(scores):
    return max(scores)


def _weighted_average(scores, *, weight):
    if len(scores) == 1:
        return scores[0]
    prior = _mean(scores[:-1])
    # prior × (1 − w) + latest × w, written so equal scores stay exactly equal.
    return prior + weight * (scores[-1] - prior)


def _decaying_average(scores, *, weight):
    running = scores[0]
    for score in scores[1:]:
        running += weight * (score - running)  # running × (1 − w) + score × w
    return running


def _n_times(scores, *, count, threshold):
    at_mastery = [score for score in scores if score >= threshold]
    return _mean(at_mastery) if len(at_mastery) >= count else None


def _best_n(scores, *, count, threshold):
    if len(scores) < count:
        return None
    return _mean(sorted(scores, reverse=True)[:count])


def _least_squares_at_last(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares straight line through (xs, ys), read at the last x."""
    mean_x, mean_y = _mean(xs), _mean(ys)
    spread = fsum((x - mean_x) ** 2 for x in xs)
    slope = fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread
    return mean_y + slope * (xs[-1] - mean_x)


def _linear_trend(scores, *, min_level, max_level):
    if len(scores) == 1:
        return scores[0]
    value = _least_squares_at_last(range(1, len(scores) + 1), scores)
    return min(max(value, min_level), max_level)


def _power_law(scores, *, min_level, max_level):
    if len(scores) == 1:
        return scores[0]
    shift = 1 - min_level if min_level < 1 else 0  # ln 0 does not exist: the bottom level becomes 1
    log_x = [log(x) for x in range(1, len(scores) + 1)]
    log_y = [log(score + shift) for score in scores]
    value = exp(_least_squares_at_last(log_x, log_y)) - shift  # ln(a) + b·ln(k), back to a·k^b
    return min(max(value, min_level), max_level)


CALCULATORS = {
    "latest": _latest,
    "highest": _highest,
    "average": _mean,
    "weighted_average": _weighted_average,
    "decaying_average": _decaying_average,
    "n_times": _n_times,
    "best_n": _best_n,
    "power_law": _power_law,
    "linear_trend": _linear_trend,
}
