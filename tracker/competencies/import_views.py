"""Importing and exporting frameworks: CASE JSON and CSV uploads, progress, downloads."""
import json
import re

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_framework_or_404, get_import_job_or_404
from . import bp
from .interchange import case_translation
from .interchange.case import export_package
from .interchange.case_reader import CaseProblem, parse_json
from .interchange.case_versions import CASE_VERSIONS
from .interchange.csv_io import COLUMNS, export_csv
from .forms import TRANSLATION_LANGUAGE, CaseImportForm, CaseTranslationForm, CsvImportForm
from .jobs import create_job, job_state


def _start(kind: str, upload, framework=None):
    job = create_job(kind, current_user, upload.read(), filename=upload.filename, framework=framework,
                     locale=str(get_locale()))
    return redirect(url_for("competencies.show_import", job_id=job.id))


@bp.route("/frameworks/import", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def import_case():
    if not policy.can_author_frameworks(current_user):
        abort(403)
    form = CaseImportForm()
    if form.validate_on_submit():
        return _start("case", form.package.data)
    return render_template("competencies/import_case.html", form=form)


@bp.route("/frameworks/<int:framework_id>/import-csv", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def import_csv(framework_id: int):
    framework = get_framework_or_404(framework_id, edit=True)
    form = CsvImportForm()
    if form.validate_on_submit():
        return _start("csv", form.file.data, framework)
    return render_template("competencies/import_csv.html", form=form, framework=framework, columns=COLUMNS)


@bp.route("/frameworks/<int:framework_id>/import-translation", methods=["GET", "POST"])
@access.rule("author", learner_data=False)
def import_translation(framework_id: int):
    framework = get_framework_or_404(framework_id, author=True)  # a published one takes translations too
    form = CaseTranslationForm()
    report = None
    if form.validate_on_submit():
        try:
            report = case_translation.import_translation(framework, parse_json(form.package.data.read()),
                                                         TRANSLATION_LANGUAGE)
        except CaseProblem as problem:
            form.package.errors.append(f"{problem.path}: {problem.message}")
        else:
            audit.record(current_user, "framework.translation_import", framework, lang=TRANSLATION_LANGUAGE,
                         items=report["items"])
    return render_template("competencies/import_translation.html", form=form, framework=framework, report=report)


@bp.route("/imports/<int:job_id>")
@access.rule("author", learner_data=False)
def show_import(job_id: int):
    job = get_import_job_or_404(job_id)
    return render_template("competencies/import_job.html", job=job, state=job_state(job))


@bp.route("/imports/<int:job_id>/status")
@access.rule("author", learner_data=False)
def import_status(job_id: int):
    """The job's progress as JSON, polled by static/js/job-progress.js."""
    job = get_import_job_or_404(job_id)
    state = job_state(job)
    if state["framework_id"]:
        state["framework_url"] = url_for("competencies.show_framework", framework_id=state["framework_id"])
    if state["finished"]:
        state["report_url"] = url_for("competencies.show_import", job_id=job.id)
    return state


def _filename(framework, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{framework.title} v{framework.version}").strip("-").lower()
    return f"{stem or 'framework'}.{extension}"


@bp.route("/frameworks/<int:framework_id>/export.json")
@access.rule("staff", learner_data=False)
def export_case(framework_id: int):
    framework = get_framework_or_404(framework_id)
    case_version = request.args.get("case_version", CASE_VERSIONS[0])
    if case_version not in CASE_VERSIONS:
        abort(400, _("The query parameter “case_version” must be one of %(versions)s, not “%(value)s”.",
                     versions=", ".join(CASE_VERSIONS), value=case_version))
    body = json.dumps(export_package(framework, case_version), ensure_ascii=False, indent=1)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(framework, "case.json")}"'
    return response


@bp.route("/frameworks/<int:framework_id>/export.csv")
@access.rule("staff", learner_data=False)
def export_framework_csv(framework_id: int):
    framework = get_framework_or_404(framework_id)
    response = Response("\ufeff" + export_csv(framework), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(framework, "csv")}"'
    return response
