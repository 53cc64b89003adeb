"""Where many learners stand on their progressions, with their pace, in a fixed number of queries.

One `Standing` is one learner on one progression: each step's state (from
progressions.states), the day each step was mastered, and the pace (supports.pace). The
heatmap sorts 600 learners by it, the admin report counts it by subgroup, and the student
and family pages show it, so it is read for any number of learners at once: placements,
progressions (with steps), prerequisites, framework trees, current decisions and settings,
each one query whatever the number of learners.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..competencies.models import Competency
from ..extensions import db
from ..mastery.models import MasteryDecision, ValidationRequest
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from ..progressions.rollup import TreeNode, rolled_up_mastery
from ..progressions.service import competency_name
from ..progressions.states import ProgressionStatus, Step, progression_status
from ..settings import service as settings
from ..supports.pace import Pace, compute_pace, validate_thresholds
from ..timeutil import today as utc_today
from .models import EvidenceSummary

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
    pace: Pace | None
    mastered_on: dict[int, date] = field(default_factory=dict)  # competency id -> day mastered
    requested: set[int] = field(default_factory=set)  # open validation requests (with activity=True)
    with_evidence: set[int] = field(default_factory=set)  # competencies with evidence (activity=True)

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


def pace_thresholds() -> dict[str, float]:
    """The admin's pace thresholds, or the defaults when the stored ones are out of order."""
    values = settings.get_all()
    chosen = {"ahead_ratio": values["pace_ahead_ratio"], "behind_ratio": values["pace_behind_ratio"],
              "far_behind_ratio": values["pace_far_behind_ratio"]}
    try:
        if validate_thresholds(**{k: float(v) for k, v in chosen.items()}) is None:
            return {k: float(v) for k, v in chosen.items()}
    except (TypeError, ValueError):
        pass
    defaults = settings.DEFAULTS
    return {"ahead_ratio": defaults["pace_ahead_ratio"], "behind_ratio": defaults["pace_behind_ratio"],
            "far_behind_ratio": defaults["pace_far_behind_ratio"]}


def _learner_condition(column, learners):
    return column.in_(list(learners) if isinstance(learners, list | tuple | set) else learners)


def standings_for(learners, *, framework_id: int | None = None, progression_id: int | None = None,
                  activity: bool = False, today: date | None = None, decisions: dict | None = None,
                  with_status: bool = True) -> dict[int, list[Standing]]:
    """{learner id: [Standing, ...]} for the learners' current placements (by progression title).

    `learners` is a list of ids or a SELECT of learner ids. Only progressions of `framework_id`,
    or only `progression_id`, when given. With activity=True each standing also knows the steps
    with evidence and those waiting for validation (map_state tells them apart). `decisions`
    (from current_outcomes, covering these frameworks) saves reading them again. with_status=False
    skips each step's state (a fifth of the time for a class) when only the pace is wanted.
    """
    today = today or utc_today()
    query = (select(Placement.learner_id, Placement.progression_id, Placement.start_position, Placement.placed_on)
             .where(Placement.ended_at.is_(None), _learner_condition(Placement.learner_id, learners))
             .order_by(Placement.id))
    if progression_id is not None:
        query = query.where(Placement.progression_id == progression_id)
    if framework_id is not None:
        query = query.join(Progression, Progression.id == Placement.progression_id).where(
            Progression.framework_id == framework_id)
    placements = db.session.execute(query).all()
    progressions = {p.id: p for p in db.session.scalars(
        select(Progression).where(Progression.id.in_({row.progression_id for row in placements}))
        .options(joinedload(Progression.framework),
                 selectinload(Progression.steps).joinedload(ProgressionStep.competency)))}
    step_ids = {s.competency_id for p in progressions.values() for s in p.steps}
    framework_ids = {p.framework_id for p in progressions.values()}

    # Only a step with a roll-up rule can be mastered through its children: the frameworks' trees are
    # read only for progressions that have one (most have none, and the read is a whole framework).
    rolls_up = {pid: any((s.competency.rollup_rule or "none") != "none" for s in p.steps)
                for pid, p in progressions.items()}
    edges = _edges(step_ids)
    trees = _trees({p.framework_id for pid, p in progressions.items() if rolls_up[pid]})
    if decisions is None:
        decisions = current_outcomes(learners, framework_ids)
    thresholds = pace_thresholds()
    requested, with_evidence = (_activity(learners, step_ids) if activity else ({}, {}))

    graphs = {pid: _graph(p, edges) for pid, p in progressions.items()}
    children = defaultdict(dict, {framework: _children(nodes) for framework, nodes in trees.items()})
    plans = {pid: _PacePlan(p) for pid, p in progressions.items()}
    result: dict[int, list[Standing]] = defaultdict(list)
    for row in placements:
        progression = progressions[row.progression_id]
        steps, pairs, names = graphs[progression.id]
        decided = decisions.get(row.learner_id, {})
        tree = trees.get(progression.framework_id, [])
        mastered = {cid for cid, (outcome, _day) in decided.items() if outcome == "mastered"}
        if rolls_up[progression.id]:
            mastered = rolled_up_mastery(tree, mastered)
        status = (progression_status(steps, pairs, mastered, start_position=row.start_position, names=names)
                  if with_status else None)
        mastered_on = _mastery_days([s.competency_id for s in steps if s.competency_id in mastered], decided,
                                    children[progression.framework_id], row.placed_on)
        result[row.learner_id].append(Standing(
            learner_id=row.learner_id, progression=progression, start_position=row.start_position,
            placed_on=row.placed_on, status=status,
            pace=_pace(plans[progression.id], row, mastered_on, thresholds, today),
            mastered_on=mastered_on, requested=requested.get(row.learner_id, set()),
            with_evidence=with_evidence.get(row.learner_id, set())))
    for rows in result.values():
        rows.sort(key=lambda s: (s.progression.title, s.progression.id))
    return dict(result)


