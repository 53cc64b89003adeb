"""The admin page for a school's calendar: its terms, and its holidays, breaks and closures."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..rosters.models import School
from . import bp, service
from .forms import NonSchoolDayForm
from .models import NON_SCHOOL_DAY_KIND_LABELS, NonSchoolDay


@bp.route("/admin/schools/<int:school_id>/calendar", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def school_calendar(school_id: int):
    return _calendar_page(get_or_404(School, school_id), None)


@bp.route("/admin/schools/<int:school_id>/calendar/<int:day_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_non_school_day(school_id: int, day_id: int):
    school = get_or_404(School, school_id)
    return _calendar_page(school, _day_of(school, day_id))


@bp.route("/admin/schools/<int:school_id>/calendar/remove", methods=["POST"])
@access.rule("admin", learner_data=False)
def delete_non_school_day(school_id: int):
    school = get_or_404(School, school_id)
    day = db.session.get(NonSchoolDay, posted_id(request.form.get("day_id")) or 0)
    if day is None or day.school_id != school.id:
        flash(_("Nothing was removed: use the Remove button next to the day."), "error")
    else:
        audit.record(current_user, "non_school_day.delete", day, school_id=school.id, name=day.name,
                     starts_on=day.starts_on.isoformat(), ends_on=day.ends_on.isoformat())
        service.delete_non_school_day(day)
        flash(_("Removed %(name)s from the calendar.", name=day.name), "success")
    return redirect(url_for("calendar.school_calendar", school_id=school.id))


def _day_of(school: School, day_id: int) -> NonSchoolDay:
    day = get_or_404(NonSchoolDay, day_id)
    if day.school_id != school.id:
        abort(404)
    return day


def _calendar_page(school: School, day: NonSchoolDay | None):
    form = NonSchoolDayForm(obj=day)
    if form.validate_on_submit():
        try:
            day, warnings = service.save_non_school_day(
                day, school=school, name=form.name.data, kind=form.kind.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data)
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            audit.record(current_user, "non_school_day.save", day, school_id=school.id)
            for warning in warnings:
                flash(warning, "warning")
            flash(_("Calendar saved."), "success")
            return redirect(url_for("calendar.school_calendar", school_id=school.id))
    return render_template("calendar/school_calendar.html", school=school, form=form, day=day,
                           terms=service.school_terms(school), days=service.non_school_days(school),
                           kinds=NON_SCHOOL_DAY_KIND_LABELS,
                           school_days=service.term_school_days(school))
