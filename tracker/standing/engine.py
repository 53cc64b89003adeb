"""Where many learners stand on their progressions, with their pace, in a fixed number of queries.

One `Standing` is one learner on one progression: each step's state (progressions.states),
the day each step was mastered (days.mastery_days: the day the learner showed it, roll-ups
included), the pace (supports.pace) and its state in one word (days.pace_state). The heatmap,
the student, family and progress pages, the admin report and the support flags all read it;
`mastery_for` gives the transcript, its CSV, the credentials page and the API the same
mastered competencies and days.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..competencies.models import Competency
from ..extensions import db
from ..mastery.models import MasteryDecision
from ..progressions.models import Progression
from ..progressions.rollup import Tree
from ..progressions.service import competency_name
from ..progressions.states import ProgressionStatus, Step, progression_status
from ..calendar.school_days import WEEKDAYS
from ..calendar.service import calendars_for, district_closed_days
from ..settings import service as settings
from ..supports.pace import Pace, compute_pace
from ..timeutil import today as utc_today
from . import reads
from .days import mastery_days, pace_state

# A step as the student map shows it: the progression's states, with "ready for validation"
# (an open request) and "in progress" (evidence, no decision yet) told apart from "open".
MAP_STATES = ("mastered", "ready", "in_progress", "open", "locked", "placed_past")


@dataclass
class Standing:
    learner_id: int
    progression: Progression
    start_position: int
    placed_on: date
    status: ProgressionStatus | None  # None when read with with_status=False (pace only)
    pace: Pace | None  # None when the progression sets no usable pace
    mastered_on: dict[int, date] = field(default_factory=dict)  # step competency id -> day mastered
    # every competency of the progression's framework mastered (by decision or roll-up) -> its day
    mastered: dict[int, date | None] = field(default_factory=dict)
    requested: set[int] = field(default_factory=set)  # open validation requests (with activity=True)
    with_evidence: set[int] = field(default_factory=set)  # competencies with evidence (activity=True)
    # True: `mastered` holds the framework's roll-ups too (its tree was read, as mastery_for reads
    # it). False: only what the learner's own decisions mastered, exact for every competency
    # without a roll-up rule.
    rolled_up: bool = False

    @property
    def pace_state(self) -> str:
        """One of days.PACE_STATES: what every page, CSV, report and flag calls this pace."""
        return pace_state(self.pace)

    def map_state(self, step_status) -> str:
        """The step's state on the student map (one of MAP_STATES)."""
        state = step_status.state
        if state in ("open", "locked"):
            if step_status.competency_id in self.requested:
                return "ready"
            if state == "open" and step_status.competency_id in self.with_evidence:
                return "in_progress"
        return state

    def map_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(MAP_STATES, 0)
        for step_status in self.status.steps:
            counts[self.map_state(step_status)] += 1
        return counts

    def working_on(self) -> list:
        """Steps in progress or waiting for validation first, then the open ones, in path order."""
        order = {"ready": 0, "in_progress": 1, "open": 2}
        steps = [s for s in self.status.steps if self.map_state(s) in order]
        return sorted(steps, key=lambda s: (order[self.map_state(s)], s.position))


