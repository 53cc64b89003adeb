"""Loaders for objects in URLs: 404 when it does not exist, 403 when the policy says no."""
from flask import abort
from flask_login import current_user

from ..extensions import db
from . import policy


def get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def get_learner_or_404(learner_id: int, *, teach: bool = False):
    """The learner, if the current user may see it (or teach it, with teach=True)."""
    from ..rosters.models import Learner

    learner = get_or_404(Learner, learner_id)
    allowed = policy.can_teach_learner if teach else policy.can_view_learner
    if not allowed(current_user, learner):
        abort(403)
    return learner


def get_section_or_404(section_id: int):
    from ..rosters.models import Section

    section = get_or_404(Section, section_id)
    if not policy.can_view_section(current_user, section):
        abort(403)
    return section
