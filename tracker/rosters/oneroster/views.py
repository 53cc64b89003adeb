"""OneRoster import pages (admins): upload, dry-run report, apply, progress, history."""
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...auth import access
from ...auth.loaders import get_or_404
from ...extensions import db
from ...listing import page_number
from .. import bp
from ..models import RosterImport
from . import service as oneroster
from .forms import OneRosterUploadForm
from .problems import message

log = logging.getLogger(__name__)

ENTITY_LABELS = {
    "school": _l("Schools"), "term": _l("Terms"), "section": _l("Sections"), "user": _l("Accounts"),
    "learner": _l("Learners"), "equity": _l("Equity attributes"), "enrollment": _l("Enrollments"),
    "teaching_assignment": _l("Teaching assignments"), "guardian_link": _l("Guardian links"),
}
ACTION_LABELS = {"create": _l("New"), "update": _l("Changed"), "deactivate": _l("No longer active")}
FIELD_LABELS = {
    "name": _l("name"), "course_title": _l("course"), "starts_on": _l("starts"), "ends_on": _l("ends"),
    "active": _l("active"), "school": _l("school"), "term": _l("term"), "email": _l("email"),
    "phone": _l("phone"), "roles": _l("roles"), "given_name": _l("given name"), "family_name": _l("family name"),
    "preferred_name": _l("preferred name"), "student_number": _l("student number"), "grade_level": _l("grade"),
    "user": _l("login"), "gender": _l("gender"), "race_ethnicity": _l("race/ethnicity"),
    "english_learner": _l("English learner"), "iep_504": _l("IEP/504"), "free_reduced_lunch": _l("free/reduced lunch"),
    "section": _l("section"), "learner": _l("learner"), "relationship_label": _l("relationship"),
    "sourced_id": _l("sourcedId"), "other_terms": _l("also in terms"), "class_code": _l("class code"),
}
STATUS_LABELS = {
    "planning": _l("Checking the files"), "planned": _l("Ready to apply"), "refused": _l("Has errors"),
    "needs_confirmation": _l("Needs confirmation"),
    "applying": _l("Applying"), "applied": _l("Applied"), "failed": _l("Stopped"),
}


