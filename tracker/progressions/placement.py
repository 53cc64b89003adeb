"""Placing learners on progressions, and where they stand: thin database wrappers round states.py."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..audit.service import record
from ..extensions import db
from ..form_helpers import FieldProblem
from ..mastery.service import current_decisions, mastered_competency_ids
from ..rosters.models import Learner
from ..timeutil import utcnow
from .models import Placement, Progression, ProgressionStep
from .rollup import prepared, rolled_up_mastery
from .service import framework_tree, graph_of, step_prerequisites
from .states import ProgressionStatus, progression_status


def current_placement(learner_id: int, progression_id: int) -> Placement | None:
    return db.session.scalar(
        select(Placement).where(Placement.learner_id == learner_id, Placement.progression_id == progression_id,
                                Placement.ended_at.is_(None))
        .options(selectinload(Placement.placed_by))
        .order_by(Placement.id.desc()).limit(1)
    )


def placement_count(progression: Progression) -> int:
    """How many learners are placed on the progression now."""
    return db.session.scalar(select(func.count(Placement.id)).where(
        Placement.progression_id == progression.id, Placement.ended_at.is_(None))) or 0


def placement_history(learner_id: int, progression_id: int) -> list[Placement]:
    """Every placement of the learner on the progression, newest first."""
    return list(db.session.scalars(
        select(Placement).where(Placement.learner_id == learner_id, Placement.progression_id == progression_id)
        .options(selectinload(Placement.placed_by))
        .order_by(Placement.id.desc())
    ))


def place_learner(learner: Learner, progression: Progression, *, start_position: int, reason: str,
                  placed_by) -> Placement:
    """Place the learner at a starting step, ending any current placement on the progression.

    Steps before the start count as placed past. Records who placed and why, and audits it.
    """
    if not progression.active:
        raise FieldProblem("start_position", _("This progression is not in use. An author can put it back in "
                                               "use on its edit page."))
    if not progression.steps:
        raise FieldProblem("start_position", _("This progression has no steps yet."))
    if not 1 <= start_position <= len(progression.steps):
        raise FieldProblem("start_position", _("Choose a step between 1 and %(n)s.", n=len(progression.steps)))
    reason = (reason or "").strip()
    if not reason:
        raise FieldProblem("reason", _("Say why the learner starts here, for example what a diagnostic showed."))
    now = utcnow()
    previous = current_placement(learner.id, progression.id)
    if previous is not None:
        previous.ended_at = now
        db.session.flush()  # end the old one before the new one exists (one current placement)
    placement = Placement(learner=learner, progression=progression, start_position=start_position,
                          reason=reason, placed_by=placed_by, placed_on=now.date(), created_at=now)
    db.session.add(placement)
    db.session.flush()
    record(placed_by, "placement.create", placement, progression_id=progression.id,
           start_position=start_position, previous_placement_id=previous.id if previous else None)
    return placement


def learner_status(learner_id: int, progression: Progression,
                   placement: Placement | None = None) -> ProgressionStatus:
    """Each step's state for the learner: mastered (by decision or roll-up), open, locked, placed past."""
    if placement is None:
        placement = current_placement(learner_id, progression.id)
    steps, pairs, names = graph_of(progression, step_prerequisites(progression))
    mastered = rolled_up_mastery(framework_tree(progression.framework_id), mastered_competency_ids(learner_id))
    start = placement.start_position if placement is not None else 1
    return progression_status(steps, pairs, mastered, start_position=start, names=names)


@dataclass
class LearnerRow:
    learner: Learner
    placement: Placement | None
    status: ProgressionStatus


def class_progress(progression: Progression, learners: list[Learner]) -> list[LearnerRow]:
    """Every learner's status on the progression in a fixed number of queries, whatever their number."""
    learner_ids = [learner.id for learner in learners]
    edges = step_prerequisites(progression)
    steps, pairs, names = graph_of(progression, edges)
    tree = framework_tree(progression.framework_id)
    placements = {}
    if learner_ids:
        for placement in db.session.scalars(
            select(Placement).where(Placement.learner_id.in_(learner_ids),
                                    Placement.progression_id == progression.id,
                                    Placement.ended_at.is_(None))
            .order_by(Placement.id)
        ):
            placements[placement.learner_id] = placement
    decided: dict[int, set[int]] = {learner_id: set() for learner_id in learner_ids}
    for (learner_id, competency_id), decision in current_decisions(
            learner_ids, [node.id for node in tree]).items():
        if decision.outcome == "mastered":
            decided[learner_id].add(competency_id)
    rows = []
    tree = prepared(tree)  # ordered once for every learner
    for learner in learners:
        placement = placements.get(learner.id)
        start = placement.start_position if placement is not None else 1
        status = progression_status(steps, pairs, rolled_up_mastery(tree, decided[learner.id]),
                                    start_position=start, names=names)
        rows.append(LearnerRow(learner=learner, placement=placement, status=status))
    return rows


@dataclass
class LearnerProgression:
    progression: Progression
    placement: Placement | None
    status: ProgressionStatus | None


def learner_progressions(learner: Learner, *, include_unplaced: bool = False) -> list[LearnerProgression]:
    """The progressions the learner is placed on, with where the learner stands on each; with
    include_unplaced, also the progressions in use that the learner is not placed on yet."""
    placements = {p.progression_id: p for p in db.session.scalars(
        select(Placement).where(Placement.learner_id == learner.id, Placement.ended_at.is_(None)))}
    query = select(Progression).options(selectinload(Progression.framework),
                                        selectinload(Progression.steps).selectinload(ProgressionStep.competency))
    if include_unplaced:
        query = query.where((Progression.active.is_(True)) | (Progression.id.in_(list(placements))))
    else:
        query = query.where(Progression.id.in_(list(placements)))
    rows = []
    for progression in db.session.scalars(query.order_by(Progression.title)):
        current = placements.get(progression.id)
        status = learner_status(learner.id, progression, current) if current is not None else None
        rows.append(LearnerProgression(progression=progression, placement=current, status=status))
    return rows
