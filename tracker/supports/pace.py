"""Pace: how fast a learner masters the steps of a progression, against the pace it expects.

"Learning is constant, time is the variable": pace is a number for every learner. Pure
functions: dates and counts in, a Pace out; nothing here touches Flask or the database.

Definitions (all counted from the learner's start, i.e. its placement date):

* The learner walks the steps from its start position to the end: a learner placed at
  step 5 of 12 has 8 steps to walk; the 4 before count neither as mastered nor as expected.
* Expected steps by a date: with weeks per step, weeks since the start ÷ weeks per step
  (at most every step); with target dates, the steps whose date has come, plus the
  fraction of the way to the next date (a straight line from the start, or from the
  previous date, to the next one). Target dates are the school's calendar: steps dated
  before the start are due at once. Steps without a target date are not expected; when
  no step has one, weeks per step is used if the progression has it, and otherwise there
  is no pace to compare with (expected None, status on_pace).
* ratio = steps mastered ÷ steps expected by today.
* status, from the ratio: ``ahead`` at or above ahead_ratio; ``far_behind`` below
  far_behind_ratio; ``behind`` below behind_ratio; otherwise ``on_pace``. Steps are whole,
  so a gap of less than one step between mastered and expected never makes a learner
  ahead or behind.
* Grace period: during the first ``grace_days`` (7) days a learner is ``on_pace``, and
  the rate, ratio and projection are None: it is too early to measure anything, and a
  learner who just started is not "far behind".
* Projected finish: from the learner's own average rate since the start (steps mastered
  ÷ weeks on the progression), today + steps left ÷ rate, rounded up to a whole day.
  None with no mastery yet or in the grace period; the day of the last mastery once
  every step is mastered.
"""
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, partial

from ..textmarks import N_

PACE_STATUSES = ("ahead", "on_pace", "behind", "far_behind")
STATUS_LABELS = {
    "ahead": N_("Ahead of pace"),
    "on_pace": N_("On pace"),
    "behind": N_("Behind pace"),
    "far_behind": N_("Far behind pace"),
}
GRACE_DAYS = 7
AHEAD_RATIO, BEHIND_RATIO, FAR_BEHIND_RATIO = 1.15, 0.85, 0.6  # as in tracker/settings/service.py


@dataclass(frozen=True)
class PacePoint:
    """One point of the pace chart."""

    on: date
    week: float               # weeks since the start
    mastered: int             # steps mastered by that day
    expected: float | None    # steps expected by that day (None: the progression sets no pace)


@dataclass(frozen=True)
class Pace:
    steps_total: int                      # steps this learner walks (start position to the end)
    steps_mastered: int
    weeks_on_progression: float
    actual_rate: float | None             # steps per week since the start; None in the grace period
    expected_rate: float | None           # steps per week the progression asks for
    expected_steps_by_today: float | None  # None only when the progression sets no pace at all
    ratio: float | None                   # mastered ÷ expected; None in grace or with nothing expected yet
    status: str                           # one of PACE_STATUSES
    in_grace_period: bool
    finished_on: date | None              # the day the last step was mastered
    projected_finish: date | None
    expected_finish: date | None
    # What `series` is drawn from: worked out only when asked (the pace chart), not for every learner
    # of a class or a district's report (50,000 paces: 3.5 of 24 s went to series nobody looked at).
    series_inputs: tuple = field(repr=False, compare=False)

    @cached_property
    def series(self) -> tuple[PacePoint, ...]:
        """Weekly from the start, plus today."""
        return _series(*self.series_inputs)

    @property
    def finished(self) -> bool:
        return self.finished_on is not None


def validate_thresholds(ahead_ratio: float, behind_ratio: float, far_behind_ratio: float) -> str | None:
    """An error message (plain English, for _()) unless 0 < far behind ≤ behind ≤ 1 ≤ ahead."""
    if not 0 < far_behind_ratio <= behind_ratio <= 1 <= ahead_ratio:
        return N_("Pace thresholds must satisfy 0 < far behind ≤ behind ≤ 1 ≤ ahead.")
    return None


def status_for_ratio(
    ratio: float,
    *,
    ahead_ratio: float = AHEAD_RATIO,
    behind_ratio: float = BEHIND_RATIO,
    far_behind_ratio: float = FAR_BEHIND_RATIO,
) -> str:
    """ahead at or above ahead_ratio; far_behind below far_behind_ratio; behind below behind_ratio."""
    if ratio >= ahead_ratio:
        return "ahead"
    if ratio < far_behind_ratio:
        return "far_behind"
    if ratio < behind_ratio:
        return "behind"
    return "on_pace"


