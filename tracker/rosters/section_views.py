"""Admin pages for sections: their teachers and enrollments."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_or_404
from ..extensions import db
from ..listing import ListParams, csv_response, paginate
from . import bp, members, service
from .admin_helpers import change_status, csv_name
from .forms import EnrollForm, SectionForm
from .models import Enrollment, Section, Term


@bp.route("/admin/sections")
@access.rule("admin", learner_data=False)
def list_sections():
    params = ListParams.from_args(request.args)
    page = paginate(service.section_list(params.q, params.status), params)
    counts = members.learner_counts([section.id for section in page.items], include_inactive=False)
    return render_template("rosters/sections.html", page=page, params=params, counts=counts)


@bp.route("/admin/sections.csv")
@access.rule("admin", learner_data=False)
def download_sections():
    params = ListParams.from_args(request.args)
    sections = db.session.scalars(service.section_list(params.q, params.status)).unique().all()
    counts = members.learner_counts([section.id for section in sections], include_inactive=False)
    header = [_("Course title"), _("Section name"), _("Term"), _("School"), _("Teachers"),
              _("Learners"), _("Identifier"), _("Active")]
    rows = ([s.course_title, s.name, ", ".join(term.name for term in s.terms), s.school.name,
             "; ".join(a.teacher.name for a in s.teaching_assignments if a.active),
             counts.get(s.id, 0), s.sourced_id, s.active] for s in sections)
    return csv_response(csv_name("sections"), header, rows)


@bp.route("/admin/sections/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_section():
    return _section_form(None)


@bp.route("/admin/sections/<int:section_id>", methods=["GET", "POST"])
@access.rule("admin")
def edit_section(section_id: int):
    return _section_form(get_or_404(Section, section_id))


def _section_form(section: Section | None):
    form = SectionForm(obj=section, teacher_ids=service.current_teacher_ids(section) if section else [])
    form.term_id.choices = service.term_choices(section.term_id if section else None)
    form.teacher_ids.choices = service.teacher_choices(form.teacher_ids.object_data or [])
    if form.validate_on_submit():
        section = service.save_section(section, term=db.session.get(Term, form.term_id.data),
                                       course_title=form.course_title.data, name=form.name.data)
        service.set_teachers(section, form.teacher_ids.data or [])
        audit.record(current_user, "section.save", section, teachers=sorted(form.teacher_ids.data or []))
        flash(_("Section saved."), "success")
        return redirect(url_for("rosters.edit_section", section_id=section.id))
    enrollments = service.section_enrollments(section) if section is not None else []
    if section is not None:
        audit.record_learners_view(current_user, "admin_section", obj=section,
                                   learner_ids=[enrollment.learner_id for enrollment in enrollments])
    return render_template("rosters/section_form.html", form=form, section=section,
                                   enrollments=enrollments)


@bp.route("/admin/sections/<int:section_id>/active", methods=["POST"])
@access.rule("admin")
def set_section_active(section_id: int):
    section = get_or_404(Section, section_id)
    return change_status(section, "section", url_for("rosters.edit_section", section_id=section.id))


@bp.route("/admin/sections/<int:section_id>/enroll", methods=["GET", "POST"])
@access.rule("admin")
def enroll_learners(section_id: int):
    """Find learners of the section's school and enroll the ones ticked."""
    section = get_or_404(Section, section_id)
    form = EnrollForm()
    if form.validate_on_submit():
        added = service.enroll(section, form.learner_ids.data or [])
        if added:
            audit.record(current_user, "section.enroll", section, learners=sorted(form.learner_ids.data))
            flash(ngettext("%(num)d learner enrolled.", "%(num)d learners enrolled.", added), "success")
            return redirect(url_for("rosters.edit_section", section_id=section.id))
        form.learner_ids.errors = [_("Tick at least one learner to enroll.")]
    params = ListParams.from_args(request.args)
    page = paginate(service.enrollment_candidates(section, params.q), params)
    audit.record_learners_view(current_user, "admin_enroll", obj=section,
                               learner_ids=[learner.id for learner in page.items], q=params.q, page_number=params.page)
    return render_template("rosters/enroll.html", section=section, form=form, page=page, params=params)


# Enrollments -------------------------------------------------------------------------

@bp.route("/admin/enrollments")
@access.rule("admin")
def list_enrollments():
    params = ListParams.from_args(request.args)
    page = paginate(service.enrollment_list(params.q, params.status), params)
    audit.record_learners_view(current_user, "admin_enrollments",
                               learner_ids=[enrollment.learner_id for enrollment in page.items],
                               filters=params.url_args(), page_number=params.page)
    return render_template("rosters/enrollments.html", page=page, params=params)


@bp.route("/admin/enrollments.csv")
@access.rule("admin")
def download_enrollments():
    params = ListParams.from_args(request.args)
    enrollments = db.session.scalars(service.enrollment_list(params.q, params.status))
    header = [_("Learner"), _("Student number"), _("Course title"), _("Section name"), _("Term"),
              _("Enrolled on"), _("Active")]
    rows = [[e.learner.display_name, e.learner.student_number, e.section.course_title, e.section.name,
             e.section.term.name, e.created_at.date(), e.active] for e in enrollments]
    audit.record_learners_view(current_user, "admin_enrollments_csv", filters=params.url_args(),
                               row_count=len(rows))
    return csv_response(csv_name("enrollments"), header, rows)


@bp.route("/admin/enrollments/<int:enrollment_id>/active", methods=["POST"])
@access.rule("admin")
def set_enrollment_active(enrollment_id: int):
    enrollment = get_or_404(Enrollment, enrollment_id)
    return change_status(enrollment, "enrollment",
                         url_for("rosters.edit_section", section_id=enrollment.section_id))
