"""Proficiency scale pages: list, create, edit."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_scale_or_404
from ..form_helpers import FieldProblem, show_problem
from . import bp
from .forms import TRANSLATION_LANGUAGE, ScaleForm
from .scales import ensure_default_scales, list_scales, save_level_translations, save_scale, scale_is_locked
from .translation import translations_of

BLANK_LEVEL_ROWS = 2


@bp.route("/scales")
@access.rule("staff", learner_data=False)
def list_scales_page():
    scales = list_scales()
    if not scales:
        ensure_default_scales()
        scales = list_scales()
    return render_template("competencies/scales.html", scales=scales,
                           can_author=policy.can_author_frameworks(current_user))


def _save(form, scale):
    try:
        saved = save_scale(scale, name=form.name.data, description=form.description.data,
                           mastery_threshold=form.mastery_threshold.data, levels=form.level_rows())
        save_level_translations(saved, form.spanish_labels(), TRANSLATION_LANGUAGE)
    except FieldProblem as problem:
        show_problem(form, problem)
        return None
    audit.record(current_user, "scale.save", saved)
    flash(_("Scale saved."), "success")
    return redirect(url_for("competencies.list_scales_page"))


def _add_blank_rows(form) -> None:
    if request.method == "GET":
        for _n in range(BLANK_LEVEL_ROWS):
            form.levels.append_entry()


@bp.route("/scales/new", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def create_scale():
    if not policy.can_author_frameworks(current_user):
        abort(403)
    form = ScaleForm()
    if request.method == "GET":
        form.levels.entries = []
        form.levels.last_index = -1
        for number in (1, 2, 3, 4):
            form.levels.append_entry({"number": number})
        form.mastery_threshold.data = 3
    if form.validate_on_submit() and (response := _save(form, None)):
        return response
    return render_template("competencies/scale_form.html", form=form, scale=None, locked=False)


@bp.route("/scales/<int:scale_id>/edit", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def edit_scale(scale_id: int):
    scale = get_scale_or_404(scale_id, author=True)
    locked = scale_is_locked(scale)
    form = ScaleForm(obj=scale if request.method == "GET" else None)
    if request.method == "GET":
        form.levels.entries = []
        form.levels.last_index = -1
        for level in scale.levels:
            form.levels.append_entry({"number": level.number, "label": level.label, "descriptor": level.descriptor,
                                      "label_es": translations_of(level, TRANSLATION_LANGUAGE).get("label")})
        if not locked:
            _add_blank_rows(form)
    if form.validate_on_submit() and (response := _save(form, scale)):
        return response
    return render_template("competencies/scale_form.html", form=form, scale=scale, locked=locked)
