"""Progressions for staff: the list, the map, and the authoring pages (details, steps, prerequisites)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_or_404, get_progression_or_404
from ..competencies.forms import TRANSLATION_LANGUAGE
from ..competencies.models import Competency, Framework
from ..competencies.translation import set_translations
from ..extensions import db
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..rosters import members
from ..rosters.models import Term
from . import authoring, bp, placement, service
from .forms import AddStepForm, ConfirmForm, MoveStepForm, PrerequisiteForm, ProgressionForm
from .maps import draw_maps
from .models import Prerequisite, ProgressionStep


@bp.route("/progressions")
@access.rule("staff", learner_data=False)
def list_progressions():
    return render_template("progressions/list.html", rows=service.list_progressions())


@bp.route("/progressions/<int:progression_id>")
@access.rule("staff")
def show_progression(progression_id: int):
    progression = get_progression_or_404(progression_id)
    edges = service.step_prerequisites(progression)
    sections = policy.sections_taught(current_user)
    section = next((s for s in sections if s.id == posted_id(request.args.get("section"))),
                   sections[0] if sections else None)
    rows = placement.class_progress(progression, members.section_learners(section, include_inactive=False)) if section else []
    if section is not None:
        audit.record_learners_view(current_user, "progression", obj=section, progression_id=progression.id,
                                   learner_ids=[row.learner.id for row in rows])
    html = render_template(
        "progressions/show.html", progression=progression, prerequisites_of=service.prerequisite_names(edges),
        maps=draw_maps(service.map_steps(progression), edges),
        sections=sections, section=section, rows=rows,
    )
    return html


# Authoring ------------------------------------------------------------------------------------

def _require_author() -> None:
    if not policy.can_author_frameworks(current_user):
        abort(403)


def _details_form(progression=None) -> ProgressionForm:
    form = ProgressionForm(obj=progression)
    if progression is not None and request.method == "GET":
        form.term_id.data = progression.term_id or 0
        form.fill_translations(progression)
    form.set_choices(service.usable_frameworks(), service.usable_terms())
    return form


def _details_values(form: ProgressionForm) -> dict:
    framework = db.session.get(Framework, form.framework_id.data)
    term = db.session.get(Term, form.term_id.data) if form.term_id.data else None
    return {"framework": framework, "title": form.title.data, "description": form.description.data,
            "pace_mode": form.pace_mode.data, "weeks_per_step": form.weeks_per_step.data, "term": term,
            "active": form.active.data}


@bp.route("/progressions/new", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def new_progression():
    _require_author()
    form = _details_form()
    if request.method == "GET":
        form.framework_id.data = posted_id(request.args.get("framework")) or 0
    if form.validate_on_submit():
        try:
            progression = authoring.create_progression(**_details_values(form))
            set_translations(progression, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "progression.create", progression, title=progression.title)
            flash(_("Progression created. Now add its steps."), "success")
            return redirect(url_for("progressions.edit_progression", progression_id=progression.id))
    return render_template("progressions/new.html", form=form)


def _render_edit(progression, *, details=None, add_step=None, prerequisite=None,
                 date_errors=None, date_values=None):
    details = details or _details_form(progression)
    if add_step is None:
        add_step = AddStepForm(formdata=None)
    add_step.set_choices(progression.framework, service.addable_competencies(progression))
    if prerequisite is None:
        prerequisite = PrerequisiteForm(formdata=None)
    prerequisite.set_choices(progression.steps)
    edges = service.step_prerequisites(progression)
    return render_template(
        "progressions/edit.html", progression=progression, form=details, add_step=add_step,
        prerequisite=prerequisite, edges=edges, maps=draw_maps(service.map_steps(progression), edges),
        date_errors=dict(date_errors or []), date_values=date_values or {},
        frameworks_editable=progression.framework.is_editable,
        placed_count=placement.placement_count(progression),
    )


@bp.route("/progressions/<int:progression_id>/edit", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def edit_progression(progression_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    form = _details_form(progression)
    if form.validate_on_submit():
        try:
            authoring.update_progression(progression, **_details_values(form))
            set_translations(progression, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:  # raised before anything changes
            show_problem(form, problem)
        else:
            audit.record(current_user, "progression.update", progression, title=progression.title)
            flash(_("Progression saved."), "success")
            return redirect(url_for("progressions.edit_progression", progression_id=progression.id))
    return _render_edit(progression, details=form)


@bp.route("/progressions/<int:progression_id>/steps", methods=["POST"])
@access.rule("author")
def add_step(progression_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    form = AddStepForm()
    form.set_choices(progression.framework, service.addable_competencies(progression))
    if form.validate_on_submit():
        competency = db.session.get(Competency, form.competency_id.data)
        try:
            step = authoring.add_step(progression, competency)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "progression.add_step", progression, competency_id=competency.id,
                         position=step.position)
            flash(_("Added %(name)s as step %(n)s.", name=service.competency_name(competency),
                    n=step.position), "success")
            return redirect(url_for("progressions.edit_progression", progression_id=progression.id) + "#steps")
    return _render_edit(progression, add_step=form)


def _step_or_404(progression, step_id: int) -> ProgressionStep:
    step = next((s for s in progression.steps if s.id == step_id), None)
    if step is None:
        abort(404)
    return step


@bp.route("/progressions/<int:progression_id>/steps/<int:step_id>/move", methods=["POST"])
@access.rule("author")
def move_step(progression_id: int, step_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    step = _step_or_404(progression, step_id)
    form = MoveStepForm()
    if not form.validate_on_submit():
        flash(_("Choose whether to move the step up or down."), "error")
    elif authoring.move_step(progression, step, form.direction.data):
        audit.record(current_user, "progression.move_step", progression, competency_id=step.competency_id,
                     position=step.position)
        flash(_("%(name)s is now step %(n)s.", name=service.competency_name(step.competency),
                n=step.position), "success")
    return redirect(url_for("progressions.edit_progression", progression_id=progression.id) + "#steps")


@bp.route("/progressions/<int:progression_id>/steps/<int:step_id>/remove", methods=["POST"])
@access.rule("author")
def remove_step(progression_id: int, step_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    step = _step_or_404(progression, step_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("Nothing was removed: use the Remove button next to the step."), "error")
    else:
        name = service.competency_name(step.competency)
        audit.record(current_user, "progression.remove_step", progression, competency_id=step.competency_id,
                     position=step.position)
        authoring.remove_step(progression, step)
        flash(_("Removed %(name)s from the steps.", name=name), "success")
    return redirect(url_for("progressions.edit_progression", progression_id=progression.id) + "#steps")


@bp.route("/progressions/<int:progression_id>/target-dates", methods=["POST"])
@access.rule("author")
def save_target_dates(progression_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    if not ConfirmForm().validate_on_submit():  # the CSRF check; the dates are read below
        flash(_("The dates were not saved; please submit the form again."), "error")
        return redirect(url_for("progressions.edit_progression", progression_id=progression.id))
    raw = {step.id: request.form.get(f"target_date-{step.id}", "") for step in progression.steps}
    errors = authoring.set_target_dates(progression, raw)
    if errors:
        return _render_edit(progression, date_errors=errors, date_values=raw)
    audit.record(current_user, "progression.set_target_dates", progression)
    flash(_("Target dates saved."), "success")
    return redirect(url_for("progressions.edit_progression", progression_id=progression.id) + "#steps")


@bp.route("/progressions/<int:progression_id>/prerequisites", methods=["POST"])
@access.rule("author")
def add_prerequisite(progression_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    form = PrerequisiteForm()
    form.set_choices(progression.steps)
    if form.validate_on_submit():
        competency = db.session.get(Competency, form.competency_id.data)
        prerequisite = db.session.get(Competency, form.prerequisite_id.data)
        try:
            edge = authoring.add_prerequisite(competency, prerequisite)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "prerequisite.create", edge, competency_id=competency.id,
                         prerequisite_id=prerequisite.id)
            flash(_("%(after)s now needs %(before)s first.", after=service.competency_name(competency),
                    before=service.competency_name(prerequisite)), "success")
            return redirect(url_for("progressions.edit_progression", progression_id=progression.id)
                            + "#prerequisites")
    return _render_edit(progression, prerequisite=form)


@bp.route("/progressions/<int:progression_id>/prerequisites/<int:edge_id>/remove", methods=["POST"])
@access.rule("author")
def remove_prerequisite(progression_id: int, edge_id: int):
    progression = get_progression_or_404(progression_id, author=True)
    edge = get_or_404(Prerequisite, edge_id)
    if edge.competency_id not in {step.competency_id for step in progression.steps}:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Nothing was removed: use the Remove button next to the prerequisite."), "error")
    else:
        try:
            audit.record(current_user, "prerequisite.delete", edge, competency_id=edge.competency_id,
                         prerequisite_id=edge.prerequisite_id)
            authoring.remove_prerequisite(edge)
        except FieldProblem as problem:
            db.session.rollback()
            flash(problem.message, "error")
        else:
            flash(_("Prerequisite removed."), "success")
    return redirect(url_for("progressions.edit_progression", progression_id=progression.id) + "#prerequisites")
