"""Mastery estimates: a learner's current level on a competency, computed from its scores.

Pure functions: plain numbers in, a number (or None) out; nothing here touches Flask or
the database. Scores are evidence levels ordered oldest → newest by the date observed
(not the date entered). An estimate is never stored as truth; a validator's decision is.

Methods (the names of ``tracker.competencies.models.ESTIMATE_METHODS``), with the
parameter each takes and its default:

* ``latest``: the newest score. No parameter.
* ``highest``: the highest score. No parameter.
* ``average``: the mean of all scores. No parameter.
* ``weighted_average`` (w = 0.65): newest × w + mean of the earlier scores × (1 − w);
  one score → that score. w lies in (0, 1]; w = 1 is the newest score.
* ``decaying_average`` (w = 0.65): d1 = s1(1 − w) + s2·w, dk = dk−1(1 − w) + s(k+1)·w;
  one score → that score. w lies in (0, 1]; w = 1 is the newest score.
* ``n_times`` (n = 3): the mean of the scores at or above the mastery threshold once
  there are at least n of them; before that, no estimate.
* ``best_n`` (n = 3): the mean of the n highest scores once there are at least n scores;
  before that, no estimate. The default is 3, the same as ``n_times``, so a school that
  switches between the two keeps its idea of "enough evidence".
* ``power_law``: the published power-law method (JumpRope, PowerSchool): y = a·x^b fitted
  by least squares on (ln x, ln y), x = attempt number 1..k, read at the newest attempt k
  and clamped to [min_level, max_level]; one score → that score. On a 1–4 scale
  [1, 3, 2, 4] → 3.66 and [1, 2, 3, 4] → 4. Scores at or below 0 have no logarithm: on a
  scale whose bottom level is below 1 the fit runs on the scores moved up so that the
  bottom level is 1 (a 0–3 scale is fitted as 1–4) and the result is moved back down; on
  the usual 1–n scales nothing moves. No parameter.
* ``linear_trend``: the least-squares straight line of score against attempt number 1..k,
  read at k and clamped to the scale; one score → that score. (What "power law" computed
  before it followed the published definition.) No parameter.

Methods without a parameter ignore the one they are given. Parameters are checked by
``checked_parameter`` (the one check the forms and imports use too); a refused one is an
error, never silently replaced by the default.

Results are rounded to 9 decimal places so that float noise (2.9999999999999996) never
moves an estimate across the mastery threshold.
"""
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import partial
from typing import TypeVar

from ..textmarks import N_
from .methods import CALCULATORS

K = TypeVar("K", bound=Hashable)

METHODS = (
    "latest", "highest", "average", "weighted_average", "decaying_average",
    "n_times", "best_n", "power_law", "linear_trend",
)
WEIGHT_METHODS = ("weighted_average", "decaying_average")
COUNT_METHODS = ("n_times", "best_n")
DEFAULT_WEIGHT = 0.65
DEFAULT_COUNT = 3

# Plain English; a view shows them with _(METHOD_LABELS[method]).
METHOD_LABELS: dict[str, str] = {
    "latest": N_("Most recent score"),
    "highest": N_("Highest score"),
    "average": N_("Average of all scores"),
    "weighted_average": N_("Weighted average (most recent score counts most)"),
    "decaying_average": N_("Decaying average (older scores count less and less)"),
    "n_times": N_("Mastery shown n times"),
    "best_n": N_("Average of the best n scores"),
    "power_law": N_("Power law (a curve through all scores, read at the newest)"),
    "linear_trend": N_("Straight-line trend of all scores"),
}
METHOD_DESCRIPTIONS: dict[str, str] = {
    "latest": N_("The most recent score, by date observed."),
    "highest": N_("The highest score so far."),
    "average": N_("The mean of all scores."),
    "weighted_average": N_(
        "The most recent score counts for w, the mean of the earlier scores for the rest (1 − w)."),
    "decaying_average": N_(
        "Each new score counts for w and everything before it for the rest (1 − w), "
        "so older scores fade."),
    "n_times": N_(
        "The mean of the scores at or above the mastery level, once there are at least n of them; "
        "no estimate before that."),
    "best_n": N_(
        "The mean of the n highest scores, once there are at least n scores; no estimate before that."),
    "power_law": N_(
        "A power-law curve (y = a·x^b) fitted through all scores in order, read at the most recent one "
        "and kept within the scale."),
    "linear_trend": N_(
        "A straight-line trend through all scores in order, read at the most recent one "
        "and kept within the scale."),
}
PARAMETER_LABELS: dict[str, str] = {
    "weighted_average": N_("Weight of the most recent score (w, between 0 and 1)"),
    "decaying_average": N_("Weight of each new score (w, between 0 and 1)"),
    "n_times": N_("Number of scores at mastery needed (n)"),
    "best_n": N_("Number of best scores averaged (n)"),
}


def default_parameter(method: str) -> float | None:
    """The parameter a method uses when none is set: 0.65 for weights, 3 for counts, else None."""
    if method in WEIGHT_METHODS:
        return DEFAULT_WEIGHT
    if method in COUNT_METHODS:
        return DEFAULT_COUNT
    return None


