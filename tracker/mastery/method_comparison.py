"""Which estimate method predicts best on a school's own evidence. Pure: score series in, figures out.

For every learner × competency with at least MIN_PIECES scored pieces (oldest first, by the date
observed), each score from the third on is *held out* and predicted from the scores before it only,
by every method (estimates.METHODS, each with the framework's parameter where it is the framework's
method, else its default). A prediction never sees the score it predicts or any later one.

Per method:
- mean absolute error: the mean of |prediction − score| over the points it predicted;
- at-mastery accuracy: the share of points where "prediction at or above the mastery threshold"
  agreed with "score at or above it"; a method with no estimate yet (n times, best n) counts as
  "not at mastery" there, which is what a page shows for it;
- coverage: the share of points with a prediction.

The baseline is the most recent score ("latest"). The recommendation is the method with the lowest
mean error among those predicting at least MIN_COVERAGE of the points; ties go to the better
at-mastery accuracy, then to the simpler method (the order of METHODS).
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import fsum

from .estimates import COUNT_METHODS, METHODS, WEIGHT_METHODS, default_parameter, estimate

MIN_PIECES = 4
FIRST_HELD_OUT = 2  # the first two scores are history only: with one earlier score every method says the same
MIN_COVERAGE = 0.9
BASELINE = "latest"


@dataclass(frozen=True)
class MethodResult:
    method: str
    parameter: float | None
    points: int  # held-out scores
    predicted: int  # of them, those the method gave an estimate for
    mean_absolute_error: float | None
    mastery_accuracy: float | None

    @property
    def coverage(self) -> float:
        return self.predicted / self.points if self.points else 0.0

    def as_dict(self) -> dict:
        return {"method": self.method, "parameter": self.parameter, "points": self.points,
                "predicted": self.predicted, "mean_absolute_error": self.mean_absolute_error,
                "mastery_accuracy": self.mastery_accuracy}


@dataclass(frozen=True)
class Comparison:
    series: int  # learner × competency pairs with enough pieces
    points: int  # held-out scores predicted
    results: tuple[MethodResult, ...]  # in METHODS order
    best: str | None  # None when no method could be judged (no points, or none covers enough)

    def result(self, method: str) -> MethodResult:
        return next(result for result in self.results if result.method == method)

    def as_dict(self) -> dict:
        return {"series": self.series, "points": self.points, "best": self.best,
                "results": [result.as_dict() for result in self.results]}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Comparison":
        return cls(series=data["series"], points=data["points"], best=data["best"],
                   results=tuple(MethodResult(**result) for result in data["results"]))


def parameters_for(method: str, parameter: float | None) -> dict[str, float | None]:
    """Each method's parameter in the comparison: the framework's own for its method, else the default."""
    chosen = {name: default_parameter(name) for name in METHODS}
    if method in WEIGHT_METHODS + COUNT_METHODS and parameter is not None:
        chosen[method] = parameter
    return chosen


def compare_methods(series: Iterable[Sequence[float]], *, threshold: float, min_level: float, max_level: float,
                    parameters: Mapping[str, float | None] | None = None) -> Comparison:
    """Replay `series` (each one learner × competency's scores, oldest first) with every method."""
    parameters = {**{name: default_parameter(name) for name in METHODS}, **(parameters or {})}
    usable = [list(scores) for scores in series if len(scores) >= MIN_PIECES]
    errors: dict[str, list[float]] = {name: [] for name in METHODS}
    agreed: dict[str, int] = dict.fromkeys(METHODS, 0)
    points = 0
    for scores in usable:
        for index in range(FIRST_HELD_OUT, len(scores)):
            history, actual = scores[:index], scores[index]
            points += 1
            for name in METHODS:
                predicted = estimate(name, history, parameter=parameters[name], threshold=threshold,
                                     min_level=min_level, max_level=max_level)
                if predicted is not None:
                    errors[name].append(abs(predicted - actual))
                agreed[name] += (predicted is not None and predicted >= threshold) == (actual >= threshold)
    results = tuple(
        MethodResult(method=name, parameter=parameters[name], points=points, predicted=len(errors[name]),
                     mean_absolute_error=round(fsum(errors[name]) / len(errors[name]), 4) if errors[name] else None,
                     mastery_accuracy=round(agreed[name] / points, 4) if points else None)
        for name in METHODS)
    return Comparison(series=len(usable), points=points, results=results, best=_best(results))


def _best(results: Sequence[MethodResult]) -> str | None:
    judged = [result for result in results
              if result.mean_absolute_error is not None and result.coverage >= MIN_COVERAGE]
    if not judged:
        return None
    return min(judged, key=lambda result: (result.mean_absolute_error, -result.mastery_accuracy,
                                           METHODS.index(result.method))).method
