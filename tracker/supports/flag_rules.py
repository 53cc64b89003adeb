"""Which support flags a learner should have, decided from plain values.

Pure rules: nothing here touches Flask or the database. The flag service gathers the
inputs (dates, scores, decisions, the learner's pace), calls these rules whenever
evidence or decisions change, and opens or resolves SupportFlag rows to match.

Each flag is ``Flag(kind, competency_id, reason)``. The reason is plain English with the
numbers in it ("No new evidence for 12 school days (threshold 10)"); it is a ``Reason``,
a str that also keeps its untranslated template and values, so a page can show it in the
reader's language with ``_(reason.template, **reason.values)``.

The rules:

* ``stalled``: no new evidence for at least N school days (setting
  ``stalled_school_days``). School days are weekdays after the last evidence up to and
  including today, minus the holidays given. A learner with no evidence at all counts
  from the day it became active (placement or enrolment), if given.
* ``repeated_not_yet``: on one competency, K attempts or more (setting
  ``repeated_not_yet_attempts``) below the mastery threshold since the learner's level on it
  last changed. A change of level is a rise: a score higher than every earlier attempt of the
  run (a new best: it is the first of the new count), or one at or above the threshold (which
  ends the run). A fall, or going back to a level already reached (2, 1, 2), is no progress
  and keeps counting. The caller
  passes the attempts since the last "mastered" decision on the competency; a "not yet"
  decision without a level may be passed as None, which counts as below the threshold and
  is neither a rise nor a fall.
* ``behind_pace``: the learner's pace status is behind or far behind.
* ``prerequisite_gap``: the learner is working on a step one of whose direct
  prerequisites it has not mastered. Working on a step: evidence on it, not mastered, and
  its latest attempt below the mastery threshold; a learner whose latest attempt on the step
  is at or above the threshold has just shown the step itself, so no gap is raised for it
  (the class-grid case: a 4 on a step is not a gap). Steps it was placed past count as met
  ("meet students where they are": the placement vouches for them).
"""
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from ..textmarks import N_

FLAG_KINDS = ("stalled", "repeated_not_yet", "behind_pace", "prerequisite_gap")  # as SupportFlag.kind
KIND_LABELS = {
    "stalled": N_("Stalled"),
    "repeated_not_yet": N_("Repeated not yet"),
    "behind_pace": N_("Behind pace"),
    "prerequisite_gap": N_("Prerequisite gap"),
}
STALLED_SCHOOL_DAYS = 10       # defaults as in tracker/settings/service.py
REPEATED_NOT_YET_ATTEMPTS = 3


class Reason(str):
    """The English reason, which also remembers its template and values for translation."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        reason = super().__new__(cls, template % values if values else template)
        reason.template = template
        reason.values = values
        return reason


class Flag(NamedTuple):
    kind: str                   # one of FLAG_KINDS
    competency_id: int | None   # None for flags about the learner as a whole
    reason: Reason


class LearnerFlag(NamedTuple):
    """A flag as decide_flags wants it for one learner: a Flag, and the progression it is about."""
    kind: str
    competency_id: int | None
    progression_id: int | None  # behind_pace and prerequisite_gap: their progression; else None
    reason: Reason


class OnProgression(NamedTuple):
    """What the rules need about one progression a learner is placed on."""
    progression_id: int | None
    pace: object = None                 # a supports.pace.Pace, or None when the progression sets no pace
    working_on: Collection[int] = ()    # steps worked on (evidence), not mastered, at or after the start
    placed_out: Collection[int] = ()    # steps before the learner's start position
    shown: Collection[int] = ()         # steps whose latest attempt is at or above the mastery threshold


def school_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Weekdays after ``start`` up to and including ``end`` that are not holidays (0 if end ≤ start)."""
    days = (end - start).days
    if days <= 0:
        return 0
    full_weeks, rest = divmod(days, 7)
    # Any 7 days in a row hold 5 weekdays; count the leftover days one by one.
    count = full_weeks * 5 + sum(1 for i in range(1, rest + 1) if (start + timedelta(days=i)).weekday() < 5)
    closed = sum(1 for day in set(holidays) if start < day <= end and day.weekday() < 5)
    return count - closed


