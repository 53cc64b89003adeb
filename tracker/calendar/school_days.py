"""School days: which days a school teaches, counting them and adding them. Pure: no Flask, no database.

A day is a school day when it is a weekday (Monday to Friday), not one of the school's non-school
days (holidays, breaks, closures), not one of the district-wide closed days (the `school_holidays`
setting) and inside one of the school's terms. A school with no terms teaches every weekday that
is not closed. Projecting forward (add_school_days) past the last term entered, next year's terms
are not known yet: there every weekday not closed counts, so a projection still lands on a day.
"""
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

# How far beyond a day the counts are worked out at once (a school year and a bit).
_MARGIN = 400


@dataclass(eq=False)
class SchoolCalendar:
    """One school's calendar. terms and closed hold (first day, last day) pairs, both included."""

    terms: tuple[tuple[date, date], ...] = ()
    closed: tuple[tuple[date, date], ...] = ()
    extra_closed: frozenset[date] = frozenset()
    _lo: int = field(default=0, repr=False)
    _cum: list[int] = field(default_factory=list, repr=False)
    # Past the last term: open weekdays counted from the day after it (index 0 = that day).
    _after: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self.terms = tuple(sorted((a, b) for a, b in self.terms if b >= a))
        self.closed = tuple(sorted((a, b) for a, b in self.closed if b >= a))
        self.extra_closed = frozenset(self.extra_closed)
        self._span = (self.terms[0][0], max(b for _a, b in self.terms)) if self.terms else None

    # One day -----------------------------------------------------------------------------
    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5 or day in self.extra_closed:
            return False
        if any(a <= day <= b for a, b in self.closed):
            return False
        if self.terms:
            return any(a <= day <= b for a, b in self.terms)
        return True

    def _open_weekday(self, day: date) -> bool:
        return (day.weekday() < 5 and day not in self.extra_closed
                and not any(a <= day <= b for a, b in self.closed))

    def term_around(self, day: date) -> tuple[date, date] | None:
        """The term holding the day, else the last one begun before it (None: no term begun yet)."""
        begun = [term for term in self.terms if term[0] <= day]
        inside = [term for term in begun if day <= term[1]]
        return (inside or begun or [None])[-1]

    # Counting ----------------------------------------------------------------------------
    def _covers(self, *days: date) -> None:
        """Work the counts out over a range holding every one of the days (and a margin)."""
        ordinals = [day.toordinal() for day in days]
        if self._cum and all(self._lo <= o < self._lo + len(self._cum) for o in ordinals):
            return
        self._extend(min(ordinals), max(ordinals))

    def _through(self, day: date) -> int:
        """School days from the start of the worked-out range up to and including the day
        (the day must be covered: compare only values read after one _covers call)."""
        return self._cum[day.toordinal() - self._lo]

    def _extend(self, first: int, last: int) -> None:
        lo = min(first - _MARGIN, self._lo if self._cum else first)
        hi = max(last + _MARGIN, self._lo + len(self._cum) - 1 if self._cum else last)
        counts, total = [], 0
        day = date.fromordinal(lo)
        for _ in range(hi - lo + 1):
            total += self.is_school_day(day)
            counts.append(total)
            day += timedelta(days=1)
        self._lo, self._cum = lo, counts

    def school_days_between(self, start: date, end: date) -> int:
        """School days after start up to and including end (0 when end is not after start)."""
        if end <= start:
            return 0
        self._covers(start, end)
        return self._through(end) - self._through(start)

    def add_school_days(self, start: date, count: float) -> date:
        """The day on which `count` school days after start have passed (rounded up to a whole day;
        start itself for 0 or less)."""
        needed = ceil(count - 1e-9)
        if needed <= 0:
            return start
        if self._span and start < self._span[1]:
            self._covers(start, self._span[1])
            target = self._through(start) + needed
            if self._through(self._span[1]) >= target:
                return date.fromordinal(self._lo + bisect_left(self._cum, target))
            needed = target - self._through(self._span[1])
            start = self._span[1]
        elif not self._span:
            self._covers(start)
            target = self._through(start) + needed
            while self._cum[-1] < target:  # the range only grows forward here: counts keep their base
                end = self._lo + len(self._cum) - 1
                self._extend(end, end + _MARGIN)
            return date.fromordinal(self._lo + bisect_left(self._cum, target))
        return self._after_last_term(start, needed)

    def _after_last_term(self, start: date, needed: int) -> date:
        """The day on which `needed` open weekdays after start (on or after the last term's end)
        have passed: counted once into a running total, then found by bisection (a page projects
        hundreds of finishes, many of them years ahead)."""
        base = self._span[1].toordinal()  # _after[i] counts the open weekdays on base+1 .. base+1+i
        before = self._after_count(start.toordinal() - base - 1)
        target = before + needed
        while not self._after or self._after[-1] < target:
            self._grow_after()
        return date.fromordinal(base + 1 + bisect_left(self._after, target))

    def _after_count(self, index: int) -> int:
        if index < 0:
            return 0
        while len(self._after) <= index:
            self._grow_after()
        return self._after[index]

    def _grow_after(self) -> None:
        base = self._span[1].toordinal()
        total = self._after[-1] if self._after else 0
        day = date.fromordinal(base + 1 + len(self._after))
        for _ in range(_MARGIN):
            total += self._open_weekday(day)
            self._after.append(total)
            day += timedelta(days=1)

    def closed_days(self, start: date, end: date) -> set[date]:
        """The weekdays after start up to and including end that are not school days."""
        days, day = set(), start + timedelta(days=1)
        while day <= end:
            if day.weekday() < 5 and not self.is_school_day(day):
                days.add(day)
            day += timedelta(days=1)
        return days


WEEKDAYS = SchoolCalendar()  # every weekday a school day: a school nobody entered a calendar for


def instructional_terms(terms: Iterable[tuple[str | None, date, date]]) -> list[tuple[date, date]]:
    """The terms that say when a school teaches, from (kind, first day, last day) rows.

    A OneRoster school year holds its semesters and terms, and spans the breaks between them: it
    counts only for a school with nothing finer."""
    terms = list(terms)
    finer = [(a, b) for kind, a, b in terms if kind != "schoolYear"]
    return finer or [(a, b) for _kind, a, b in terms]


def overlapping(ranges: Iterable[tuple[object, date, date]], starts_on: date, ends_on: date) -> list:
    """The keys of the (key, first day, last day) ranges that share a day with starts_on..ends_on."""
    return [key for key, a, b in ranges if a <= ends_on and starts_on <= b]
