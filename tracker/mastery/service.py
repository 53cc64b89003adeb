"""Reading mastery decisions. A learner's current decision on a competency is its latest one."""
from collections.abc import Iterable

from sqlalchemy import func, select

from ..extensions import db
from .models import MasteryDecision


def current_decisions(learner_ids: Iterable[int], competency_ids: Iterable[int] | None = None) -> dict:
    """{(learner_id, competency_id): MasteryDecision} with the latest decision of each pair, in one query."""
    learner_ids = list(learner_ids)
    if not learner_ids:
        return {}
    latest = (
        select(func.max(MasteryDecision.id).label("id"))
        .where(MasteryDecision.learner_id.in_(learner_ids))
        .group_by(MasteryDecision.learner_id, MasteryDecision.competency_id)
    )
    if competency_ids is not None:
        latest = latest.where(MasteryDecision.competency_id.in_(list(competency_ids)))
    rows = db.session.scalars(select(MasteryDecision).where(MasteryDecision.id.in_(latest.scalar_subquery())))
    return {(d.learner_id, d.competency_id): d for d in rows}


def mastered_competency_ids(learner_id: int) -> set[int]:
    """Competencies whose latest decision for this learner is "mastered"."""
    return {
        competency_id
        for (_learner, competency_id), decision in current_decisions([learner_id]).items()
        if decision.outcome == "mastered"
    }
