"""A learner's decision history: every decision, who made it, why, and what replaced it."""
from flask import render_template
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_learner_or_404
from . import bp
from .estimates import METHOD_LABELS
from .history import decision_history


@bp.route("/learners/<int:learner_id>/decisions")
@access.rule("learner")
def show_decisions(learner_id: int):
    learner = get_learner_or_404(learner_id)
    history = decision_history(learner.id)
    audit.record_learner_view(current_user, learner, "decisions")
    return render_template("mastery/decisions.html", learner=learner, history=history,
                           method_labels=METHOD_LABELS)