class ParameterProblem(ValueError):
    """A method parameter that the method cannot use; ``message`` is plain English marked for _()."""

    def __init__(self, message: str, method: str, parameter):
        super().__init__(f"{message} (method {method!r}, parameter {parameter!r})")
        self.message = message


def checked_parameter(method: str, parameter: float | None) -> float | None:
    """The one check of a method's parameter, used by the framework form, the CASE import and the
    estimator: the parameter to store and compute with, or ParameterProblem naming what is wrong.

    * a method without a parameter takes None (whatever was given is dropped);
    * a weight w lies in (0, 1]: w = 1 counts only the newest score; none given means the default 0.65;
    * a count n is a whole number of at least 1 (3.0 is accepted: the database stores a float);
      none given is refused, because "how many times" is the school's choice.

    A refused value is never replaced by a default.
    """
    if method not in METHODS:
        raise ParameterProblem(N_("Choose one of the listed estimate methods."), method, parameter)
    if method not in WEIGHT_METHODS + COUNT_METHODS:
        return None
    if parameter is None and method in WEIGHT_METHODS:
        return DEFAULT_WEIGHT
    if parameter is None or isinstance(parameter, bool) or not isinstance(parameter, int | float):
        raise ParameterProblem(_PARAMETER_RULES[method], method, parameter)
    if method in WEIGHT_METHODS and not 0 < parameter <= 1:
        raise ParameterProblem(_PARAMETER_RULES[method], method, parameter)
    if method in COUNT_METHODS and not (float(parameter).is_integer() and parameter >= 1):
        raise ParameterProblem(_PARAMETER_RULES[method], method, parameter)
    return float(parameter)


_WEIGHT_RULE = N_("For this method the weight w is a number above 0 and at most 1, such as 0.65.")
_COUNT_RULE = N_("For this method n is a whole number, 1 or more, such as 3.")
_PARAMETER_RULES = {"weighted_average": _WEIGHT_RULE, "decaying_average": _WEIGHT_RULE,
                    "n_times": _COUNT_RULE, "best_n": _COUNT_RULE}


def validate_parameter(method: str, parameter: float | None) -> str | None:
    """checked_parameter's message (plain English, for _()) when the parameter is refused, else None.

    None as parameter is fine here (the estimator then uses the method's default)."""
    try:
        checked_parameter(method, parameter if parameter is not None or method not in COUNT_METHODS
                          else DEFAULT_COUNT)
    except ParameterProblem as problem:
        return problem.message
    return None


def estimate(
    method: str,
    scores: Sequence[float],
    *,
    parameter: float | None = None,
    threshold: float,
    min_level: float,
    max_level: float,
    min_evidence: int = 1,
) -> float | None:
    """The estimate of ``method`` over ``scores`` (oldest → newest), or None when there is none.

    None means no scores, fewer than ``min_evidence`` (the framework's minimum evidence before a
    level shows), or fewer than n for ``n_times`` / ``best_n``. Raises ValueError for an unknown
    method or a bad parameter (see validate_parameter).
    """
    return _gated(_calculator(method, parameter, threshold, min_level, max_level), min_evidence)(scores)


def estimate_many(
    method: str,
    scores_by_key: Mapping[K, Sequence[float]],
    *,
    parameter: float | None = None,
    threshold: float,
    min_level: float,
    max_level: float,
    min_evidence: int = 1,
) -> dict[K, float | None]:
    """estimate() for every key (e.g. (learner_id, competency_id)), validating the method once."""
    calculate = _gated(_calculator(method, parameter, threshold, min_level, max_level), min_evidence)
    return {key: calculate(scores) for key, scores in scores_by_key.items()}


def enough_evidence(count: int, min_evidence: int | None) -> bool:
    """Does a learner with `count` scored pieces have enough evidence for a level to show?"""
    return count >= max(min_evidence or 1, 1)


def _gated(calculate, min_evidence: int | None):
    """The calculator, giving no estimate below the minimum evidence (1: no gate beyond "some")."""
    if (min_evidence or 1) <= 1:
        return calculate
    return lambda scores: calculate(scores) if enough_evidence(len(scores), min_evidence) else None


def _calculator(method, parameter, threshold, min_level, max_level) -> Callable[[Sequence[float]], float | None]:
    if parameter is None:
        parameter = default_parameter(method)
    parameter = checked_parameter(method, parameter)  # raises ParameterProblem (a ValueError)
    if method in WEIGHT_METHODS:
        bound = partial(CALCULATORS[method], weight=float(parameter))
    elif method in COUNT_METHODS:
        bound = partial(CALCULATORS[method], count=int(parameter), threshold=threshold)
    elif method in ("power_law", "linear_trend"):
        bound = partial(CALCULATORS[method], min_level=min_level, max_level=max_level)
    else:
        bound = CALCULATORS[method]

    def calculate(scores: Sequence[float]) -> float | None:
        if not scores:
            return None
        value = bound(list(scores))
        return None if value is None else round(value, 9)

    return calculate
