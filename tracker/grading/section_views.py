"""A section's report-card grades for teachers, and their export for the SIS."""
from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_section_or_404
from ..listing import csv_response
from ..rosters import members
from ..timeutil import today as utc_today
from . import bp, export, service, words
from .choices import choose


def _grades(section):
    chosen = choose(request.args)
    learners = members.section_learners(section, include_inactive=False)
    lines = (service.grade_lines([learner.id for learner in learners], chosen.credit, chosen.scheme, explain=False)
             if chosen.complete and learners else {})
    return chosen, learners, lines


@bp.route("/sections/<int:section_id>/grades")
@access.rule("section")
def show_section_grades(section_id: int):
    section = get_section_or_404(section_id)
    chosen, learners, lines = _grades(section)
    audit.record_learners_view(current_user, "section_grades", obj=section,
                               learner_ids=[learner.id for learner in learners],
                               credit_id=chosen.credit.id if chosen.credit else None)
    return render_template("grading/section.html", section=section, chosen=chosen, learners=learners, lines=lines,
                           rule_words=words.rule_words, evidence_words=words.evidence_words)


@bp.route("/sections/<int:section_id>/grades.csv")
@access.rule("section")
def download_section_grades(section_id: int):
    section = get_section_or_404(section_id)
    chosen, learners, lines = _grades(section)
    if not chosen.complete:
        return render_template("error.html", title=_("Nothing to export"),
                               message=_("Define a credit, a grade scheme and a grading period first.")), 409
    audit.record_learners_view(current_user, "section_grades_csv", obj=section,
                               learner_ids=[learner.id for learner in learners], credit_id=chosen.credit.id)
    return csv_response(f"grades-section-{section.id}.csv", export.PLAIN_COLUMNS,
                        export.plain_rows(section, chosen.credit, chosen.period, learners, lines, chosen.scheme))


@bp.route("/sections/<int:section_id>/grades-oneroster.zip")
@access.rule("section")
def download_section_oneroster(section_id: int):
    section = get_section_or_404(section_id)
    chosen, learners, lines = _grades(section)
    if not chosen.complete:
        return render_template("error.html", title=_("Nothing to export"),
                               message=_("Define a credit, a grade scheme and a grading period first.")), 409
    try:
        gradebook = export.oneroster_gradebook(section, chosen.credit, chosen.scheme, chosen.period, learners,
                                               lines, utc_today())
    except export.ExportProblem as problem:
        return render_template("error.html", title=_("The SIS export cannot be made"), message=str(problem)), 409
    audit.record_learners_view(current_user, "section_grades_oneroster", obj=section,
                               learner_ids=[learner.id for learner in learners], credit_id=chosen.credit.id)
    response = Response(gradebook.zipped(), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="oneroster-grades-section-{section.id}.zip"'
    return response