def standings_for(learners, *, framework_id: int | None = None, progression_id: int | None = None,
                  activity: bool = False, today: date | None = None, decisions: dict | None = None,
                  with_status: bool = True, thresholds: dict | None = None,
                  calendars: dict | None = None, as_of: date | None = None) -> dict[int, list[Standing]]:
    """{learner id: [Standing, ...]} for the learners' current placements (by progression title).

    `learners` is a list of ids or a SELECT of learner ids. Only progressions of `framework_id`,
    or only `progression_id`, when given. With activity=True each standing also knows the steps
    with evidence and those waiting for validation (map_state tells them apart). `decisions`
    (from reads.current_outcomes, covering these frameworks) and `thresholds` (reads.pace_thresholds)
    save reading them again. with_status=False skips each step's state (a fifth of the time for
    a class) when only the pace is wanted. `calendars` ({school id: SchoolCalendar}, from
    calendar.service.calendars_for, covering the learners' schools) saves reading them again: pace
    is counted in each learner's school's school days. Nine queries at most, whatever the number
    of learners. `as_of`: where the learners stood at the end of that day (reads.py says what is read
    as of then; the pace is judged on that day); None: now.
    """
    today = as_of or today or utc_today()
    placements = reads.current_placements(learners, framework_id=framework_id, progression_id=progression_id,
                                          as_of=as_of)
    progressions = reads.progressions_with_steps(row.progression_id for row in placements)
    step_ids = {s.competency_id for p in progressions.values() for s in p.steps}
    framework_ids = {p.framework_id for p in progressions.values()}

    # Only a framework with a roll-up rule can master a step through its children: the trees are
    # read only for progressions that have one among their steps (most have none; the read is a
    # whole framework).
    rolls_up = {p.framework_id for p in progressions.values()
                if any((s.competency.rollup_rule or "none") != "none" for s in p.steps)}
    edges = reads.prerequisite_edges(step_ids)
    trees = reads.trees(rolls_up)
    if decisions is None:
        decisions = reads.current_outcomes(learners, framework_ids, as_of=as_of)
    values = settings.get_all() if thresholds is None or calendars is None else None
    thresholds = thresholds or reads.pace_thresholds(values)
    if calendars is None:
        calendars = calendars_for({row.school_id for row in placements}, holidays=district_closed_days(values))
    requested, with_evidence = reads.activity(learners, step_ids, as_of=as_of) if activity else ({}, {})

    prepared_trees = {fid: Tree(trees.get(fid, ())) for fid in framework_ids}  # ordered once, not per learner
    graphs = {pid: _graph(p, edges) for pid, p in progressions.items()}
    plans = {pid: _PacePlan(p) for pid, p in progressions.items()}
    mastered_by: dict[tuple[int, int], dict] = {}
    result: dict[int, list[Standing]] = defaultdict(list)
    for row in placements:
        progression = progressions[row.progression_id]
        steps, pairs, names = graphs[progression.id]
        key = (row.learner_id, progression.framework_id)
        if key not in mastered_by:
            shown = {cid: day for cid, (outcome, day) in decisions.get(row.learner_id, {}).items()
                     if outcome == "mastered"}
            mastered_by[key] = mastery_days(prepared_trees[progression.framework_id], shown)
        mastered = mastered_by[key]
        status = (progression_status(steps, pairs, mastered, start_position=row.start_position, names=names)
                  if with_status else None)
        mastered_on = {s.competency_id: mastered[s.competency_id] or row.placed_on
                       for s in steps if s.competency_id in mastered}
        result[row.learner_id].append(Standing(
            learner_id=row.learner_id, progression=progression, start_position=row.start_position,
            placed_on=row.placed_on, status=status,
            pace=_pace(plans[progression.id], row, mastered_on, thresholds, today,
                       calendars.get(row.school_id) or WEEKDAYS),
            mastered_on=mastered_on, mastered=mastered, requested=requested.get(row.learner_id, set()),
            with_evidence=with_evidence.get(row.learner_id, set()),
            rolled_up=progression.framework_id in rolls_up))
    for rows in result.values():
        rows.sort(key=lambda s: (s.progression.title, s.progression.id))
    return dict(result)