@bp.route("/admin/imports/oneroster", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def upload_oneroster():
    form = OneRosterUploadForm()
    if form.validate_on_submit():
        uploads = [(f.filename, f.read()) for f in form.files.data if getattr(f, "filename", "")]
        roster_import = oneroster.create_import(uploads, current_user)
        _run(roster_import, "plan")
        return redirect(url_for("rosters.show_oneroster_import", import_id=roster_import.id))
    imports = db.paginate(select(RosterImport).options(selectinload(RosterImport.created_by))
                          .order_by(RosterImport.id.desc()), page=page_number(request.args), per_page=20,
                          error_out=False)
    return render_template("rosters/oneroster_upload.html", form=form, imports=imports,
                           status_labels=STATUS_LABELS)


@bp.route("/admin/imports/oneroster/<int:import_id>")
@access.rule("admin", learner_data=False)
def show_oneroster_import(import_id: int):
    roster_import = get_or_404(RosterImport, import_id)
    report = roster_import.report or {}
    problems = [{**p, "text": message(p)} for p in report.get("problems", [])]
    links = [{**p, "text": message(p)} for p in oneroster.offered_links(roster_import)]
    return render_template(
        "rosters/oneroster_report.html", roster_import=roster_import, report=report, problems=problems,
        progress=oneroster.read_progress(roster_import), stalled=oneroster.stalled(roster_import),
        links=links, account_links=[p for p in links if not p["code"].startswith("absent_")],
        absent_links=[p for p in links if p["code"].startswith("absent_")],
        entity_labels=ENTITY_LABELS, action_labels=ACTION_LABELS, status_labels=STATUS_LABELS,
        field_labels=FIELD_LABELS,
    )


@bp.route("/admin/imports/oneroster/<int:import_id>/status")
@access.rule("admin", learner_data=False)
def poll_oneroster_import(import_id: int):
    roster_import = get_or_404(RosterImport, import_id)
    progress = oneroster.read_progress(roster_import)
    total, done = progress.get("total") or 0, progress.get("done") or 0
    return {
        "status": roster_import.status, "phase": progress.get("phase"), "done": done, "total": total,
        "percent": int(100 * done / total) if total else 0,
        "finished": not roster_import.running or oneroster.stalled(roster_import),
    }


@bp.route("/admin/imports/oneroster/<int:import_id>/apply", methods=["POST"])
@access.rule("admin")
def apply_oneroster_import(import_id: int):
    roster_import = get_or_404(RosterImport, import_id)
    target = url_for("rosters.show_oneroster_import", import_id=roster_import.id)
    not_waiting = _("This import is not waiting to be applied (it was applied already, or has errors).")
    if roster_import.status != "planned":
        flash(not_waiting, "warning")
        return redirect(target)
    if not roster_import.stored_name or not oneroster.stored_path(roster_import).exists():
        flash(_("The uploaded files are no longer kept here; upload them again."), "error")
        return redirect(target)
    if not oneroster.claim(roster_import.id, "planned", "applying"):
        flash(not_waiting, "warning")
        return redirect(target)
    _run(roster_import, "apply")
    return redirect(target)


@bp.route("/admin/imports/oneroster/<int:import_id>/links", methods=["POST"])
@access.rule("admin")
def confirm_oneroster_links(import_id: int):
    """The collisions an administrator ticked on the dry-run page: keep them and run the dry run again."""
    roster_import = get_or_404(RosterImport, import_id)
    target = url_for("rosters.show_oneroster_import", import_id=roster_import.id)
    if roster_import.status not in ("planned", "needs_confirmation"):
        flash(_("This import is not waiting to be applied (it was applied already, or has errors)."), "warning")
        return redirect(target)
    if not roster_import.stored_name or not oneroster.stored_path(roster_import).exists():
        flash(_("The uploaded files are no longer kept here; upload them again."), "error")
        return redirect(target)
    try:
        oneroster.confirm_links(roster_import, request.form.getlist("link"))
    except oneroster.UnknownLinks as exc:
        abort(400, _("Field “link”: %(keys)s is not an account collision of this import's dry run.",
                     keys=", ".join(exc.keys)))
    if not oneroster.claim(roster_import.id, roster_import.status, "planning"):
        flash(_("This import is not waiting to be applied (it was applied already, or has errors)."), "warning")
        return redirect(target)
    _run(roster_import, "plan")
    return redirect(target)


def _run(roster_import: RosterImport, action: str) -> None:
    """Run the dry run or the apply now, or in the background for a large upload.

    An unexpected failure is recorded on the import (status 'failed'), never shown as a 500:
    nothing of the import is written, and the upload is kept.
    """
    # Committed before the work starts: a failure below rolls back to this point (the claim that
    # moved its status stays). A large upload becomes a job of the queue, sent when the request commits.
    db.session.commit()
    if oneroster.runs_in_background(roster_import):
        oneroster.start_in_background(roster_import, action, current_user.id)
        return
    try:
        if action == "apply":
            plan = oneroster.apply_import(roster_import, current_user)
        else:
            plan = oneroster.dry_run(roster_import)
        db.session.commit()  # the upload (pupils' personal data) is deleted only once the import is stored
        oneroster.discard_upload(roster_import)
    except Exception as exc:  # noqa: BLE001
        log.exception("roster import %s failed", roster_import.id)
        db.session.rollback()
        oneroster.mark_failed(roster_import.id, f"{type(exc).__name__}: {exc}")  # committed by the request
        flash(_("The import stopped on an unexpected error; nothing was changed. It has been logged."), "error")
        return
    if action == "apply" and roster_import.status == "applied":
        flash(_("The import was applied: %(n)s changes.", n=plan.total_changes()), "success")
    elif action == "apply":
        flash(_("Nothing was applied: the files have errors now (the tracker changed since the dry run)."),
              "error")
