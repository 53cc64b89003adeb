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
    # Worked-out counts: (first ordinal, running totals of school days from it). One attribute,
    # replaced whole, never changed in place: a calendar is shared between requests (and threads)
    # by calendar.service, so a reader always sees a base and totals that belong together.
    _index: tuple[int, list[int]] = field(default=(0, []), repr=False)
    # Past the last term: open weekdays counted from the day after it (index 0 = that day); only
    # ever replaced by a longer list with the same beginning.
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
    def _covers(self, *days: date) -> tuple[int, list[int]]:
        """Counts worked out over a range holding every one of the days (and a margin)."""
        ordinals = [day.toordinal() for day in days]
        lo, cum = index = self._index
        if cum and all(lo <= o < lo + len(cum) for o in ordinals):
            return index
        return self._extend(min(ordinals), max(ordinals))

    @staticmethod
    def _through(index: tuple[int, list[int]], day: date) -> int:
        """School days from the start of the index's range up to and including the (covered) day."""
        lo, cum = index
        return cum[day.toordinal() - lo]

    def _extend(self, first: int, last: int) -> tuple[int, list[int]]:
        old_lo, old_cum = self._index
        lo = min(first - _MARGIN, old_lo if old_cum else first)
        hi = max(last + _MARGIN, old_lo + len(old_cum) - 1 if old_cum else last)
        counts, total = [], 0
        day = date.fromordinal(lo)
        for _ in range(hi - lo + 1):
            total += self.is_school_day(day)
            counts.append(total)
            day += timedelta(days=1)
        self._index = (lo, counts)
        return self._index

    def school_days_between(self, start: date, end: date) -> int:
        """School days after start up to and including end (0 when end is not after start)."""
        if end <= start:
            return 0
        index = self._covers(start, end)
        return self._through(index, end) - self._through(index, start)

    def add_school_days(self, start: date, count: float) -> date:
        """The day on which `count` school days after start have passed (rounded up to a whole day;
        start itself for 0 or less)."""
        needed = ceil(count - 1e-9)
        if needed <= 0:
            return start
        if self._span and start < self._span[1]:
            index = self._covers(start, self._span[1])
            target = self._through(index, start) + needed
            if self._through(index, self._span[1]) >= target:
                return date.fromordinal(index[0] + bisect_left(index[1], target))
            needed = target - self._through(index, self._span[1])
            start = self._span[1]
        elif not self._span:
            lo, cum = self._covers(start)
            target = self._through((lo, cum), start) + needed
            while cum[-1] < target:  # the range only grows forward here: counts keep their base
                end = lo + len(cum) - 1
                lo, cum = self._extend(end, end + _MARGIN)
            return date.fromordinal(lo + bisect_left(cum, target))
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
        base, after = self._span[1].toordinal(), self._after
        total = after[-1] if after else 0
        day = date.fromordinal(base + 1 + len(after))
        grown = []
        for _ in range(_MARGIN):
            total += self._open_weekday(day)
            grown.append(total)
            day += timedelta(days=1)
        self._after = after + grown

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