def compute_pace(
    *,
    started_on: date,
    today: date,
    total_steps: int,
    mastered_on: Sequence[date],
    start_position: int = 1,
    weeks_per_step: float | None = None,
    target_dates: Sequence[date | None] | None = None,
    ahead_ratio: float = AHEAD_RATIO,
    behind_ratio: float = BEHIND_RATIO,
    far_behind_ratio: float = FAR_BEHIND_RATIO,
    grace_days: int = GRACE_DAYS,
) -> Pace:
    """The pace of one learner on one progression.

    total_steps counts the whole progression; start_position is the learner's first step
    (1-based, Placement.start_position). mastered_on holds the day each step from the
    start position on was mastered, in any order; days before the start count as the
    start, days after today as today, and any beyond steps_total are ignored.
    Give target_dates (one per step of the whole progression, None where unset) for a
    progression paced by dates, else weeks_per_step. Raises ValueError on inputs no
    progression can have (no pace given, weeks_per_step ≤ 0, target_dates of the wrong
    length, start_position < 1, thresholds out of order).
    """
    problem = validate_thresholds(ahead_ratio, behind_ratio, far_behind_ratio)
    if problem:
        raise ValueError(problem)
    if start_position < 1:
        raise ValueError("start_position counts from 1.")
    steps_total = max(0, total_steps - start_position + 1)
    expected_by = _expectation(started_on, steps_total, total_steps, start_position, weeks_per_step, target_dates)

    days = max(0, (today - started_on).days)
    weeks = days / 7
    mastered_days = sorted(min(max(day, started_on), today) for day in mastered_on)[:steps_total]
    mastered = len(mastered_days)
    finished_on = mastered_days[-1] if steps_total and mastered == steps_total else None
    in_grace = days < max(grace_days, 1)  # never measure a rate over zero days
    expected = expected_by.steps(today)

    ratio = actual_rate = projected = None
    status = "on_pace"
    if not in_grace:
        actual_rate = mastered / weeks
        if expected:
            ratio = mastered / expected
            if abs(mastered - expected) >= 1:  # less than a whole step apart is on pace
                status = status_for_ratio(ratio, ahead_ratio=ahead_ratio, behind_ratio=behind_ratio,
                                          far_behind_ratio=far_behind_ratio)
        if mastered and not finished_on:
            # steps left ÷ (mastered ÷ days) days from today, in whole days rounded up
            projected = today + timedelta(days=-(-(steps_total - mastered) * days // mastered))
    if finished_on:
        projected = finished_on

    return Pace(
        steps_total=steps_total,
        steps_mastered=mastered,
        weeks_on_progression=weeks,
        actual_rate=actual_rate,
        expected_rate=expected_by.rate,
        expected_steps_by_today=expected,
        ratio=ratio,
        status=status,
        in_grace_period=in_grace,
        finished_on=finished_on,
        projected_finish=projected,
        expected_finish=expected_by.finish,
        series_inputs=(started_on, days, mastered_days, expected_by),
    )


@dataclass(frozen=True)
class _Expectation:
    steps: Callable[[date], float | None]   # steps expected by a date
    rate: float | None
    finish: date | None


def _expectation(started_on, steps_total, total_steps, start_position, weeks_per_step, target_dates):
    if target_dates is not None:
        if len(target_dates) != total_steps:
            raise ValueError("target_dates needs one entry (a date or None) per step of the progression.")
        dated = sorted(day for day in target_dates[start_position - 1:] if day is not None)
        if dated:
            plan_weeks = (dated[-1] - started_on).days / 7
            rate = len(dated) / plan_weeks if plan_weeks > 0 else None
            return _Expectation(partial(_steps_by_dates, started_on, dated), rate, dated[-1])
        if weeks_per_step is None:
            return _Expectation(lambda on: None, None, None)
    if weeks_per_step is None or weeks_per_step <= 0:
        raise ValueError("weeks_per_step must be a positive number when no target dates are given.")

    def steps_by_weeks(on: date) -> float:
        return min(float(steps_total), max(0, (on - started_on).days) / 7 / weeks_per_step)

    finish = started_on + timedelta(days=round(steps_total * weeks_per_step * 7))
    return _Expectation(steps_by_weeks, 1 / weeks_per_step, finish)


def _steps_by_dates(started_on: date, dated: list[date], on: date) -> float:
    """Dates reached by ``on``, plus the share of the way from the previous date (or the start) to the next."""
    if on < started_on:
        return 0.0
    reached = bisect_right(dated, on)
    if reached == len(dated):
        return float(reached)
    previous = max(dated[reached - 1], started_on) if reached else started_on
    span = (dated[reached] - previous).days
    return reached + (on - previous).days / span


def _series(started_on: date, days: int, mastered_days: list[date], expected_by: _Expectation):
    offsets = list(range(0, days + 1, 7))
    if offsets[-1] != days:
        offsets.append(days)  # end the chart on today
    points = []
    for offset in offsets:
        on = started_on + timedelta(days=offset)
        points.append(PacePoint(
            on=on,
            week=offset / 7,
            mastered=bisect_right(mastered_days, on),
            expected=expected_by.steps(on),
        ))
    return tuple(points)
