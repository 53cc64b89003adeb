"""Loaders for evidence and artifacts in URLs: 404 when missing (or deleted, except for admins),
403 when the policy refuses the learner the object belongs to."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..auth.loaders import get_or_404
from ..extensions import db
from .models import Artifact, Evidence, EvidenceVersion


def get_evidence_or_404(evidence_id: int, *, teach: bool = False) -> Evidence:
    """The evidence, if the current user may see its learner (or teach it, with teach=True).

    Deleted evidence exists only for admins.
    """
    evidence = db.session.scalar(
        select(Evidence).where(Evidence.id == evidence_id)
        .options(joinedload(Evidence.learner), joinedload(Evidence.recorded_by),
                 joinedload(Evidence.artifact))
    )
    if evidence is None or (evidence.deleted_at is not None and not policy.is_admin(current_user)):
        abort(404)
    allowed = policy.can_teach_learner if teach else policy.can_view_learner
    if not allowed(current_user, evidence.learner):
        abort(403)
    return evidence


def get_artifact_or_404(artifact_id: int) -> tuple[Artifact, Evidence]:
    """The artifact and a piece of evidence holding it (now or in an earlier version) whose
    learner the current user may see. An artifact that belongs to no visible evidence is 404;
    one whose evidence belongs to a learner the user may not see is 403."""
    artifact = get_or_404(Artifact, artifact_id)
    holders = list(db.session.scalars(
        select(Evidence)
        .where(Evidence.id.in_(
            select(Evidence.id).where(Evidence.artifact_id == artifact.id)
            .union(select(EvidenceVersion.evidence_id).where(EvidenceVersion.artifact_id == artifact.id))
        ))
        .options(joinedload(Evidence.learner))
        .order_by(Evidence.id)
    ))
    if not policy.is_admin(current_user):
        holders = [e for e in holders if e.deleted_at is None]
    if not holders:
        abort(404)
    for evidence in holders:
        if policy.can_view_learner(current_user, evidence.learner):
            return artifact, evidence
    abort(403)