def mastery_for(learners, framework_ids=None, *, decisions: dict | None = None,
                as_of: date | None = None) -> dict[int, dict[int, date | None]]:
    """{learner id: {competency id: day mastered}} for every competency mastered by decision or by
    roll-up, in the given frameworks (every framework the learners have decisions in when None);
    by the end of `as_of` when given.

    The day is the day the learner showed it (reads.current_outcomes), a roll-up's the day its
    rule was met (days.mastery_days). Three queries at most, whatever the number of learners.
    """
    if framework_ids is None:
        framework_ids = set(db.session.scalars(
            select(Competency.framework_id).distinct()
            .join(MasteryDecision, MasteryDecision.competency_id == Competency.id)
            .where(reads.learner_condition(MasteryDecision.learner_id, learners))))
    if not framework_ids:
        return {}
    if decisions is None:
        decisions = reads.current_outcomes(learners, framework_ids, as_of=as_of)
    tree = Tree(node for nodes in reads.trees(framework_ids).values() for node in nodes)  # ordered once
    result = {}
    for learner_id, decided in decisions.items():
        shown = {cid: day for cid, (outcome, day) in decided.items() if outcome == "mastered"}
        result[learner_id] = mastery_days(tree, shown)
    return result


def _graph(progression: Progression, edges):
    in_progression = {s.competency_id for s in progression.steps}
    steps = [Step(competency_id=s.competency_id, position=s.position, name=competency_name(s.competency))
             for s in progression.steps]
    mine = [(before, after, name) for before, after, name in edges if after in in_progression]
    return steps, [(before, after) for before, after, _name in mine], {before: name for before, _a, name in mine}


class _PacePlan:
    """What every placement on one progression shares for its pace, worked out once per progression
    (a district report computes 50,000 paces: per placement, walking the steps cost 9 of 24 s)."""

    def __init__(self, progression: Progression):
        steps = progression.steps
        self.total_steps = len(steps)
        self.positions = [(s.competency_id, s.position) for s in steps]
        self.weeks = progression.weeks_per_step
        self.target_dates = [s.target_date for s in steps] if progression.pace_mode == "target_dates" else None
        if not self.weeks or self.weeks <= 0:
            # no weeks per step: only target dates set a pace; with none, there is no pace to compare with
            self.target_dates = self.target_dates or [None] * len(steps)
            self.weeks = None
        # The day the class began the progression (target dates): its term's first day, else the
        # first day of the school term around its first target date (calendar.term_around).
        self.term_start = progression.term.starts_on if progression.term is not None else None
        self.first_date = min((d for d in self.target_dates or () if d is not None), default=None)
        self._from = {}

    def steps_from(self, start_position: int) -> frozenset[int]:
        """The competencies of the steps at and after a start position."""
        if start_position not in self._from:
            self._from[start_position] = frozenset(cid for cid, position in self.positions
                                                   if position >= start_position)
        return self._from[start_position]

    def cohort_start(self, calendar) -> date | None:
        if self.target_dates is None or self.first_date is None:
            return None
        if self.term_start is not None:
            return self.term_start
        term = calendar.term_around(self.first_date)
        return term[0] if term else None


def _pace(plan: _PacePlan, placement, mastered_on: dict[int, date], thresholds, today, calendar) -> Pace | None:
    """The pace on one placement, in the school days of the learner's school; None when the
    progression has no steps or its pace is unusable.

    Counted from the placement day and position: a start position past the last step is read as
    the last step (nothing left to walk but it), and steps from the start position on that were
    already mastered before the placement day (a re-placement past them) are part of where the
    learner starts, neither mastered since nor still to walk: a learner re-placed last week is
    not "ahead" for steps mastered months ago."""
    if not plan.total_steps:
        return None
    start = max(1, min(placement.start_position, plan.total_steps))
    from_start = plan.steps_from(start)
    days = [d for cid, d in mastered_on.items() if cid in from_start]
    before = sum(1 for d in days if d < placement.placed_on)
    if before and start + before <= plan.total_steps:
        start += before
        days = [d for d in days if d >= placement.placed_on]
    try:
        return compute_pace(started_on=placement.placed_on, today=today, total_steps=plan.total_steps,
                            mastered_on=days, start_position=start, weeks_per_step=plan.weeks,
                            target_dates=plan.target_dates, calendar=calendar,
                            cohort_start=plan.cohort_start(calendar), **thresholds)
    except ValueError:
        return None
