"""A learner's progressions: where the learner stands on each step, and placing the learner."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404, get_progression_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..standing import labels
from . import bp, placement, service
from .forms import PlacementForm
from .maps import draw_maps


@bp.route("/learners/<int:learner_id>/progressions")
@access.rule("learner")
def list_learner_progressions(learner_id: int):
    learner = get_learner_or_404(learner_id)
    staff = policy.is_staff(current_user)
    rows = placement.learner_progressions(learner, include_unplaced=staff)
    audit.record_learner_view(current_user, learner, "progressions")
    return render_template("progressions/learner_list.html", learner=learner, rows=rows, staff=staff,
                           may_place=policy.can_teach_learner(current_user, learner))


def _render_learner_page(learner, progression, form=None, status_code=200):
    current = placement.current_placement(learner.id, progression.id)
    status = placement.learner_status(learner.id, progression, current)
    staff = policy.is_staff(current_user)
    may_place = policy.can_teach_learner(current_user, learner)
    if may_place and form is None:
        form = PlacementForm(formdata=None, start_position=current.start_position if current else 1)
    if form is not None:
        form.set_choices(progression.steps)
    edges = service.step_prerequisites(progression)
    state_labels = labels.state_labels(plain=not staff)
    return render_template(
        "progressions/learner.html", learner=learner, progression=progression, placement=current,
        status=status, steps=status.by_competency(),
        competencies={step.competency_id: step.competency for step in progression.steps},
        maps=draw_maps(service.map_steps(progression, status, plain=not staff), edges, state_labels),
        history=placement.placement_history(learner.id, progression.id) if staff else [],
        form=form, may_place=may_place, staff=staff, is_self=learner.user_id == current_user.id,
        state_labels=state_labels,
    ), status_code


@bp.route("/learners/<int:learner_id>/progressions/<int:progression_id>")
@access.rule("learner")
def show_learner_progression(learner_id: int, progression_id: int):
    learner = get_learner_or_404(learner_id)
    progression = get_progression_or_404(progression_id)
    audit.record_learner_view(current_user, learner, "progression", progression_id=progression.id)
    return _render_learner_page(learner, progression)


@bp.route("/learners/<int:learner_id>/progressions/<int:progression_id>/placement", methods=["POST"])
@access.rule("learner_teacher")
def place_learner(learner_id: int, progression_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    progression = get_progression_or_404(progression_id)
    form = PlacementForm()
    form.set_choices(progression.steps)
    if not form.validate_on_submit():
        return _render_learner_page(learner, progression, form)
    try:
        placed = placement.place_learner(learner, progression, start_position=form.start_position.data,
                                         reason=form.reason.data, placed_by=current_user)
        db.session.flush()  # a racing placement's unique index answers here, inside the try
    except FieldProblem as problem:
        db.session.rollback()
        show_problem(form, problem)
        return _render_learner_page(learner, progression, form)
    except IntegrityError:
        db.session.rollback()
        flash(_("Someone else placed %(name)s on this progression at the same moment. "
                "Check the placement below and place again if needed.", name=learner.display_name), "error")
        return redirect(url_for("progressions.show_learner_progression", learner_id=learner.id,
                                progression_id=progression.id))
    step = progression.steps[placed.start_position - 1]
    flash(_("%(name)s now starts at step %(n)s (%(code)s).", name=learner.display_name,
            n=placed.start_position, code=service.competency_name(step.competency)), "success")
    return redirect(url_for("progressions.show_learner_progression", learner_id=learner.id,
                            progression_id=progression.id))
