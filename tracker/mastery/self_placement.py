"""Entry at several levels for educators (issue 21): an educator rates themselves per badge domain
against the badge descriptors; their coach confirms each rating (or sets another level), and the
confirmed level places them, so an experienced teacher does not start at Explorer.

A confirmed level at or above the scale's mastery threshold is a coach's mastery decision, at that
level, on the educator's step in the domain (the step of their path under that domain, else the
domain itself): the step reads mastered on every page and its badge can be issued, like any
decision. A confirmed level below mastery is the coach's hand-set level on that competency, kept
(mastery.teacher_levels), so it shows where the educator starts without claiming mastery.
"""
from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import service as audit
from ..auth import policy
from ..competencies.domains import Domain, domains_of
from ..competencies.models import Competency, Framework
from ..extensions import db
from ..form_helpers import FieldProblem
from ..progressions.models import Placement, Progression, ProgressionStep
from ..timeutil import utcnow
from . import teacher_levels
from .models import MasteryDecision
from .self_assessment_model import CONFIRMED, REPLACED, WAITING, SelfAssessment

NOTE_MAX = 1000
CONFIRMED_RATIONALE = "Placed at this level from the educator's self-assessment against the badge descriptors, " \
                      "confirmed by their coach."


def educator_framework(learner) -> Framework | None:
    """The educator framework of the learner's current placement (the first, by title)."""
    return db.session.scalar(
        select(Framework).join(Progression, Progression.framework_id == Framework.id)
        .join(Placement, Placement.progression_id == Progression.id)
        .where(Placement.learner_id == learner.id, Placement.ended_at.is_(None),
               Framework.is_educator_framework.is_(True))
        .order_by(Framework.title, Framework.id).limit(1))


def waiting(learner_id: int) -> list[SelfAssessment]:
    """The learner's self-assessments waiting for their coach, by domain order (code)."""
    rows = db.session.scalars(select(SelfAssessment).where(
        SelfAssessment.learner_id == learner_id, SelfAssessment.status == WAITING))
    return sorted(rows, key=lambda row: (row.competency.position, row.competency.code or "", row.id))


def submit(actor, learner, framework: Framework, ratings: dict[int, int | None], note: str | None
           ) -> list[SelfAssessment]:
    """Record the educator's levels ({domain competency id: level or None for "not rated"}).
    Refuses (FieldProblem) a self-assessment with no level at all, a level off the scale, or a
    domain not of the framework; nothing is saved then. A domain rated again replaces its
    waiting rating."""
    domains = {domain.competency.id for domain in domains_of(framework)}
    scale = framework.scale
    chosen = {cid: level for cid, level in ratings.items() if level is not None}
    if not chosen:
        raise FieldProblem("levels", _("Choose your level in at least one domain."))
    for cid, level in chosen.items():
        if cid not in domains:
            raise FieldProblem("levels", _("That domain is not part of %(title)s.", title=framework.title))
        if not scale.min_level <= level <= scale.max_level:
            raise FieldProblem("levels", _("A level must be between %(low)s and %(high)s.",
                                           low=scale.min_level, high=scale.max_level))
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise FieldProblem("note", _("Keep the note under %(n)s characters.", n=NOTE_MAX))
    for row in db.session.scalars(select(SelfAssessment).where(
            SelfAssessment.learner_id == learner.id, SelfAssessment.status == WAITING,
            SelfAssessment.competency_id.in_(list(chosen)))):
        row.status = REPLACED
    rows = [SelfAssessment(learner_id=learner.id, competency_id=cid, level=level, note=note, status=WAITING)
            for cid, level in chosen.items()]
    db.session.add_all(rows)
    db.session.flush()
    audit.record(actor, "self_assessment.submitted", learner, levels={str(r.competency_id): r.level for r in rows})
    return rows


def _step_in(domain: Domain, learner) -> int:
    """The competency the educator's path walks in the domain (its first step there), else the domain."""
    step = db.session.scalar(
        select(ProgressionStep.competency_id).join(Placement, Placement.progression_id == ProgressionStep.progression_id)
        .where(Placement.learner_id == learner.id, Placement.ended_at.is_(None),
               ProgressionStep.competency_id.in_(list(domain.member_ids)))
        .order_by(ProgressionStep.position).limit(1))
    return step if step is not None else domain.competency.id


def confirm(actor, learner, framework: Framework, levels: dict[int, int | None]) -> int:
    """The coach confirms waiting self-assessments ({row id: the level the coach confirms}); a row
    left out, or given None, stays waiting. Refuses a member of staff who does not coach the
    educator, a level off the scale, and a level from mastery up by a coach who does not validate
    (nothing is changed then). Returns how many were confirmed."""
    if not policy.coaches_educator(actor, learner.id):
        raise FieldProblem("levels", _("Only the educator's coach confirms a self-assessment."))
    scale = framework.scale
    rows = {row.id: row for row in waiting(learner.id)}
    chosen = {rid: level for rid, level in levels.items() if level is not None and rid in rows}
    for level in chosen.values():
        if not scale.min_level <= level <= scale.max_level:
            raise FieldProblem("levels", _("A level must be between %(low)s and %(high)s.",
                                           low=scale.min_level, high=scale.max_level))
        if level >= scale.mastery_threshold and not policy.can_decide(actor):
            raise FieldProblem("levels", _("A level from mastery up is a validator's decision: a coach who "
                                           "validates confirms it. Nothing was changed."))
    domains = {domain.competency.id: domain for domain in domains_of(framework)}
    now = utcnow()
    for rid, level in chosen.items():
        row = rows[rid]
        competency_id = _step_in(domains[row.competency_id], learner) if row.competency_id in domains \
            else row.competency_id
        if level >= scale.mastery_threshold:
            _decide(actor, learner, competency_id, level, now)
        else:
            competency = db.session.get(Competency, competency_id)
            teacher_levels.set_level(actor, learner, competency, level=level, keep=True,
                                     reason=_("Self-assessment confirmed by the coach"))
        row.status, row.confirmed_level, row.confirmed_by_id, row.confirmed_at = CONFIRMED, level, actor.id, now
        audit.record(actor, "self_assessment.confirmed", learner, domain_id=row.competency_id,
                     claimed=row.level, confirmed=level, competency_id=competency_id)
    db.session.flush()
    return len(chosen)


def _decide(actor, learner, competency_id: int, level: int, now) -> None:
    from .service import current_decision

    current = current_decision(learner.id, competency_id)
    if current is not None and current.outcome == "mastered" and (current.level or 0) >= level:
        return  # already there
    db.session.add(MasteryDecision(
        learner_id=learner.id, competency_id=competency_id, validator_id=actor.id, outcome="mastered", level=level,
        rationale=CONFIRMED_RATIONALE, supersedes_id=current.id if current is not None else None,
        supersede_reason="Placement from a confirmed self-assessment." if current is not None else None,
        decided_at=now))
