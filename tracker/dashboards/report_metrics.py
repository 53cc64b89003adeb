"""The continuous-improvement figures, computed from counted facts about learners. Pure: no Flask,
no database, so each figure's definition is tested on hand-made facts.

The report's readers count, for each group of learners and framework, the facts it knows (a Tally):
the pace of each placement, each validation request that was decided, and each support flag. For any
set of learners, optionally limited to one framework, `measure` gives, from their tallies:

* pace: how many placements are ahead, on pace, behind, far behind, just started
  (in the first week, too early to say), or on a progression with no pace set;
* time to validation: days from a request to its decision (median), and the validation
  rate: the share of decided requests decided "mastered";
* support: the share of flags acted on (an intervention planned from it, at any time); the
  school days from a flag to its first intervention as a Kaplan–Meier estimate over every flag,
  the ones still waiting included (supports/survival.py): its median and the share supported
  within 5 and 10 school days; how many flags are open, and how many of those wait for support.
"""
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from ..supports.survival import SupportCurve, support_curve

SOON, LATER = 5, 10  # school days: the two "supported within" figures

# standing.days.PACE_STATES of a placement: a progression with no pace set is counted apart,
# never as on pace
PACE_BUCKETS = ("ahead", "on_pace", "behind", "far_behind", "just_started", "no_pace")


@dataclass
class Tally:
    """The facts of some learners about one framework (or about none), counted."""

    pace: Counter = field(default_factory=Counter)  # pace state -> placements
    validations: Counter = field(default_factory=Counter)  # (days from request to decision, mastered) -> requests
    supports: Counter = field(default_factory=Counter)  # (wait, still open) -> flags

    def __iadd__(self, other: "Tally") -> "Tally":
        self.pace.update(other.pace)
        self.validations.update(other.validations)
        self.supports.update(other.supports)
        return self


@dataclass(frozen=True)
class Metrics:
    learners: int
    pace: dict  # bucket -> number of placements
    decided: int
    mastered: int
    median_days_to_validation: float | None
    support: SupportCurve
    open_flags: int
    waiting_for_support: int  # open flags with no intervention yet

    @property
    def placements(self) -> int:
        return sum(self.pace.values())

    def pace_share(self, bucket: str) -> float | None:
        """The share (0–100) of placements in a bucket; None with no placement."""
        return 100 * self.pace[bucket] / self.placements if self.placements else None

    @property
    def flags(self) -> int:
        return self.support.flags

    @property
    def supported(self) -> int:
        return self.support.supported

    @property
    def acted_on_rate(self) -> float | None:
        """The share (0–100) of flags acted on; None with no flag."""
        share = self.support.acted_on
        return None if share is None else 100 * share

    def supported_within(self, school_days: int) -> float | None:
        """The estimated share (0–100) of flags supported within so many school days; None when unknown."""
        share = self.support.supported_within(school_days)
        return None if share is None else 100 * share

    @property
    def validation_rate(self) -> float | None:
        """The share (0–100) of decided requests decided "mastered"; None with none decided."""
        return 100 * self.mastered / self.decided if self.decided else None


def measure(tallies: Iterable[Tally], learners: int) -> Metrics:
    """The figures for a set of `learners` learners from their tallies (learners with no facts count
    as learners with nothing yet); the caller chooses the tallies of one framework, or of all."""
    total = Tally()
    for tally in tallies:
        total += tally
    pace = dict.fromkeys(PACE_BUCKETS, 0)
    for status, count in total.pace.items():
        pace[status] += count
    validation_days = sorted(days for (days, _mastered), count in total.validations.items() for _ in range(count))
    mastered = sum(count for (_days, was_mastered), count in total.validations.items() if was_mastered)
    waits: Counter = Counter()
    open_flags = waiting = 0
    for (wait, still_open), count in total.supports.items():
        waits[wait] += count
        if still_open:
            open_flags += count
            waiting += count if not wait.supported else 0
    return Metrics(
        learners=learners, pace=pace, decided=len(validation_days), mastered=mastered,
        median_days_to_validation=median(validation_days) if validation_days else None,
        support=support_curve(waits), open_flags=open_flags, waiting_for_support=waiting)
