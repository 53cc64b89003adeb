"""Framework and competency pages: list, tree, forms, versions, the student-facing view."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_competency_or_404, get_framework_or_404
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..mastery import method_comparisons
from . import bp, service
from .forms import LABELS, TRANSLATION_LANGUAGE, CompetencyForm, FrameworkForm, rubric_form_class
from .scales import ensure_default_scales, list_scales
from .translation import set_translations, translations_of
from .versions import create_new_version

MAX_QUERY = 200
PLACEHOLDER_ID = 2_147_000_001  # stands for a competency id in URL patterns


def _require_author() -> None:
    if not policy.can_author_frameworks(current_user):
        abort(403)


def _scale_choices(form) -> None:
    scales = list_scales() or list(ensure_default_scales().values())
    form.scale_id.choices = [(scale.id, scale.name) for scale in scales]


@bp.route("/frameworks")
@access.rule("staff", learner_data=False)
def list_frameworks():
    return render_template("competencies/frameworks.html", frameworks=service.list_frameworks())


@bp.route("/frameworks/new", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def create_framework():
    _require_author()
    form = FrameworkForm()
    _scale_choices(form)
    if form.validate_on_submit():
        try:
            framework = service.create_framework(form.data_for_service())
            set_translations(framework, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "framework.create", framework)
            flash(_("Framework created. Add its competencies, or import them from a CSV file."), "success")
            return redirect(url_for("competencies.show_framework", framework_id=framework.id))
    return render_template("competencies/framework_form.html", form=form, framework=None)


@bp.route("/frameworks/<int:framework_id>")
@access.rule("staff", learner_data=False)
def show_framework(framework_id: int):
    framework = get_framework_or_404(framework_id)
    q = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    roots, matches, total = service.framework_tree(framework, q)
    can_edit = policy.can_edit_framework(current_user, framework)
    return render_template("competencies/framework.html", framework=framework, roots=roots, q=q,
                           matches=matches, total=total, can_edit=can_edit,
                           can_author=policy.can_author_frameworks(current_user),
                           method_label=LABELS["methods"].get(framework.estimate_method, framework.estimate_method),
                           methods=method_comparisons.panel(framework), method_labels=LABELS["methods"],
                           tree=tree_context(framework, can_edit, expand=request.args.get("expand") == "1"))


@bp.route("/frameworks/<int:framework_id>/method-comparison", methods=["POST"])
@access.rule("author", learner_data=False)
def compare_methods(framework_id: int):
    """Queue a replay of the framework's evidence with every estimate method (the page shows the result)."""
    _require_author()
    framework = get_framework_or_404(framework_id)
    method_comparisons.queue_run(framework, current_user)
    audit.record(current_user, "framework.compare_methods", framework)
    flash(_("The comparison is being computed: reload this page in a minute to see it."), "success")
    return redirect(url_for("competencies.show_framework", framework_id=framework.id, _anchor="methods-heading"))


def tree_context(framework, can_edit: bool, expand: bool) -> dict:
    """What every node of the tree template needs, translated and built once per page."""
    def pattern(endpoint, **values):
        return url_for(endpoint, **values).replace(str(PLACEHOLDER_ID), "{id}")

    return {
        "can_edit": can_edit, "expand": expand, "needs": service.prerequisite_labels(framework),
        "kinds": {key: str(label) for key, label in LABELS["kinds"].items()},
        "depths": {key: str(label) for key, label in LABELS["depths"].items()},
        "words": {"match": _("match"), "needs_first": _("Needs first:"), "student_statement": _("Student statement:"),
                  "depth": _("Depth"), "cross_cutting": _("Cross-cutting"),
                  "rollup_all": _("Mastered when all children are"), "edit": _("Edit"), "rubric": _("Rubric"),
                  "add_under": _("Add under it")},
        "urls": {"edit": pattern("competencies.edit_competency", competency_id=PLACEHOLDER_ID),
                 "rubric": pattern("competencies.edit_rubric", competency_id=PLACEHOLDER_ID),
                 "add_under": pattern("competencies.create_competency", framework_id=framework.id,
                                      parent_id=PLACEHOLDER_ID)},
    }


