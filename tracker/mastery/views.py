"""The validator's pages: the queue, a request, and the decision on it."""
from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_validation_request_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..settings import service as settings
from ..timeutil import utcnow
from . import bp, service
from .estimates import METHOD_LABELS
from .forms import DecisionForm
from .queue import QueueFilters, open_queue
from .review import review_request

RECENT = timedelta(minutes=10)  # "decided a moment ago" rather than "already decided"


@bp.route("/validation")
@access.rule("validator_or_admin")
def show_queue():
    queue = open_queue(QueueFilters.from_args(request.args, current_user), per_page=current_app.config["PAGE_SIZE"],
                       learner_label=_("The learner (asked)"))
    audit.record_learners_view(current_user, "validation_queue", learner_ids=[row.learner.id for row in queue.rows],
                               filters=queue.filters.url_args(page=queue.filters.page))
    html = render_template("mastery/queue.html", queue=queue, method_labels=METHOD_LABELS)
    return html


def _render_request(review, form, *, status: int = 200, conflict=None):
    may_decide = policy.can_decide(current_user) and review.request.status == "open" and conflict is None
    conflict_recent = conflict is not None and utcnow() - conflict.decided_at < RECENT
    return render_template(
        "mastery/request.html", review=review, form=form, may_decide=may_decide, conflict=conflict,
        conflict_recent=conflict_recent, method_labels=METHOD_LABELS,
        allow_self_validation=settings.get("allow_self_validation"),
    ), status


@bp.route("/validation/requests/<int:request_id>")
@access.rule("validation_request")
def show_request(request_id: int):
    validation_request = get_validation_request_or_404(request_id)
    review = review_request(validation_request, current_user)
    audit.record_learner_view(current_user, validation_request.learner, "validation_request",
                              request_id=validation_request.id)
    return _render_request(review, DecisionForm().setup(review))


@bp.route("/validation/requests/<int:request_id>/decide", methods=["POST"])
@access.rule("validator")
def decide_request(request_id: int):
    validation_request = get_validation_request_or_404(request_id, conflict_since=utcnow() - RECENT)
    review = review_request(validation_request, current_user)
    form = DecisionForm().setup(review)
    if validation_request.status != "open":
        return _render_request(review, form, status=409, conflict=review.decision)
    if not form.validate_on_submit():
        return _render_request(review, form)
    try:
        decision = service.record_decision(
            validation_request, current_user, outcome=form.outcome.data, level=form.level.data,
            rationale=form.rationale.data, cited_ids=form.citations.data or [],
            supersede_reason=form.supersede_reason.data, seen_current_id=form.seen_current_id,
            override_rationale=form.override_rationale.data)
        db.session.flush()  # the unique index on a request's decision answers here, inside the try
    except FieldProblem as problem:
        db.session.rollback()
        show_problem(form, problem)
        return _render_request(review_request(validation_request, current_user), form)
    except service.RequestClosed as closed:
        db.session.rollback()
        return _render_request(review_request(closed.request, current_user), form, status=409,
                               conflict=closed.decision)
    except IntegrityError:
        # Another validator's decision reached the database first (unique request_id).
        db.session.rollback()
        winner = service.decision_for_request(request_id)
        if winner is None:  # a decision on another request superseded the same one first
            flash(_("Another decision on this competency was recorded a moment ago. Read it, "
                    "then decide again."), "warning")
            return redirect(url_for("mastery.show_request", request_id=request_id))
        validation_request = get_validation_request_or_404(request_id, conflict_since=utcnow() - RECENT)
        return _render_request(review_request(validation_request, current_user), form, status=409,
                               conflict=winner)
    learner = validation_request.learner
    if decision.outcome == "mastered":
        flash(_("Recorded: %(name)s has mastered %(code)s at level %(level)s.", name=learner.display_name,
                code=review.competency.code or review.competency.statement, level=decision.level), "success")
    else:
        flash(_("Recorded: %(name)s is not yet there on %(code)s.", name=learner.display_name,
                code=review.competency.code or review.competency.statement), "success")
    return redirect(url_for("mastery.show_queue"))