def _edges(step_ids) -> list[tuple[int, int, str]]:
    """(prerequisite id, competency id, prerequisite name) for every edge into a step."""
    rows = db.session.execute(
        select(Prerequisite.prerequisite_id, Prerequisite.competency_id, Competency.code, Competency.statement)
        .join(Competency, Competency.id == Prerequisite.prerequisite_id)
        .where(Prerequisite.competency_id.in_(step_ids)).order_by(Prerequisite.id)).all()
    return [(before, after, code or (statement[:39] + "…" if len(statement) > 40 else statement))
            for before, after, code, statement in rows]


def _graph(progression: Progression, edges):
    in_progression = {s.competency_id for s in progression.steps}
    steps = [Step(competency_id=s.competency_id, position=s.position, name=competency_name(s.competency))
             for s in progression.steps]
    mine = [(before, after, name) for before, after, name in edges if after in in_progression]
    return steps, [(before, after) for before, after, _name in mine], {before: name for before, _a, name in mine}


def _trees(framework_ids) -> dict[int, list[TreeNode]]:
    trees: dict[int, list[TreeNode]] = defaultdict(list)
    if not framework_ids:
        return trees
    for cid, parent_id, rule, points_needed, points, framework_id in db.session.execute(
            select(Competency.id, Competency.parent_id, Competency.rollup_rule, Competency.rollup_points_needed,
                   Competency.points, Competency.framework_id)
            .where(Competency.framework_id.in_(framework_ids))):
        trees[framework_id].append(TreeNode(id=cid, parent_id=parent_id, rollup_rule=rule or "none",
                                            rollup_points_needed=points_needed,
                                            points=points if points is not None else 1))
    return trees


def current_outcomes(learners, framework_ids) -> dict[int, dict[int, tuple[str, date]]]:
    """{learner: {competency: (outcome, day decided)}} from each pair's latest decision, in one query."""
    columns = (MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.outcome,
               MasteryDecision.decided_at)
    chosen = (_learner_condition(MasteryDecision.learner_id, learners),
              Competency.framework_id.in_(list(framework_ids)))
    if db.session.get_bind().dialect.name == "postgresql":
        # DISTINCT ON takes each pair's latest in one ordered pass: a district's 500,000 decisions in
        # 1.6 s instead of 3.9 s for the max(id) subquery below (which SQLite runs well).
        query = (select(*columns).join(Competency, Competency.id == MasteryDecision.competency_id).where(*chosen)
                 .distinct(MasteryDecision.learner_id, MasteryDecision.competency_id)
                 .order_by(MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.id.desc()))
    else:
        latest = (select(func.max(MasteryDecision.id))
                  .join(Competency, Competency.id == MasteryDecision.competency_id).where(*chosen)
                  .group_by(MasteryDecision.learner_id, MasteryDecision.competency_id))
        query = select(*columns).where(MasteryDecision.id.in_(latest.scalar_subquery()))
    decided: dict[int, dict[int, tuple[str, date]]] = defaultdict(dict)
    for lid, cid, outcome, decided_at in db.session.execute(query):
        decided[lid][cid] = (outcome, decided_at.date())
    return decided


def _activity(learners, step_ids):
    requested: dict[int, set[int]] = defaultdict(set)
    for lid, cid in db.session.execute(
            select(ValidationRequest.learner_id, ValidationRequest.competency_id).where(
                ValidationRequest.status == "open", _learner_condition(ValidationRequest.learner_id, learners),
                ValidationRequest.competency_id.in_(step_ids))):
        requested[lid].add(cid)
    with_evidence: dict[int, set[int]] = defaultdict(set)
    for lid, cid in db.session.execute(
            select(EvidenceSummary.learner_id, EvidenceSummary.competency_id).where(
                _learner_condition(EvidenceSummary.learner_id, learners),
                EvidenceSummary.competency_id.in_(step_ids),
                EvidenceSummary.evidence_count > 0)):
        with_evidence[lid].add(cid)
    return requested, with_evidence


def _children(tree: list[TreeNode]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for node in tree:
        if node.parent_id is not None:
            children[node.parent_id].append(node.id)
    return children


def _mastery_days(mastered_steps: list[int], decided, children: dict[int, list[int]],
                  placed_on: date) -> dict[int, date]:
    """The day each mastered step was mastered: its own decision's, else (mastered by roll-up)
    the latest day among its mastered children, else the placement day."""

    def day(cid, depth=0):
        outcome_day = decided.get(cid)
        if outcome_day and outcome_day[0] == "mastered":
            return outcome_day[1]
        if depth > 20:
            return None
        days = [d for child in children.get(cid, ()) if (d := day(child, depth + 1)) is not None]
        return max(days) if days else None

    return {cid: day(cid) or placed_on for cid in mastered_steps}


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
        self._from = {}

    def steps_from(self, start_position: int) -> frozenset[int]:
        """The competencies of the steps at and after a start position."""
        if start_position not in self._from:
            self._from[start_position] = frozenset(cid for cid, position in self.positions
                                                   if position >= start_position)
        return self._from[start_position]


def _pace(plan: _PacePlan, placement, mastered_on: dict[int, date], thresholds, today) -> Pace | None:
    if not plan.total_steps:
        return None
    from_start = plan.steps_from(placement.start_position)
    days = [d for cid, d in mastered_on.items() if cid in from_start]
    try:
        return compute_pace(started_on=placement.placed_on, today=today, total_steps=plan.total_steps,
                            mastered_on=days, start_position=placement.start_position, weeks_per_step=plan.weeks,
                            target_dates=plan.target_dates, **thresholds)
    except ValueError:
        return None
