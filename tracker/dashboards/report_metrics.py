"""The continuous-improvement figures, computed from plain facts about learners. Pure: no Flask,
no database, so each figure's definition is tested on hand-made facts.

Per learner the report knows (LearnerFacts): its pace on each progression it is placed on,
each validation request that was decided, and each support flag. For any set of learners,
optionally limited to one framework, `measure` gives:

* pace: how many placements are ahead, on pace, behind, far behind, just started
  (in the first week, too early to say), or on a progression with no pace set;
* time to validation: days from a request to its decision (median), and the validation
  rate: the share of decided requests decided "mastered";
* support: the share of flags acted on (an intervention planned from it, at any time); the
  school days from a flag to its first intervention as a Kaplan–Meier estimate over every flag,
  the ones still waiting included (supports/survival.py): its median and the share supported
  within 5 and 10 school days; how many flags are open, and how many of those wait for support.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import median

from ..supports.survival import SupportCurve, Wait, support_curve

SOON, LATER = 5, 10  # school days: the two "supported within" figures

# standing.days.PACE_STATES of a placement: a progression with no pace set is counted apart,
# never as on pace
PACE_BUCKETS = ("ahead", "on_pace", "behind", "far_behind", "just_started", "no_pace")


@dataclass(frozen=True)
class PaceFact:
    framework_id: int
    status: str  # one of PACE_BUCKETS


@dataclass(frozen=True)
class ValidationFact:
    framework_id: int
    days: float
    mastered: bool


@dataclass(frozen=True)
class SupportFact:
    framework_id: int | None  # None: a flag about the learner as a whole (e.g. stalled)
    wait: Wait  # school days to its first intervention, or waited without one
    open: bool


@dataclass
class LearnerFacts:
    learner_id: int
    paces: list[PaceFact] = field(default_factory=list)
    validations: list[ValidationFact] = field(default_factory=list)
    supports: list[SupportFact] = field(default_factory=list)


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


def measure(facts: Mapping[int, LearnerFacts], learner_ids: Iterable[int],
            framework_id: int | None = None) -> Metrics:
    """The figures for these learners (ids without facts count as learners with nothing yet);
    with framework_id, only that framework's placements, requests and flags."""
    def wanted(item) -> bool:
        return framework_id is None or item.framework_id == framework_id

    learner_ids = set(learner_ids)
    pace = dict.fromkeys(PACE_BUCKETS, 0)
    validation_days, mastered, waits = [], 0, []
    open_flags = waiting = 0
    for learner_id in learner_ids:
        learner = facts.get(learner_id)
        if learner is None:
            continue
        for item in learner.paces:
            if wanted(item):
                pace[item.status] += 1
        for item in learner.validations:
            if wanted(item):
                validation_days.append(item.days)
                mastered += item.mastered
        for item in learner.supports:
            if wanted(item):
                waits.append(item.wait)
                if item.open:
                    open_flags += 1
                    waiting += not item.wait.supported
    return Metrics(
        learners=len(learner_ids), pace=pace, decided=len(validation_days), mastered=mastered,
        median_days_to_validation=median(validation_days) if validation_days else None,
        support=support_curve(waits), open_flags=open_flags, waiting_for_support=waiting)
