"""The admin's editors: credits, grade schemes and grading periods."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth import access
from ..competencies.models import Framework, ProficiencyScale
from ..extensions import db
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..progressions.models import Progression
from . import bp, editing, service, words
from .forms import RULE_ROWS, CreditForm, GradeSchemeForm, GradingPeriodForm
from .loaders import get_credit_or_404, get_scheme_or_404


@bp.route("/admin/grading")
@access.rule("admin", learner_data=False)
def grading_overview():
    return render_template("grading/admin.html", credits=service.load_credits(), schemes=service.load_schemes(),
                           periods=service.load_periods(), period_form=GradingPeriodForm(),
                           rule_words=words.rule_words)


def _credit_choices(form: CreditForm) -> None:
    form.framework_id.choices = [("", _("(choose a framework)"))] + [
        (str(f.id), f"{f.title} ({f.version})") for f in db.session.scalars(
            select(Framework).order_by(Framework.title, Framework.version))]
    form.progression_id.choices = [("", _("(none: use the codes above)"))] + [
        (str(p.id), p.title) for p in db.session.scalars(
            select(Progression).where(Progression.active.is_(True)).order_by(Progression.title))]


def _edit_credit(credit):
    form = CreditForm(obj=credit) if credit is not None else CreditForm()
    _credit_choices(form)
    if credit is not None and not form.is_submitted():
        form.competency_codes.data = ", ".join(
            (p.competency.code or str(p.competency_id)) + (f":{p.points}" if p.points != 1 else "")
            for p in credit.parts)
        form.framework_id.data = str(credit.parts[0].competency.framework_id) if credit.parts else ""
        form.progression_id.data = str(credit.progression_id or "")
    status = 200
    if form.validate_on_submit():
        try:
            saved = editing.save_credit(
                credit, title=form.title.data.strip(), code=(form.code.data or "").strip(), rule=form.rule.data,
                share_percent=form.share_percent.data, floor_level=form.floor_level.data,
                points_needed=form.points_needed.data, framework_id=posted_id(form.framework_id.data),
                competency_codes=form.competency_codes.data or "",
                progression_id=posted_id(form.progression_id.data))
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
            status = 400
        else:
            flash(_("Credit “%(credit)s” saved.", credit=saved.title), "success")
            return redirect(url_for("grading.grading_overview"))
    elif form.is_submitted():
        status = 400
    return render_template("grading/credit_form.html", form=form, credit=credit), status


@bp.route("/admin/grading/credits/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def new_credit():
    return _edit_credit(None)


@bp.route("/admin/grading/credits/<int:credit_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_credit(credit_id: int):
    return _edit_credit(get_credit_or_404(credit_id))


def _edit_scheme(scheme):
    form = GradeSchemeForm(obj=scheme) if scheme is not None else GradeSchemeForm()
    form.scale_id.choices = [(str(s.id), s.name) for s in db.session.scalars(
        select(ProficiencyScale).order_by(ProficiencyScale.name))]
    if not form.is_submitted():
        if scheme is not None:
            form.scale_id.data = str(scheme.scale_id)
        while len(form.rules) < RULE_ROWS:
            form.rules.append_entry()
    status = 200
    if form.validate_on_submit():
        try:
            saved = editing.save_scheme(scheme, title=form.title.data.strip(), scale_id=posted_id(form.scale_id.data),
                                        min_assessed_percent=form.min_assessed_percent.data, rows=form.rule_rows())
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
            status = 400
        else:
            flash(_("Grade scheme “%(scheme)s” saved.", scheme=saved.title), "success")
            return redirect(url_for("grading.grading_overview"))
    elif form.is_submitted():
        status = 400
    return render_template("grading/scheme_form.html", form=form, scheme=scheme), status


@bp.route("/admin/grading/credits/<int:credit_id>/delete", methods=["POST"])
@access.rule("admin", learner_data=False)
def delete_credit(credit_id: int):
    credit = get_credit_or_404(credit_id)
    editing.delete_credit(credit)
    flash(_("Credit “%(credit)s” deleted.", credit=credit.title), "success")
    return redirect(url_for("grading.grading_overview"))


@bp.route("/admin/grading/schemes/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def new_scheme():
    return _edit_scheme(None)


@bp.route("/admin/grading/schemes/<int:scheme_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_scheme(scheme_id: int):
    return _edit_scheme(get_scheme_or_404(scheme_id))


@bp.route("/admin/grading/schemes/<int:scheme_id>/delete", methods=["POST"])
@access.rule("admin", learner_data=False)
def delete_scheme(scheme_id: int):
    scheme = get_scheme_or_404(scheme_id)
    editing.delete_scheme(scheme)
    flash(_("Grade scheme “%(scheme)s” deleted.", scheme=scheme.title), "success")
    return redirect(url_for("grading.grading_overview"))


@bp.route("/admin/grading/periods", methods=["POST"])
@access.rule("admin", learner_data=False)
def add_period():
    form = GradingPeriodForm()
    if form.validate_on_submit():
        try:
            period = editing.save_period(title=form.title.data.strip(), starts_on=form.starts_on.data,
                                         ends_on=form.ends_on.data, sourced_id=(form.sourced_id.data or "").strip())
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            flash(_("Grading period “%(period)s” added.", period=period.title), "success")
            return redirect(url_for("grading.grading_overview"))
    return render_template("grading/admin.html", credits=service.load_credits(), schemes=service.load_schemes(),
                           periods=service.load_periods(), period_form=form, rule_words=words.rule_words), 400