def stalled_flag(
    *,
    today: date,
    last_evidence_on: date | None,
    active_since: date | None = None,
    holidays: Collection[date] = (),
    stalled_school_days: int = STALLED_SCHOOL_DAYS,
) -> Flag | None:
    """A ``stalled`` flag when the last evidence (or the start, with none) is N school days old or more."""
    _check_setting("stalled_school_days", stalled_school_days)
    since = last_evidence_on or active_since
    if since is None:
        return None
    days = school_days_between(since, today, holidays)
    if days < stalled_school_days:
        return None
    if last_evidence_on is None:
        reason = Reason(N_("No evidence yet in %(days)d school days since starting (threshold %(threshold)d)"),
                        days=days, threshold=stalled_school_days)
    else:
        reason = Reason(N_("No new evidence for %(days)d school days (threshold %(threshold)d)"),
                        days=days, threshold=stalled_school_days)
    return Flag("stalled", None, reason)


def repeated_not_yet_flags(
    attempts_by_competency: Mapping[int, Sequence[float | None]],
    *,
    mastery_threshold: float,
    repeated_not_yet_attempts: int = REPEATED_NOT_YET_ATTEMPTS,
) -> list[Flag]:
    """A ``repeated_not_yet`` flag per competency whose latest K+ attempts (oldest → newest) are all below mastery."""
    _check_setting("repeated_not_yet_attempts", repeated_not_yet_attempts)
    flags = []
    for competency_id in sorted(attempts_by_competency):
        run = _attempts_since_level_changed(attempts_by_competency[competency_id], mastery_threshold)
        if run >= repeated_not_yet_attempts:
            flags.append(Flag("repeated_not_yet", competency_id, Reason(
                N_("%(count)d attempts in a row not yet at the mastery level (flag after %(limit)d)"),
                count=run, limit=repeated_not_yet_attempts)))
    return flags


def _attempts_since_level_changed(scores: Sequence[float | None], mastery_threshold: float) -> int:
    """Attempts below mastery since the level last rose to a new best (that attempt included); 0 after mastery."""
    run, best = 0, None
    for score in scores:
        if score is not None and score >= mastery_threshold:
            run, best = 0, None  # mastery ends the run; what follows starts from nothing
            continue
        if score is not None and best is not None and score > best:
            run = 0  # a new best: the level changed, earlier attempts were at another level
        if score is not None:
            best = score if best is None else max(best, score)
        run += 1
    return run


def level_rose(scores: Sequence[float | None], mastery_threshold: float) -> bool:
    """True when the current run below mastery holds a rise (so fewer attempts count than it has)."""
    raw = 0
    for score in reversed(scores):
        if score is not None and score >= mastery_threshold:
            break
        raw += 1
    return _attempts_since_level_changed(scores, mastery_threshold) < raw


FAR_BEHIND_TEMPLATE = N_("Far behind pace: steps mastered %(mastered)d, about %(expected)d expected by now")


def behind_pace_flag(status: str | None, *, steps_mastered: int, expected_steps: float | None) -> Flag | None:
    """A ``behind_pace`` flag when the pace status (tracker.supports.pace) is behind or far behind."""
    if status not in ("behind", "far_behind") or expected_steps is None:
        return None
    values = {"mastered": steps_mastered, "expected": int(expected_steps + 0.5)}
    if status == "far_behind":
        template = FAR_BEHIND_TEMPLATE
    else:
        template = N_("Behind pace: steps mastered %(mastered)d, about %(expected)d expected by now")
    return Flag("behind_pace", None, Reason(template, **values))


