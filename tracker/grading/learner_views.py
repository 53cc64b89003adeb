"""A learner's credits and report-card grades, each explained, with the learner's what-if; and a
teacher's hand-set level on one of the course's competencies (mastery.teacher_levels)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404
from ..dashboards.learner_pages import as_of_choice, as_of_context, as_of_detail
from ..extensions import db
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..mastery import teacher_levels
from . import bp, service, words
from .choices import choose
from .forms import TeacherLevelForm


def _render_grades(learner, chosen, form=None, status: int = 200, as_of=None, as_of_problem=None):
    levels = service.course_levels([learner.id], chosen.credits, as_of=as_of) if chosen.credits else {}
    credit_lines = service.credit_lines([learner.id], chosen.credits, levels=levels).get(learner.id, [])
    line = answer = None
    asked = []
    if chosen.credit is not None and chosen.scheme is not None:
        line = service.grade_lines([learner.id], chosen.credit, chosen.scheme, levels=levels)[learner.id]
        asked_ids = {posted_id(value) for value in request.args.getlist("if")} - {None}
        asked = [level for level in line.levels if level.competency_id in asked_ids and not level.mastered]
        if asked:
            answer = service.what_if(line, chosen.scheme, [level.competency_id for level in asked])
    if form is None and line is not None and as_of is None and policy.can_teach_learner(current_user, learner):
        form = TeacherLevelForm(formdata=None)
    if form is not None and line is not None:
        form.competency_id.choices = [(0, _("Choose a competency"))] + [
            (level.competency_id, level.name) for level in line.levels]
    audit.record_learner_view(current_user, learner, "grades", credit_id=chosen.credit.id if chosen.credit else None,
                              **as_of_detail(as_of))
    return render_template(
        "grading/learner.html", learner=learner, chosen=chosen, credit_lines=credit_lines, line=line,
        asked=asked, answer=answer, is_self=learner.user_id is not None and learner.user_id == current_user.id,
        level_form=form, rule_words=words.rule_words, check_words=words.check_words,
        evidence_words=words.evidence_words, **as_of_context(as_of, as_of_problem)), status


@bp.route("/learners/<int:learner_id>/grades")
@access.rule("learner")
def show_learner_grades(learner_id: int):
    as_of, problem = as_of_choice(request.args.get("as_of"))
    return _render_grades(get_learner_or_404(learner_id), choose(request.args), as_of=as_of, as_of_problem=problem)


def _back(learner, chosen):
    return redirect(url_for("grading.show_learner_grades", learner_id=learner.id,
                            **{k: v for k, v in chosen.args().items() if v}))


def _course_competency(chosen, competency_id):
    parts = chosen.credit.parts if chosen.credit is not None else []
    return next((part.competency for part in parts if part.competency_id == competency_id), None)


@bp.route("/learners/<int:learner_id>/teacher-level", methods=["POST"])
@access.rule("learner_teacher")
def set_teacher_level(learner_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    chosen = choose(request.form)
    form = TeacherLevelForm()
    form.competency_id.choices = [(0, "")] + [(p.competency_id, "") for p in (chosen.credit.parts if chosen.credit else [])]
    if not form.validate_on_submit():
        return _render_grades(learner, chosen, form, 400)
    competency = _course_competency(chosen, form.competency_id.data)
    try:
        teacher_levels.set_level(current_user, learner, competency, level=form.level.data, reason=form.reason.data,
                                 keep=form.keep.data)
    except FieldProblem as problem:
        db.session.rollback()
        show_problem(form, problem)
        return _render_grades(learner, chosen, form, 400)
    flash(_("The level is set; it shows marked as set by you."), "success")
    return _back(learner, chosen)


@bp.route("/learners/<int:learner_id>/teacher-level/remove", methods=["POST"])
@access.rule("learner_teacher")
def remove_teacher_level(learner_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    chosen = choose(request.form)
    competency = _course_competency(chosen, posted_id(request.form.get("competency_id")))
    if competency is not None and teacher_levels.remove_level(current_user, learner, competency) is not None:
        flash(_("The level set by hand is removed; the estimate shows again."), "success")
    return _back(learner, chosen)