@bp.route("/frameworks/<int:framework_id>/edit", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def edit_framework(framework_id: int):
    framework = get_framework_or_404(framework_id, edit=True)
    form = FrameworkForm(obj=framework)
    _scale_choices(form)
    if request.method == "GET":
        form.fill_translations(framework)
    if form.validate_on_submit():
        try:
            service.update_framework(framework, form.data_for_service())
            set_translations(framework, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "framework.update", framework, status=framework.status)
            flash(_("Framework saved."), "success")
            return redirect(url_for("competencies.show_framework", framework_id=framework.id))
    return render_template("competencies/framework_form.html", form=form, framework=framework)


@bp.route("/frameworks/<int:framework_id>/new-version", methods=["POST"])
@access.rule("author")
def create_version(framework_id: int):
    framework = get_framework_or_404(framework_id, author=True)
    try:
        copy = create_new_version(framework)
    except service.FrameworkLocked as problem:
        flash(str(problem), "warning")
        return redirect(url_for("competencies.show_framework", framework_id=framework.id))
    audit.record(current_user, "framework.new_version", copy, previous=framework.id)
    flash(_("Version %(version)s is a draft copy: change it, then publish it.", version=copy.version), "success")
    return redirect(url_for("competencies.show_framework", framework_id=copy.id))


@bp.route("/frameworks/<int:framework_id>/retire", methods=["POST"])
@access.rule("author")
def retire_framework(framework_id: int):
    framework = get_framework_or_404(framework_id, author=True)
    try:
        service.retire_framework(framework)
    except service.FrameworkLocked as problem:
        flash(str(problem), "warning")
    else:
        audit.record(current_user, "framework.retire", framework)
        flash(_("The framework is retired. It stays readable, and its evidence is kept."), "success")
    return redirect(url_for("competencies.show_framework", framework_id=framework.id))


def _competency_form(framework, competency=None):
    form = CompetencyForm(obj=competency)
    form.parent_id.choices = [(None, _("(top level)"))] + service.parent_choices(framework, competency)
    if competency is None and request.method == "GET":
        form.parent_id.data = posted_id(request.args.get("parent_id"))
    if competency is not None and request.method == "GET":
        form.position.data = None  # blank: keep its place
        form.fill_translations(competency)
    return form


@bp.route("/frameworks/<int:framework_id>/competencies/new", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def create_competency(framework_id: int):
    framework = get_framework_or_404(framework_id, edit=True)
    form = _competency_form(framework)
    if form.validate_on_submit():
        try:
            competency = service.save_competency(framework, form.data_for_service())
            set_translations(competency, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            flash(_("Competency added."), "success")
            return redirect(url_for("competencies.show_framework", framework_id=framework.id,
                                    _anchor=f"competency-{competency.id}"))
    return render_template("competencies/competency_form.html", form=form, framework=framework, competency=None)


@bp.route("/competencies/<int:competency_id>/edit", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def edit_competency(competency_id: int):
    competency = get_competency_or_404(competency_id, edit=True)
    framework = competency.framework
    form = _competency_form(framework, competency)
    if form.validate_on_submit():
        try:
            service.save_competency(framework, form.data_for_service(), competency)
            set_translations(competency, TRANSLATION_LANGUAGE, form.translations(), by=current_user)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            flash(_("Competency saved."), "success")
            return redirect(url_for("competencies.show_framework", framework_id=framework.id,
                                    _anchor=f"competency-{competency.id}"))
    return render_template("competencies/competency_form.html", form=form, framework=framework,
                           competency=competency)


@bp.route("/competencies/<int:competency_id>/rubric", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def edit_rubric(competency_id: int):
    competency = get_competency_or_404(competency_id, edit=True)
    levels = competency.framework.scale.levels
    spanish = f"_{TRANSLATION_LANGUAGE}"
    form = rubric_form_class(levels)(data={
        **{f"level_{d.level_number}": d.descriptor for d in competency.rubric},
        **{f"level_{d.level_number}{spanish}": translations_of(d, TRANSLATION_LANGUAGE).get("descriptor")
           for d in competency.rubric}})
    if form.validate_on_submit():
        try:
            service.save_rubric(competency, {level.number: form[f"level_{level.number}"].data for level in levels},
                                {level.number: form[f"level_{level.number}{spanish}"].data for level in levels},
                                TRANSLATION_LANGUAGE)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            flash(_("Rubric saved."), "success")
            return redirect(url_for("competencies.show_framework", framework_id=competency.framework_id,
                                    _anchor=f"competency-{competency.id}"))
    return render_template("competencies/rubric_form.html", form=form, competency=competency, levels=levels)


@bp.route("/frameworks/<int:framework_id>/student")
@access.rule("signed_in", learner_data=False)
def student_framework(framework_id: int):
    """What students and families see: "I can" statements and the rubric of each competency."""
    framework = get_framework_or_404(framework_id)
    if not policy.can_view_student_framework(current_user, framework):
        return render_template("competencies/not_published.html", framework=framework)
    roots, _matches, total = service.framework_tree(framework)
    return render_template("competencies/student_framework.html", framework=framework, roots=roots,
                           total=total, labels=LABELS, rubrics=service.rubrics_by_competency(framework),
                           levels=framework.scale.levels)
