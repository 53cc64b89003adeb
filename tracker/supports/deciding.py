"""What support flags the rules want today, for any number of learners, in a fixed number of
queries: the facts are gathered here (and in gather.py), the one rule function is flag_rules.decide_flags.

Definitions used here (the rules themselves are documented in flag_rules.py):
* last evidence: the latest observed_on of any evidence not deleted (a learner's own
  submission waiting for review counts: the learner is not stalled);
* active since (for a learner with no evidence): its earliest current placement;
* closed days: the weekdays that are not school days in the learner's school calendar
  (tracker.calendar: outside its terms, its holidays and breaks, and the district-wide
  `school_holidays` setting), so a summer or winter break does not make everyone stalled;
* attempts on a competency: the learner's accepted, scored evidence and its "not yet"
  decisions since the latest "mastered" decision on it, in date order;
* mastered: the current decision is "mastered", or the competency is mastered by roll-up;
* working on: a step of a progression the learner is placed on, at or after its starting
  step, not mastered, with evidence of the learner on it (a step whose latest attempt is at or
  above mastery raises no prerequisite gap: the learner has just shown it);
* in use: a progression that is active and whose framework reaches learners (not a draft); the
  others raise no flags, and a draft framework's competencies raise no "not yet" either.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..calendar.service import calendars_for, district_closed_days
from ..extensions import db
from ..rosters.models import Learner
from ..settings import service as settings
from ..standing.engine import standings_for
from ..standing.reads import pace_thresholds, prerequisite_edges
from . import flag_endings, flag_rules, gather


@dataclass(frozen=True)
class WantedFlag:
    learner_id: int
    kind: str
    competency_id: int | None
    progression_id: int | None
    reason: flag_rules.Reason

    @property
    def key(self) -> tuple:
        return (self.learner_id, self.kind, self.competency_id, self.progression_id)


def flags_due(learner_ids: list[int], *, today: date, with_facts: bool = False):
    """{learner_id: every flag the rules want for it today}, read in a fixed number of queries.

    Where each learner stands (steps mastered, by decision or roll-up, and the pace) is the
    standing engine's answer, the one every page shows; the flags themselves are decided by
    flag_rules.decide_flags. A progression not in use (inactive, or on a draft framework that
    does not reach learners) raises no flags. with_facts=True: (that, {learner_id: LearnerFacts}: what
    a closing flag's reason is read from, {learner_id: [Standing]}: what the rollups are written from).
    """
    decided = _decide(learner_ids, today=today)
    return decided if with_facts else decided[0]


def _decide(learner_ids: list[int], *, today: date):
    """(flags due per learner, LearnerFacts per learner: what a closing flag's reason is read from,
    the standing engine's answer per active learner: what its rollups are written from)."""
    values = settings.get_all()
    stalled_days, attempts_needed = gather.rule_settings(values)

    schools = dict(db.session.execute(
        select(Learner.id, Learner.school_id).where(Learner.id.in_(learner_ids), Learner.active.is_(True))).all())
    if not schools:
        return {}, {}, {}
    ids = list(schools)
    calendars = calendars_for(set(schools.values()), holidays=district_closed_days(values))
    cells = gather.evidence_cells(ids)
    placed = standings_for(ids, today=today, with_status=False, thresholds=pace_thresholds(values),
                           calendars=calendars)
    standings = {lid: [s for s in rows if _in_use(s.progression)] for lid, rows in placed.items()}
    step_ids = {step.competency_id for rows in standings.values() for s in rows for step in s.progression.steps}
    prerequisites: dict[int, set[int]] = defaultdict(set)
    labels = {}
    for before, after, name in prerequisite_edges(step_ids):
        prerequisites[after].add(before)
        labels[before] = name

    last_evidence: dict[int, date] = {}
    worked_on: dict[int, set[int]] = defaultdict(set)
    for row in cells:
        day = row.last_observed_on
        if day is not None:
            last_evidence[row.learner_id] = max(day, last_evidence.get(row.learner_id, day))
        worked_on[row.learner_id].add(row.competency_id)
    active_since = {lid: min(s.placed_on for s in rows) for lid, rows in standings.items() if rows}
    since = {i: last_evidence.get(i) or active_since.get(i) for i in ids}
    closed = _closed_days(calendars, schools, since, today)
    # A draft framework does not reach learners: its competencies raise no "not yet" flag (its
    # evidence still counts as work done, against "stalled").
    attempts, thresholds = gather.attempts([row for row in cells if row.framework_status != "draft"],
                                           gather.decision_rows(ids))

    due: dict[int, list[WantedFlag]] = {}
    facts: dict[int, flag_endings.LearnerFacts] = {}
    for learner_id in ids:
        rows = standings.get(learner_id, [])
        mastered = set().union(*(s.mastered for s in rows))
        tried = attempts.get(learner_id, {})
        shown = {cid for cid, scores in tried.items()
                 if scores and scores[-1] is not None and scores[-1] >= thresholds[cid]}
        on = [_on_progression(s, worked_on[learner_id], shown) for s in rows]
        facts[learner_id] = flag_endings.LearnerFacts(
            active=True, last_evidence_on=last_evidence.get(learner_id), mastered=mastered, shown=shown,
            rose={cid for cid, scores in tried.items() if flag_rules.level_rose(scores, thresholds[cid])},
            on_progressions={s.progression.id for s in rows},
            placed_not_in_use={s.progression.id for s in placed.get(learner_id, []) if not _in_use(s.progression)},
            prerequisites=prerequisites, placed_out=set().union(*(o.placed_out for o in on)))
        flags = flag_rules.decide_flags(
            today=today, last_evidence_on=last_evidence.get(learner_id), active_since=active_since.get(learner_id),
            holidays=closed.get(schools[learner_id], ()),
            stalled_school_days=stalled_days,
            attempts_by_competency=attempts.get(learner_id), mastery_threshold=thresholds,
            repeated_not_yet_attempts=attempts_needed,
            progressions=on, mastered=mastered, prerequisites=prerequisites, labels=labels)
        due[learner_id] = [WantedFlag(learner_id, f.kind, f.competency_id, f.progression_id, f.reason)
                           for f in flags]
    return due, facts, placed


def _in_use(progression) -> bool:
    """A progression whose flags count: active, and on a framework that reaches learners (not a draft)."""
    return progression.active and progression.framework.reaches_learners


def _closed_days(calendars, schools: dict[int, int], since: dict[int, date | None], today: date) -> dict[int, set]:
    """{school id: the weekdays it was closed (outside its terms, its non-school days, the district's
    closed days) from the earliest day its learners' stalled rule counts from, to today}: worked out
    once per school, not per learner (the rule counts only the days after each learner's own day)."""
    earliest: dict[int, date] = {}
    for learner_id, school_id in schools.items():
        day = since.get(learner_id)
        if day is not None and day < today:
            earliest[school_id] = min(day, earliest.get(school_id, day))
    return {school_id: calendars[school_id].closed_days(day, today) for school_id, day in earliest.items()}


def _on_progression(standing, worked_on: set[int], shown: set[int]) -> flag_rules.OnProgression:
    steps = standing.progression.steps
    return flag_rules.OnProgression(
        progression_id=standing.progression.id, pace=standing.pace,
        working_on=[s.competency_id for s in steps if s.position >= standing.start_position
                    and s.competency_id not in standing.mastered and s.competency_id in worked_on],
        placed_out=[s.competency_id for s in steps if s.position < standing.start_position],
        shown=[s.competency_id for s in steps if s.competency_id in shown])
