"""The clocks and expectations behind a pace (supports.pace.compute_pace): how days are counted
(every day, or a school's school days), the steps a progression expects by a date (weeks per step
or target dates, moved for a late joiner), and the finish range from a learner's own step times.
Pure, as supports.pace is."""
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from math import ceil


class CalendarDays:
    """Every day counts (no school calendar given: the pure tests' plain weeks)."""

    per_week = 7

    @staticmethod
    def between(start: date, end: date) -> int:
        return max(0, (end - start).days)

    @staticmethod
    def add(start: date, count: float, *, rounded: bool = False) -> date:
        return start + timedelta(days=round(count) if rounded else ceil(count - 1e-9))


class SchoolDays:
    """School days of one school's calendar (tracker.calendar.school_days.SchoolCalendar), 5 a week."""

    per_week = 5

    def __init__(self, calendar):
        self.calendar = calendar

    def between(self, start: date, end: date) -> int:
        return self.calendar.school_days_between(start, end)

    def add(self, start: date, count: float, *, rounded: bool = False) -> date:
        return self.calendar.add_school_days(start, round(count) if rounded else count)


def finish_range_of(clock, started_on: date, mastered_days: list[date], remaining: int, today: date,
                  projected: date) -> tuple[date, date] | None:
    """(earliest, latest) finish from the learner's own step times: the time each mastered step
    took (from the start, or the step before), at least one day each. With two or three steps,
    the remaining steps all as fast as the fastest and as slow as the slowest; with four or more,
    as the quickest and slowest quarter's edge (one unusual step does not stretch the range).
    None with fewer than two steps mastered: one step time says nothing about how they vary."""
    if len(mastered_days) < 2:
        return None
    times, previous = [], started_on
    for day in mastered_days:
        times.append(max(1, clock.between(previous, day)))
        previous = day
    times.sort()
    if len(times) >= 4:
        fast, slow = times[len(times) // 4], times[-1 - len(times) // 4]
    else:
        fast, slow = times[0], times[-1]
    low, high = clock.add(today, remaining * fast), clock.add(today, remaining * slow)
    return min(low, projected), max(high, projected)


@dataclass(frozen=True)
class Expectation:
    steps: Callable[[date], float | None]   # steps expected by a date
    rate: float | None
    finish: date | None
    shift: int = 0                          # days the target dates were moved for a late start


def expectation(clock, started_on, steps_total, total_steps, start_position, weeks_per_step, target_dates,
                 cohort_start=None):
    if target_dates is not None:
        if len(target_dates) != total_steps:
            raise ValueError("target_dates needs one entry (a date or None) per step of the progression.")
        shift = 0
        if cohort_start is not None:
            # The class began this learner's first step on the cohort start, or on the date of the
            # step before it: a learner who began later has every remaining date moved as much.
            before = [d for d in target_dates[:start_position - 1] if d is not None]
            began = max([cohort_start, *before[-1:]])
            shift = clock.between(began, started_on)
        dated = sorted(clock.add(day, shift) for day in target_dates[start_position - 1:] if day is not None)
        if dated:
            plan_weeks = clock.between(started_on, dated[-1]) / clock.per_week
            rate = len(dated) / plan_weeks if plan_weeks > 0 else None
            return Expectation(partial(steps_by_dates, clock, started_on, dated), rate, dated[-1], shift)
        if weeks_per_step is None:
            return Expectation(lambda on: None, None, None)
    if weeks_per_step is None or weeks_per_step <= 0:
        raise ValueError("weeks_per_step must be a positive number when no target dates are given.")

    def steps_by_weeks(on: date) -> float:
        return min(float(steps_total), clock.between(started_on, on) / clock.per_week / weeks_per_step)

    finish = clock.add(started_on, steps_total * weeks_per_step * clock.per_week, rounded=True)
    return Expectation(steps_by_weeks, 1 / weeks_per_step, finish)


def steps_by_dates(clock, started_on: date, dated: list[date], on: date) -> float:
    """Dates reached by ``on``, plus the share of the way from the previous date (or the start) to the next."""
    if on < started_on:
        return 0.0
    reached = bisect_right(dated, on)
    if reached == len(dated):
        return float(reached)
    previous = max(dated[reached - 1], started_on) if reached else started_on
    span = clock.between(previous, dated[reached])
    return reached + (clock.between(previous, on) / span if span else 0.0)
