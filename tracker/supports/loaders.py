"""Loaders for flags and interventions in URLs: 404 when missing, 403 when the policy refuses their learner."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..extensions import db
from .interventions import load_intervention
from .models import Intervention, SupportFlag


def _check(learner, teach: bool) -> None:
    allowed = policy.can_teach_learner if teach else policy.can_view_learner
    if not allowed(current_user, learner):
        abort(403)


def get_flag_or_404(flag_id: int, *, teach: bool = False) -> SupportFlag:
    """The flag, if the current user may see its learner (or teach it, with teach=True)."""
    flag = db.session.scalar(
        select(SupportFlag).where(SupportFlag.id == flag_id)
        .options(joinedload(SupportFlag.learner), joinedload(SupportFlag.competency),
                 joinedload(SupportFlag.progression)))
    if flag is None:
        abort(404)
    _check(flag.learner, teach)
    return flag


def get_intervention_or_404(intervention_id: int, *, teach: bool = False) -> Intervention:
    """The intervention, if the current user may see its learner (or teach it, with teach=True)."""
    intervention = load_intervention(intervention_id)
    if intervention is None:
        abort(404)
    _check(intervention.learner, teach)
    return intervention
