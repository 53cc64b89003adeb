"""How long flags wait for support, counting the flags that are still waiting. Pure: no database.

A median taken over the flags that got support leaves out every flag still waiting, so a school
that supports 11 flags of 339 within 3 days reads "3 days". Here each flag is a wait in school
days: until its first support (an event), or, for a flag without support, until today or until
it closed (censored: it waited at least that long). The Kaplan–Meier estimate turns these waits
into the share of flags still waiting after each day:

    S(t) = product over each day d <= t on which some flag got support of (1 - supported_d / at_risk_d)

where at_risk_d counts the flags that had waited d days or more without support (a flag censored on
day d still counts on day d). From S:

* the median wait is the first day on which S falls to one half or below; when it never does,
  more than half the flags are still waiting and the median is "not reached" (None);
* the share supported within n school days is 1 - S(n); it is unknown (None) past the longest
  wait observed when that wait is still open, because no flag has been watched that long.
"""
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Wait:
    """One flag: school days to its first support, or waited so far (or until it closed) without one."""

    days: int
    supported: bool


@dataclass(frozen=True)
class SupportCurve:
    flags: int
    supported: int
    steps: tuple[tuple[int, float], ...]  # (day, share still waiting after it) on each day some flag got support
    longest_wait: int | None  # the longest wait observed, supported or not
    longest_is_open: bool  # some flag that waited that long has no support (censored)

    def still_waiting_after(self, day: int) -> float | None:
        """S(day): the estimated share of flags without support after `day` school days."""
        if not self.flags:
            return None
        if day > self.longest_wait and self.longest_is_open:
            return None
        share = 1.0
        for step_day, value in self.steps:
            if step_day > day:
                break
            share = value
        return share

    def supported_within(self, day: int) -> float | None:
        """1 - S(day): the estimated share of flags supported within `day` school days (0–1)."""
        waiting = self.still_waiting_after(day)
        return None if waiting is None else 1.0 - waiting

    @property
    def median(self) -> int | None:
        """The first day on which half the flags or more have support; None while not reached."""
        return next((day for day, value in self.steps if value <= 0.5 + 1e-12), None)

    @property
    def acted_on(self) -> float | None:
        """The share of flags (0–1) that got support, at any time; None with no flag."""
        return self.supported / self.flags if self.flags else None


def support_curve(waits: Mapping[Wait, int]) -> SupportCurve:
    """The Kaplan–Meier estimate of the waits, given as {wait: how many flags waited so} (see the
    module docstring): the database counts the flags, so the estimate never sees one flag at a time."""
    waits = {wait: count for wait, count in waits.items() if count}
    if not waits:
        return SupportCurve(0, 0, (), None, False)
    events, ended = Counter(), Counter()  # every wait, supported or censored, leaves the risk set after its day
    for wait, count in waits.items():
        ended[wait.days] += count
        if wait.supported:
            events[wait.days] += count
    at_risk, share, steps = sum(waits.values()), 1.0, []
    for day in sorted(ended):
        if events[day]:
            share *= 1 - events[day] / at_risk
            steps.append((day, share))
        at_risk -= ended[day]
    longest = max(wait.days for wait in waits)
    return SupportCurve(flags=sum(waits.values()), supported=sum(events.values()), steps=tuple(steps),
                        longest_wait=longest, longest_is_open=events[longest] < ended[longest])
