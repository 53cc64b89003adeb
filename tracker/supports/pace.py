"""Pace: how fast a learner masters the steps of a progression, against the pace it expects.

"Learning is constant, time is the variable": pace is a number for every learner. Pure
functions: dates and counts in, a Pace out; nothing here touches Flask or the database.

Definitions (all counted from the learner's start, i.e. its placement date). Days are school days
when the school's calendar is given (tracker.calendar: the standing engine always gives it), five to a
week, so a break neither counts as time to learn in nor makes anyone behind; without one, every day
counts and a week is seven:

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
* Finish range: from the learner's own step times (pace_plan.finish_range_of), the remaining steps all
  as fast as their quick steps and as slow as their slow ones; None before two steps.
* Late joiner (target dates with cohort_start): the dates move by the days between the day the
  class began the learner's first step and the day the learner began.
"""
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from ..textmarks import N_
from .pace_plan import CalendarDays, Expectation, SchoolDays, expectation, finish_range_of

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
    # (earliest, latest) finish from the learner's own step times; None before two steps are mastered
    finish_range: tuple[date, date] | None = None
    target_shift: int = 0                 # days a late start moved the target dates by
    school_time: bool = False             # days are school days (a calendar was given), else every day
    # What `series` is drawn from: worked out only when asked (the pace chart), not for every learner
    # of a class or a district's report (50,000 paces: 3.5 of 24 s went to series nobody looked at).
    series_inputs: tuple = field(default=(), repr=False, compare=False)

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
    calendar=None,
    cohort_start: date | None = None,
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

    calendar (a tracker.calendar SchoolCalendar) makes time school time: days are school days,
    a week is 5 of them, and grace_days (calendar days) becomes as many school days as there are
    weekdays in it. Without one every day counts (weeks of 7 days).
    cohort_start, with target dates: the day the class began the progression (its term's first
    day). A learner who began a step later than the class did has the remaining dates moved by
    the days in between (target_shift on the result), so a late joiner is not due at once what the
    class had weeks to do.
    """
    problem = validate_thresholds(ahead_ratio, behind_ratio, far_behind_ratio)
    if problem:
        raise ValueError(problem)
    if start_position < 1:
        raise ValueError("start_position counts from 1.")
    clock = SchoolDays(calendar) if calendar is not None else CalendarDays()
    steps_total = max(0, total_steps - start_position + 1)
    expected_by = expectation(clock, started_on, steps_total, total_steps, start_position, weeks_per_step,
                               target_dates, cohort_start)

    days = clock.between(started_on, today)
    weeks = days / clock.per_week
    mastered_days = sorted(min(max(day, started_on), today) for day in mastered_on)[:steps_total]
    mastered = len(mastered_days)
    finished_on = mastered_days[-1] if steps_total and mastered == steps_total else None
    grace = grace_days if calendar is None else round(grace_days * 5 / 7)
    in_grace = days < max(grace, 1)  # never measure a rate over zero days
    expected = expected_by.steps(today)

    ratio = actual_rate = projected = finish_range = None
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
            remaining = steps_total - mastered
            projected = clock.add(today, remaining * days / mastered)
            finish_range = finish_range_of(clock, started_on, mastered_days, remaining, today, projected)
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
        finish_range=finish_range,
        target_shift=expected_by.shift,
        school_time=calendar is not None,
        series_inputs=(clock, started_on, (today - started_on).days, mastered_days, expected_by),
    )


def _series(clock, started_on: date, days: int, mastered_days: list[date], expected_by: Expectation):
    offsets = list(range(0, days + 1, 7))
    if offsets[-1] != days:
        offsets.append(days)  # end the chart on today
    points = []
    for offset in offsets:
        on = started_on + timedelta(days=offset)
        points.append(PacePoint(
            on=on,
            week=clock.between(started_on, on) / clock.per_week,
            mastered=bisect_right(mastered_days, on),
            expected=expected_by.steps(on),
        ))
    return tuple(points)
