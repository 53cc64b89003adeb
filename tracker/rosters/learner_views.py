"""Admin pages for learners (with their equity attributes), guardian links and educators' coaches."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..listing import ListParams, csv_response, paginate
from . import bp, service
from .admin_helpers import change_status, csv_name
from .equity import GENDERS, RACE_ETHNICITIES, YES_NO_UNKNOWN, label, tri_state_code
from .forms import CoachLinkForm, GuardianLinkForm, LearnerForm
from .learner_service import (
    EquityValues, LearnerValues, guardian_link_list, learner_coach_links, learner_guardian_links, learner_list,
    link_coach, link_guardian, save_learner,
)
from .models import EducatorCoach, GuardianLink, Learner, School


@bp.route("/admin/learners")
@access.rule("admin")
def list_learners():
    params = ListParams.from_args(request.args)
    page = paginate(learner_list(params.q, params.status), params)
    audit.record_learners_view(current_user, "admin_learners", learner_ids=[learner.id for learner in page.items],
                               filters=params.url_args(), page_number=params.page)
    return render_template("rosters/learners.html", page=page, params=params)


@bp.route("/admin/learners.csv")
@access.rule("admin")
def download_learners():
    params = ListParams.from_args(request.args)
    learners = db.session.scalars(learner_list(params.q, params.status)).unique()
    header = [_("Given name"), _("Family name"), _("Preferred name"), _("Student number"), _("Grade"),
              _("School"), _("Login"), _("Educator"), _("English learner"), _("IEP or 504 plan"),
              _("Free or reduced-price lunch"), _("Gender"), _("Race / ethnicity"), _("Identifier"),
              _("Active")]

    def row(learner):
        equity = learner.equity
        return [learner.given_name, learner.family_name, learner.preferred_name, learner.student_number,
                learner.grade_level, learner.school.name, learner.user.email if learner.user else None,
                learner.is_educator,
                equity.english_learner if equity else None, equity.iep_504 if equity else None,
                equity.free_reduced_lunch if equity else None,
                label(GENDERS, equity.gender) if equity else None,
                label(RACE_ETHNICITIES, equity.race_ethnicity) if equity else None,
                learner.sourced_id, learner.active]

    rows = [row(learner) for learner in learners]
    # Every learner's IEP/504, lunch, gender and race: one event naming the filter that chose them.
    audit.record_learners_view(current_user, "admin_learners_csv", filters=params.url_args(),
                               learner_count=len(rows), equity_attributes=True)
    return csv_response(csv_name("learners"), header, rows)


@bp.route("/admin/learners/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_learner():
    return _learner_form(None)


@bp.route("/admin/learners/<int:learner_id>", methods=["GET", "POST"])
@access.rule("admin")
def edit_learner(learner_id: int):
    learner = get_or_404(Learner, learner_id)
    if request.method == "GET":
        audit.record(current_user, "learner.view", learner, page="admin")
    return _learner_form(learner)


def _initial_values(learner: Learner | None) -> dict:
    if learner is None:
        return {}
    equity = learner.equity
    return {
        "login_email": learner.user.email if learner.user else "",
        "english_learner": tri_state_code(equity.english_learner if equity else None),
        "iep_504": tri_state_code(equity.iep_504 if equity else None),
        "free_reduced_lunch": tri_state_code(equity.free_reduced_lunch if equity else None),
        "gender": (equity.gender if equity else None) or "",
        "race_ethnicity": (equity.race_ethnicity if equity else None) or "",
    }


def _learner_form(learner: Learner | None, guardian_form: GuardianLinkForm | None = None,
                  coach_form: CoachLinkForm | None = None):
    if not policy.can_view_equity_attributes(current_user):
        abort(403)  # the form holds equity attributes; the route rule already asks for an admin
    # While a guardian or a coach is being linked, the learner form shows the saved values, not the post.
    linking = guardian_form is not None or coach_form is not None
    formdata = {"formdata": None} if linking else {}
    form = LearnerForm(obj=learner, **formdata, **_initial_values(learner))
    form.school_id.choices = service.school_choices()
    if learner is not None and learner.school_id not in dict(form.school_id.choices):
        form.school_id.choices.append((learner.school_id, learner.school.name))
    if not linking and form.validate_on_submit():
        values = LearnerValues(
            given_name=form.given_name.data, family_name=form.family_name.data,
            school=db.session.get(School, form.school_id.data), preferred_name=form.preferred_name.data,
            student_number=form.student_number.data, grade_level=form.grade_level.data,
            login_email=form.login_email.data, is_educator=form.is_educator.data)
        equity = EquityValues(
            english_learner=YES_NO_UNKNOWN[form.english_learner.data],
            iep_504=YES_NO_UNKNOWN[form.iep_504.data],
            free_reduced_lunch=YES_NO_UNKNOWN[form.free_reduced_lunch.data],
            gender=form.gender.data or None, race_ethnicity=form.race_ethnicity.data or None)
        try:
            learner = save_learner(learner, values, equity)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "learner.save", learner)
            flash(_("Learner saved."), "success")
            return redirect(url_for("rosters.edit_learner", learner_id=learner.id))
    links = learner_guardian_links(learner) if learner is not None else []
    coaches = learner_coach_links(learner) if learner is not None and learner.is_educator else []
    return render_template("rosters/learner_form.html", form=form, learner=learner, links=links,
                           guardian_form=guardian_form or GuardianLinkForm(formdata=None), coaches=coaches,
                           coach_form=coach_form or CoachLinkForm(formdata=None))


@bp.route("/admin/learners/<int:learner_id>/active", methods=["POST"])
@access.rule("admin")
def set_learner_active(learner_id: int):
    learner = get_or_404(Learner, learner_id)
    return change_status(learner, "learner", url_for("rosters.edit_learner", learner_id=learner.id))


@bp.route("/admin/learners/<int:learner_id>/guardians", methods=["POST"])
@access.rule("admin")
def link_learner_guardian(learner_id: int):
    learner = get_or_404(Learner, learner_id)
    guardian_form = GuardianLinkForm()
    if guardian_form.validate_on_submit():
        try:
            link = link_guardian(learner, guardian_form.guardian_email.data,
                                 guardian_form.relationship_label.data)
        except FieldProblem as problem:
            show_problem(guardian_form, problem)
        else:
            audit.record(current_user, "guardian_link.save", link)
            flash(_("Guardian linked."), "success")
            return redirect(url_for("rosters.edit_learner", learner_id=learner.id) + "#guardians")
    return _learner_form(learner, guardian_form)


@bp.route("/admin/learners/<int:learner_id>/coaches", methods=["POST"])
@access.rule("admin")
def link_learner_coach(learner_id: int):
    learner = get_or_404(Learner, learner_id)
    coach_form = CoachLinkForm()
    if coach_form.validate_on_submit():
        try:
            link = link_coach(learner, coach_form.coach_email.data)
        except FieldProblem as problem:
            show_problem(coach_form, problem)
        else:
            audit.record(current_user, "coach_link.save", link)
            flash(_("Coach linked: they now see and validate this professional learning."), "success")
            return redirect(url_for("rosters.edit_learner", learner_id=learner.id) + "#coaches")
    return _learner_form(learner, coach_form=coach_form)


@bp.route("/admin/coach-links/<int:coach_link_id>/active", methods=["POST"])
@access.rule("admin")
def set_coach_link_active(coach_link_id: int):
    link = get_or_404(EducatorCoach, coach_link_id)
    return change_status(link, "coach_link", url_for("rosters.edit_learner", learner_id=link.learner_id) + "#coaches")


# Guardian links ----------------------------------------------------------------------

@bp.route("/admin/guardian-links")
@access.rule("admin")
def list_guardian_links():
    params = ListParams.from_args(request.args)
    page = paginate(guardian_link_list(params.q, params.status), params)
    audit.record_learners_view(current_user, "admin_guardian_links",
                               learner_ids=[link.learner_id for link in page.items],
                               filters=params.url_args(), page_number=params.page)
    return render_template("rosters/guardian_links.html", page=page, params=params)


@bp.route("/admin/guardian-links.csv")
@access.rule("admin")
def download_guardian_links():
    params = ListParams.from_args(request.args)
    links = db.session.scalars(guardian_link_list(params.q, params.status))
    header = [_("Learner"), _("Student number"), _("Guardian"), _("Guardian's email"), _("Phone"),
              _("Relationship"), _("Active")]
    rows = [[link.learner.display_name, link.learner.student_number, link.guardian.name, link.guardian.email,
             link.guardian.phone, link.relationship_label, link.active] for link in links]
    audit.record_learners_view(current_user, "admin_guardian_links_csv", filters=params.url_args(),
                               row_count=len(rows))
    return csv_response(csv_name("guardian-links"), header, rows)


@bp.route("/admin/guardian-links/<int:link_id>/active", methods=["POST"])
@access.rule("admin")
def set_guardian_link_active(link_id: int):
    link = get_or_404(GuardianLink, link_id)
    return change_status(link, "guardian_link",
                         url_for("rosters.edit_learner", learner_id=link.learner_id) + "#guardians")
