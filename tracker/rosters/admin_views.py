"""Admin pages: the administration index, schools and terms."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..listing import ListParams, csv_response, paginate
from . import bp, service
from .admin_helpers import change_status, csv_name
from .forms import SchoolForm, TermForm
from .models import School, Term


# Admin pages of other areas, linked from the index when that area is installed:
# (endpoint, title, what it is for).
OTHER_ADMIN_PAGES = (
    ("rosters.upload_oneroster", _l("Import rosters"), _l("OneRoster CSV files from the student information system.")),
    ("competencies.list_frameworks", _l("Frameworks"), _l("Competencies, scales and rubrics.")),
    ("progressions.list_progressions", _l("Progressions"), _l("Learning paths and expected pace.")),
    ("credentials.manage_keys", _l("Credential signing keys"), _l("Keys that sign Open Badges.")),
    ("api.manage_xapi", _l("xAPI connections"), _l("Evidence sent by other learning tools.")),
    ("jobs.list_jobs", _l("Background jobs"), _l("Imports and nightly jobs: what ran, what failed, retry.")),
    ("audit.browse_events", _l("Audit log"), _l("Who did what to which record, and when.")),
    ("invitations.invite_people", _l("Invitations"), _l("Send staff, students and families a link to set a password.")),
    ("sso.list_providers", _l("Single sign-on"), _l("Sign-in through the school's Google, Microsoft, Clever or ClassLink accounts.")),
    ("mail.list_outbox", _l("Outbox"), _l("Every message the tracker sent or is about to send.")),
    ("grading.grading_overview", _l("Credits and grades"),
     _l("Course credits from competencies, report-card grade rules, grading periods.")),
    ("settings.edit_settings", _l("School settings"), _l("Flag thresholds, pace bands, holidays, separation of duties.")),
)


@bp.route("/admin/")
@access.rule("admin", learner_data=False)
def admin_index():
    others = [(url_for(endpoint), title, purpose) for endpoint, title, purpose in OTHER_ADMIN_PAGES
              if endpoint in current_app.view_functions]
    return render_template("rosters/admin_index.html", others=others)


# Schools -----------------------------------------------------------------------------

@bp.route("/admin/schools")
@access.rule("admin", learner_data=False)
def list_schools():
    params = ListParams.from_args(request.args)
    page = paginate(service.school_list(params.q, params.status), params)
    return render_template("rosters/schools.html", page=page, params=params)


@bp.route("/admin/schools.csv")
@access.rule("admin", learner_data=False)
def download_schools():
    params = ListParams.from_args(request.args)
    schools = db.session.scalars(service.school_list(params.q, params.status))
    header = [_("Name"), _("Contact email"), _("Contact phone"), _("Identifier"), _("Active")]
    rows = ([s.name, s.contact_email, s.contact_phone, s.sourced_id, s.active] for s in schools)
    return csv_response(csv_name("schools"), header, rows)


@bp.route("/admin/schools/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_school():
    return _school_form(None)


@bp.route("/admin/schools/<int:school_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_school(school_id: int):
    return _school_form(get_or_404(School, school_id))


def _school_form(school: School | None):
    form = SchoolForm(obj=school)
    if form.validate_on_submit():
        school = service.save_school(school, name=form.name.data, contact_email=form.contact_email.data,
                                     contact_phone=form.contact_phone.data)
        audit.record(current_user, "school.save", school)
        flash(_("School saved."), "success")
        return redirect(url_for("rosters.edit_school", school_id=school.id))
    return render_template("rosters/school_form.html", form=form, school=school)


@bp.route("/admin/schools/<int:school_id>/active", methods=["POST"])
@access.rule("admin")
def set_school_active(school_id: int):
    school = get_or_404(School, school_id)
    return change_status(school, "school", url_for("rosters.edit_school", school_id=school.id))


# Terms -------------------------------------------------------------------------------

@bp.route("/admin/terms")
@access.rule("admin", learner_data=False)
def list_terms():
    params = ListParams.from_args(request.args)
    page = paginate(service.term_list(params.q, params.status), params)
    return render_template("rosters/terms.html", page=page, params=params)


@bp.route("/admin/terms.csv")
@access.rule("admin", learner_data=False)
def download_terms():
    params = ListParams.from_args(request.args)
    terms = db.session.scalars(service.term_list(params.q, params.status))
    header = [_("Name"), _("School"), _("First day"), _("Last day"), _("Identifier"), _("Active")]
    rows = ([t.name, t.school.name, t.starts_on, t.ends_on, t.sourced_id, t.active] for t in terms)
    return csv_response(csv_name("terms"), header, rows)


@bp.route("/admin/terms/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_term():
    return _term_form(None)


@bp.route("/admin/terms/<int:term_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_term(term_id: int):
    return _term_form(get_or_404(Term, term_id))


def _term_form(term: Term | None):
    form = TermForm(obj=term)
    form.school_id.choices = service.school_choices()
    if term is not None and term.school_id not in dict(form.school_id.choices):
        form.school_id.choices.append((term.school_id, term.school.name))
    if term is not None and (term.kind or "") not in dict(form.kind.choices):
        form.kind.choices.append((term.kind, term.kind))  # a type an import brought (OneRoster "term")
    if form.validate_on_submit():
        try:
            term = service.save_term(term, school=db.session.get(School, form.school_id.data),
                                     name=form.name.data, starts_on=form.starts_on.data,
                                     ends_on=form.ends_on.data, kind=form.kind.data or None)
        except FieldProblem as problem:
            show_problem(form, problem)
        else:
            audit.record(current_user, "term.save", term)
            flash(_("Term saved."), "success")
            return redirect(url_for("rosters.edit_term", term_id=term.id))
    return render_template("rosters/term_form.html", form=form, term=term)


@bp.route("/admin/terms/<int:term_id>/active", methods=["POST"])
@access.rule("admin")
def set_term_active(term_id: int):
    term = get_or_404(Term, term_id)
    return change_status(term, "term", url_for("rosters.edit_term", term_id=term.id))
