"""Evidence as it stood at the end of a past day: for the learner pages shown "as of" a day.

A piece counts when it was entered by then and not deleted by then, with the values it had then: an
edit keeps the state it replaces as an EvidenceVersion stamped with the moment of the edit, so the
state at the end of the day is the first version replaced after it, or the piece as it is now when it
has not been edited since. Its observed date must not be after the day either.
"""
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ..timeutil import end_of
from .models import Evidence, EvidenceVersion

VERSIONED = ("level", "status", "observed_on", "feedback")


def evidence_as_of(as_of: date, *conditions):
    """A subquery of the pieces (meeting `conditions` on Evidence) as they stood at the end of `as_of`:
    columns id, learner_id, competency_id, recorded_by_id and the VERSIONED ones, as they were then."""
    cutoff = end_of(as_of)
    replaced_later = (select(EvidenceVersion.evidence_id, func.min(EvidenceVersion.version).label("version"))
                      .where(EvidenceVersion.changed_at >= cutoff).group_by(EvidenceVersion.evidence_id).subquery())
    then = aliased(EvidenceVersion)

    def as_then(name: str):
        return case((then.id.is_not(None), getattr(then, name)), else_=getattr(Evidence, name)).label(name)

    stood = (select(Evidence.id, Evidence.learner_id, Evidence.competency_id, Evidence.recorded_by_id,
                    *(as_then(name) for name in VERSIONED))
             .outerjoin(replaced_later, replaced_later.c.evidence_id == Evidence.id)
             .outerjoin(then, (then.evidence_id == replaced_later.c.evidence_id)
                        & (then.version == replaced_later.c.version))
             .where(Evidence.created_at < cutoff, Evidence.deleted_at.is_(None) | (Evidence.deleted_at >= cutoff),
                    *conditions)
             .subquery("evidence_then"))
    return stood
