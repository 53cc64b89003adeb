"""The queries behind the standing engine: each one statement whatever the number of learners.

`learners` is a list of ids or a SELECT of learner ids throughout.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ..competencies.models import Competency
from ..dashboards.models import EvidenceSummary
from ..extensions import db
from ..mastery.models import DecisionCitation, MasteryDecision, ValidationRequest
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from ..progressions.rollup import TreeNode
from ..rosters.models import Learner
from ..settings import service as settings
from ..supports.pace import validate_thresholds


def learner_condition(column, learners):
    return column.in_(list(learners) if isinstance(learners, list | tuple | set) else learners)


def pace_thresholds(values: dict | None = None) -> dict[str, float]:
    """The admin's pace thresholds, or the defaults when the stored ones are unusable (out of
    order, or not numbers): a mistyped setting must not stop every page and flag.

    values: the settings (settings.get_all()), when already read."""
    values = values if values is not None else settings.get_all()
    names = ("ahead_ratio", "behind_ratio", "far_behind_ratio")
    try:
        chosen = {name: float(values[f"pace_{name}"]) for name in names}
        if validate_thresholds(**chosen) is None:
            return chosen
    except (TypeError, ValueError):
        pass
    return {name: float(settings.DEFAULTS[f"pace_{name}"]) for name in names}


def current_placements(learners, *, framework_id: int | None = None, progression_id: int | None = None):
    """Rows (learner_id, progression_id, start_position, placed_on, school_id) of the learners' current
    placements (school_id: the learner's school, whose calendar paces them)."""
    query = (select(Placement.learner_id, Placement.progression_id, Placement.start_position, Placement.placed_on,
                    Learner.school_id)
             .join(Learner, Learner.id == Placement.learner_id)
             .where(Placement.ended_at.is_(None), learner_condition(Placement.learner_id, learners))
             .order_by(Placement.id))
    if progression_id is not None:
        query = query.where(Placement.progression_id == progression_id)
    if framework_id is not None:
        query = query.join(Progression, Progression.id == Placement.progression_id).where(
            Progression.framework_id == framework_id)
    return db.session.execute(query).all()


def progressions_with_steps(progression_ids) -> dict[int, Progression]:
    return {p.id: p for p in db.session.scalars(
        select(Progression).where(Progression.id.in_(set(progression_ids)))
        .options(joinedload(Progression.framework), joinedload(Progression.term),
                 selectinload(Progression.steps).joinedload(ProgressionStep.competency)))}


def prerequisite_edges(step_ids) -> list[tuple[int, int, str]]:
    """(prerequisite id, competency id, prerequisite name) for every edge into a step."""
    if not step_ids:
        return []
    rows = db.session.execute(
        select(Prerequisite.prerequisite_id, Prerequisite.competency_id, Competency.code, Competency.statement)
        .join(Competency, Competency.id == Prerequisite.prerequisite_id)
        .where(Prerequisite.competency_id.in_(step_ids)).order_by(Prerequisite.id)).all()
    return [(before, after, code or (statement[:39] + "…" if len(statement) > 40 else statement))
            for before, after, code, statement in rows]


def trees(framework_ids) -> dict[int, list[TreeNode]]:
    """{framework id: its competencies as roll-up nodes}."""
    found: dict[int, list[TreeNode]] = defaultdict(list)
    if not framework_ids:
        return found
    for cid, parent_id, rule, points_needed, points, framework_id in db.session.execute(
            select(Competency.id, Competency.parent_id, Competency.rollup_rule, Competency.rollup_points_needed,
                   Competency.points, Competency.framework_id)
            .where(Competency.framework_id.in_(list(framework_ids)))):
        found[framework_id].append(TreeNode(id=cid, parent_id=parent_id, rollup_rule=rule or "none",
                                            rollup_points_needed=points_needed,
                                            points=points if points is not None else 1))
    return found


def current_outcomes(learners, framework_ids) -> dict[int, dict[int, tuple[str, date]]]:
    """{learner: {competency: (outcome, day)}} from each pair's latest decision, in one query.

    The day is the day the learner showed it: the observed date of the newest evidence the
    decision cites (as the citation recorded it when decided), or the decision's own date when
    it cites nothing. It is never after the decision's date. Time to validation is measured
    from the decisions themselves, not from this day, so a validation backlog does not make a
    learner look behind.
    """
    shown = (select(func.max(DecisionCitation.observed_on))
             .where(DecisionCitation.decision_id == MasteryDecision.id)
             .correlate(MasteryDecision).scalar_subquery())
    columns = (MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.outcome,
               MasteryDecision.decided_at, shown)
    chosen = (learner_condition(MasteryDecision.learner_id, learners),
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
    for lid, cid, outcome, decided_at, shown_on in db.session.execute(query):
        day = decided_at.date()
        decided[lid][cid] = (outcome, min(shown_on, day) if shown_on is not None else day)
    return decided


def activity(learners, step_ids) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """({learner: steps with an open validation request}, {learner: steps with evidence}), in one
    statement."""
    requested: dict[int, set[int]] = defaultdict(set)
    with_evidence: dict[int, set[int]] = defaultdict(set)
    if not step_ids:
        return requested, with_evidence
    open_requests = select(literal(True).label("requested"), ValidationRequest.learner_id,
                           ValidationRequest.competency_id).where(
        ValidationRequest.status == "open", learner_condition(ValidationRequest.learner_id, learners),
        ValidationRequest.competency_id.in_(step_ids))
    evidence = select(literal(False).label("requested"), EvidenceSummary.learner_id,
                      EvidenceSummary.competency_id).where(
        learner_condition(EvidenceSummary.learner_id, learners), EvidenceSummary.competency_id.in_(step_ids),
        EvidenceSummary.evidence_count > 0)
    for is_request, lid, cid in db.session.execute(union_all(open_requests, evidence)):
        (requested if is_request else with_evidence)[lid].add(cid)
    return requested, with_evidence
