"""The queries behind the standing engine: each one statement whatever the number of learners.

`learners` is a list of ids or a SELECT of learner ids throughout. `as_of` (a day, or None for now)
reads the records as they stood at the end of that day (UTC): the placements in effect then, the
decisions taken by then (they are append-only: a later one supersedes, never edits), the requests
open then and the evidence recorded by then and not yet deleted.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ..competencies.models import Competency
from ..dashboards.models import EvidenceSummary
from ..evidence.as_of import evidence_as_of
from ..evidence.models import Evidence
from ..extensions import db
from ..mastery.models import DecisionCitation, MasteryDecision, ValidationRequest
from ..progressions.models import Placement, Prerequisite, Progression, ProgressionStep
from ..progressions.rollup import TreeNode
from ..rosters.models import Learner
from ..settings import service as settings
from ..supports.pace import validate_thresholds
from ..timeutil import end_of


def learner_condition(column, learners):
    return column.in_(list(learners) if isinstance(learners, list | tuple | set) else learners)


def pairs_condition(learner_column, competency_column, pairs):
    """These (learner id, competency id) pairs exactly, as one OR per learner of its competencies: SQLite
    answers a row-value IN, `(learner_id, competency_id) IN (...)`, by scanning the whole table (77 ms on
    a grade's million pieces of evidence for three pairs), and the OR form with its index (3 ms)."""
    by_learner: dict[int, set[int]] = defaultdict(set)
    for learner_id, competency_id in pairs:
        by_learner[learner_id].add(competency_id)
    return or_(*(and_(learner_column == learner_id, competency_column.in_(sorted(competencies)))
                 for learner_id, competencies in sorted(by_learner.items())))


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


def current_placements(learners, *, framework_id: int | None = None, progression_id: int | None = None,
                       as_of: date | None = None):
    """Rows (learner_id, progression_id, start_position, placed_on, school_id) of the learners' current
    placements (school_id: the learner's school, whose calendar paces them), or those in effect at the
    end of `as_of`."""
    if as_of is None:
        in_effect = Placement.ended_at.is_(None)
    else:
        in_effect = (Placement.placed_on <= as_of) & (Placement.created_at < end_of(as_of)) & (
            Placement.ended_at.is_(None) | (Placement.ended_at >= end_of(as_of)))
    query = (select(Placement.learner_id, Placement.progression_id, Placement.start_position, Placement.placed_on,
                    Learner.school_id)
             .join(Learner, Learner.id == Placement.learner_id)
             .where(in_effect, learner_condition(Placement.learner_id, learners))
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


def current_outcomes(learners, framework_ids, *, as_of: date | None = None) -> dict[int, dict[int, tuple[str, date]]]:
    """{learner: {competency: (outcome, day)}} from each pair's latest decision (taken by the end of
    `as_of`, when given), in one query.

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
    if as_of is not None:
        chosen += (MasteryDecision.decided_at < end_of(as_of),)
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


def activity(learners, step_ids, *, as_of: date | None = None) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """({learner: steps with an open validation request}, {learner: steps with evidence}), in one
    statement. As of a day: the requests made by then and not decided by then (a withdrawn request
    keeps no date of its withdrawal, so it counts as never open), and the evidence as it stood then
    (evidence.as_of: read from the evidence and its versions, the summaries hold only the present)."""
    requested: dict[int, set[int]] = defaultdict(set)
    with_evidence: dict[int, set[int]] = defaultdict(set)
    if not step_ids:
        return requested, with_evidence
    open_requests = select(literal(True).label("requested"), ValidationRequest.learner_id,
                           ValidationRequest.competency_id).where(
        learner_condition(ValidationRequest.learner_id, learners), ValidationRequest.competency_id.in_(step_ids))
    if as_of is None:
        open_requests = open_requests.where(ValidationRequest.status == "open")
        evidence = select(literal(False).label("requested"), EvidenceSummary.learner_id,
                          EvidenceSummary.competency_id).where(
            learner_condition(EvidenceSummary.learner_id, learners), EvidenceSummary.competency_id.in_(step_ids),
            EvidenceSummary.evidence_count > 0)
    else:
        cutoff = end_of(as_of)
        decided_by_then = (select(MasteryDecision.id).where(MasteryDecision.request_id == ValidationRequest.id,
                                                            MasteryDecision.decided_at < cutoff).exists())
        open_requests = open_requests.where(ValidationRequest.status != "withdrawn",
                                            ValidationRequest.requested_at < cutoff, ~decided_by_then)
        stood = evidence_as_of(as_of, learner_condition(Evidence.learner_id, learners),
                               Evidence.competency_id.in_(step_ids))
        evidence = select(literal(False).label("requested"), stood.c.learner_id, stood.c.competency_id).where(
            stood.c.observed_on <= as_of).distinct()
    for is_request, lid, cid in db.session.execute(union_all(open_requests, evidence)):
        (requested if is_request else with_evidence)[lid].add(cid)
    return requested, with_evidence
