"""Evidence as it stood at the end of a past day: for the learner pages shown "as of" a day.

A piece counts when it was entered by then and not deleted by then, with the values it had then: an
edit keeps the state it replaces as an EvidenceVersion stamped with the moment of the edit, so the
state at the end of the day is the first version replaced after it, or the piece as it is now when it
has not been edited since. Its observed date must not be after the day either.
"""
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..timeutil import end_of
from .models import Artifact, Evidence, EvidenceVersion

VERSIONED = ("version", "level", "status", "observed_on", "feedback", "kind", "context", "link_url", "artifact_id")


def evidence_as_of(as_of: date, *conditions):
    """A subquery of the pieces (meeting `conditions` on Evidence) as they stood at the end of `as_of`:
    columns id, learner_id, competency_id, recorded_by_id and the VERSIONED ones, as they were then
    (the observed date may be after the day: callers keep `observed_on <= as_of`)."""
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


class PieceThen:
    """A piece of evidence as a page shows it on a past day: the VERSIONED fields as they were then, the
    rest as it is (who entered it, the learner's reflection and own view); not deleted (it was not then)."""

    deleted_at = None
    deleted_by = None

    def __init__(self, evidence: Evidence, values, artifact: Artifact | None):
        self._evidence, self._values, self.artifact = evidence, values, artifact

    def __getattr__(self, name):
        if name in VERSIONED:
            return self._values[name]
        return getattr(self._evidence, name)


def pieces_as_of(learner_id: int, competency_id: int, as_of: date) -> list[PieceThen]:
    """The learner's evidence on one competency as it stood at the end of `as_of`, oldest observation
    first (three statements: the pieces then, the records, the files they had then)."""
    stood = evidence_as_of(as_of, Evidence.learner_id == learner_id, Evidence.competency_id == competency_id)
    rows = db.session.execute(select(stood).where(stood.c.observed_on <= as_of)
                              .order_by(stood.c.observed_on, stood.c.id)).mappings().all()
    if not rows:
        return []
    records = {e.id: e for e in db.session.scalars(select(Evidence).where(Evidence.id.in_([r["id"] for r in rows]))
                                                   .options(joinedload(Evidence.recorded_by)))}
    files = {a.id: a for a in db.session.scalars(select(Artifact).where(
        Artifact.id.in_({r["artifact_id"] for r in rows if r["artifact_id"] is not None})))}
    return [PieceThen(records[row["id"]], row, files.get(row["artifact_id"])) for row in rows]