def prerequisite_gap_flags(
    working_on: Iterable[int],
    *,
    mastered: Collection[int],
    prerequisites: Mapping[int, Collection[int]],
    placed_out: Collection[int] = (),
    labels: Mapping[int, str] | None = None,
    shown: Collection[int] = (),
) -> list[Flag]:
    """A ``prerequisite_gap`` flag per step worked on with a direct prerequisite neither mastered nor placed out.

    prerequisites maps a competency to its direct prerequisites; labels (optional, e.g.
    competency codes) name the missing ones in the reason. A step in `shown` (its latest attempt
    at or above mastery) raises none: the learner has just shown the step itself. The reason's
    values keep the missing prerequisites' ids (``missing_ids``), so learners missing the same
    one can be grouped.
    """
    flags = []
    for competency_id in sorted(set(working_on) - set(shown)):
        required = sorted(set(prerequisites.get(competency_id, ())))
        missing = [p for p in required if p not in mastered and p not in placed_out]
        if not missing:
            continue
        named = ", ".join(labels[p] for p in missing) if labels and all(p in labels for p in missing) else ""
        values = {"count": len(missing), "total": len(required)}
        if len(required) == 1:
            template = (N_("Working on this step before mastering its prerequisite %(missing)s") if named
                        else N_("Working on this step before mastering its prerequisite"))
        else:
            template = (N_("Working on this step before mastering %(count)d of its %(total)d prerequisites: "
                           "%(missing)s") if named
                        else N_("Working on this step before mastering %(count)d of its %(total)d prerequisites"))
        if named:
            values["missing"] = named
        values["missing_ids"] = missing
        flags.append(Flag("prerequisite_gap", competency_id, Reason(template, **values)))
    return flags


def decide_flags(
    *,
    today: date,
    last_evidence_on: date | None,
    active_since: date | None = None,
    holidays: Collection[date] = (),
    attempts_by_competency: Mapping[int, Sequence[float | None]] | None = None,
    mastery_threshold: float | Mapping[int, float] | None = None,
    progressions: Iterable[OnProgression] = (),
    mastered: Collection[int] = (),
    prerequisites: Mapping[int, Collection[int]] | None = None,
    labels: Mapping[int, str] | None = None,
    stalled_school_days: int = STALLED_SCHOOL_DAYS,
    repeated_not_yet_attempts: int = REPEATED_NOT_YET_ATTEMPTS,
) -> list[LearnerFlag]:
    """Every flag one learner should have, in FLAG_KINDS order, then by progression and competency id.

    The one place flags are decided: the flag service calls it for every learner. mastery_threshold
    is one number, or one per competency (competencies of several scales). Each of `progressions`
    (OnProgression) may raise a behind_pace flag (its ``pace`` is a tracker.supports.pace.Pace, or
    anything with status, steps_mastered and expected_steps_by_today) and prerequisite_gap flags;
    ``mastered`` holds every competency mastered, by decision or by roll-up.
    """
    flags: list[LearnerFlag] = []

    def add(found, progression_id=None):
        flags.extend(LearnerFlag(f.kind, f.competency_id, progression_id, f.reason) for f in found if f)

    add([stalled_flag(today=today, last_evidence_on=last_evidence_on, active_since=active_since,
                      holidays=holidays, stalled_school_days=stalled_school_days)])
    if attempts_by_competency:
        if mastery_threshold is None:
            raise ValueError("mastery_threshold is needed to judge attempts.")
        by_threshold: dict[float, dict[int, Sequence[float | None]]] = {}
        for competency_id, scores in attempts_by_competency.items():
            threshold = (mastery_threshold[competency_id] if isinstance(mastery_threshold, Mapping)
                         else mastery_threshold)
            by_threshold.setdefault(threshold, {})[competency_id] = scores
        for threshold, attempts in by_threshold.items():
            add(repeated_not_yet_flags(attempts, mastery_threshold=threshold,
                                       repeated_not_yet_attempts=repeated_not_yet_attempts))
    for on in progressions:
        if on.pace is not None:
            add([behind_pace_flag(on.pace.status, steps_mastered=on.pace.steps_mastered,
                                  expected_steps=on.pace.expected_steps_by_today)], on.progression_id)
        add(prerequisite_gap_flags(on.working_on, mastered=mastered, prerequisites=prerequisites or {},
                                   placed_out=on.placed_out, labels=labels, shown=on.shown), on.progression_id)
    order = {kind: n for n, kind in enumerate(FLAG_KINDS)}
    flags.sort(key=lambda f: (order[f.kind], f.progression_id or 0, f.competency_id or 0))
    return flags


def _check_setting(name: str, value: int) -> None:
    whole = isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    if not whole or value < 1:
        raise ValueError(f"{name} must be a whole number, 1 or more (got {value!r}).")
