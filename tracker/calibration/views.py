"""Calibration pages: sessions, setting one up, blind scoring, results (and their CSV)."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_calibration_or_404
from ..competencies.picker import picker_groups
from ..evidence import artifacts
from ..evidence import service as evidence_service
from ..extensions import db
from ..form_helpers import FieldProblem, posted_id, show_problem
from ..listing import csv_response
from . import bp
from . import service as calibration
from .forms import CalibrationSetupForm, CloseSessionForm, ScoresForm
from .results import csv_table, results


@bp.route("/calibration")
@access.rule("validator_or_admin", learner_data=False)
def list_calibrations():
    return render_template("calibration/list.html", rows=calibration.sessions_for(current_user))


@bp.route("/calibration/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def new_calibration():
    competency = evidence_service.load_competency(posted_id(request.values.get("competency_id")))
    form = CalibrationSetupForm()
    candidates = calibration.candidate_evidence(competency) if competency else []
    validators = calibration.available_validators()
    form.evidence_ids.choices = [(e.id, str(e.id)) for e in candidates]
    form.validator_ids.choices = [(u.id, u.name) for u in validators]
    if competency is not None and form.validate_on_submit():
        try:
            session = calibration.create_session(
                current_user, title=form.title.data, competency=competency, evidence_ids=form.evidence_ids.data,
                validator_ids=form.validator_ids.data, instructions=form.instructions.data)
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            flash(_("Calibration session “%(title)s” is open: %(n)d validators are invited.", title=session.title,
                    n=len(session.participants)), "success")
            return redirect(url_for("calibration.show_calibration", calibration_id=session.id))
    return render_template("calibration/new.html", form=form, competency=competency, candidates=candidates,
                           validators=validators, groups=picker_groups(),
                           levels={c.number: c for c in evidence_service.level_choices(competency)}
                           if competency else {})


def _render_session(session, *, levels=None, errors=None, status: int = 200):
    participant = policy.calibration_participant(current_user, session)
    if levels is None:
        levels = calibration.own_scores(participant) if participant else {}
    pieces = calibration.anonymised_pieces(session)
    # Validators see the pieces without names, admins with them: either way, learners' evidence.
    audit.record_learners_view(current_user, "calibration", obj=session,
                               learner_ids=[item.evidence.learner_id for item in session.items])
    html = render_template(
        "calibration/session.html", session=session, participant=participant, levels=levels,
        errors=errors or {}, pieces=pieces,
        choices=evidence_service.level_choices(session.competency), form=ScoresForm(), close_form=CloseSessionForm(),
        may_see_results=policy.can_see_calibration_results(current_user, session),
        is_admin=policy.can_manage_calibrations(current_user), rater_label=calibration.rater_label)
    return html, status


@bp.route("/calibration/<int:calibration_id>")
@access.rule("calibration")
def show_calibration(calibration_id: int):
    return _render_session(get_calibration_or_404(calibration_id))


@bp.route("/calibration/<int:calibration_id>/scores", methods=["POST"])
@access.rule("calibration_scorer")
def score_calibration(calibration_id: int):
    session = get_calibration_or_404(calibration_id, score=True)
    participant = policy.calibration_participant(current_user, session)
    if session.status != "open" or participant.submitted_at is not None:
        flash(_("This session is closed.") if session.status != "open"
              else _("You have already submitted your scores."), "info")
        return redirect(url_for("calibration.show_calibration", calibration_id=session.id))
    form = ScoresForm()
    levels, errors = {}, {}
    for item in session.items:
        raw = (request.form.get(f"piece-{item.id}") or "").strip()
        if raw.isdecimal() and len(raw) <= 3:  # a level number ("²" is a digit but not a number)
            levels[item.id] = int(raw)
        elif raw:
            errors[item.id] = _("Choose one of the levels shown.")
        else:
            levels[item.id] = None
    submit = request.form.get("action") == "submit"
    if not form.validate_on_submit():
        flash(_("The form expired; please submit it again."), "error")
        return _render_session(session, levels=levels, errors=errors, status=400)
    if not errors:
        try:
            calibration.save_scores(participant, levels, submit=submit)
        except FieldProblem as problem:
            db.session.rollback()
            session = get_calibration_or_404(calibration_id, score=True)
            for name, message in problem.problems:
                item_id = int(name.split("-", 1)[1]) if name.startswith("piece-") else None
                if item_id is None:
                    flash(message, "error")
                else:
                    errors[item_id] = message
        else:
            if submit:
                flash(_("Your scores are submitted. Here is how they compare with the others so far."), "success")
                return redirect(url_for("calibration.show_calibration_results", calibration_id=session.id))
            flash(_("Your scores are saved. Submit them when every piece has a level."), "success")
            return redirect(url_for("calibration.show_calibration", calibration_id=session.id))
    return _render_session(session, levels=levels, errors=errors)


@bp.route("/calibration/<int:calibration_id>/close", methods=["POST"])
@access.rule("admin")
def close_calibration(calibration_id: int):
    session = get_calibration_or_404(calibration_id)
    if CloseSessionForm().validate_on_submit():
        calibration.close_session(current_user, session)
        flash(_("The session is closed. Every validator invited can now read the results."), "success")
    return redirect(url_for("calibration.show_calibration_results", calibration_id=calibration_id))


def _results_or_redirect(calibration_id: int):
    session = get_calibration_or_404(calibration_id)
    if not policy.can_see_calibration_results(current_user, session):
        flash(_("Submit your own scores first: the results open once you have, or when the session closes."), "info")
        return None, redirect(url_for("calibration.show_calibration", calibration_id=session.id))
    return results(session, current_user), None


@bp.route("/calibration/<int:calibration_id>/results")
@access.rule("calibration", learner_data=False)
def show_calibration_results(calibration_id: int):
    result, response = _results_or_redirect(calibration_id)
    if response is not None:
        return response
    return render_template("calibration/results.html", result=result, session=result.session,
                           close_form=CloseSessionForm())


@bp.route("/calibration/<int:calibration_id>/results.csv")
@access.rule("calibration", learner_data=False)
def download_calibration_results(calibration_id: int):
    result, response = _results_or_redirect(calibration_id)
    if response is not None:
        return response
    header, rows = csv_table(result)
    return csv_response(f"calibration-{calibration_id}-results.csv", header, rows)


@bp.route("/calibration/<int:calibration_id>/pieces/<int:item_id>/file")
@access.rule("calibration")
def download_calibration_file(calibration_id: int, item_id: int):
    """A piece's file, for the session's validators (who may not otherwise see the learner), under a neutral name."""
    session = get_calibration_or_404(calibration_id)
    item = next((i for i in session.items if i.id == item_id), None)
    if item is None or item.evidence.artifact is None:
        abort(404)
    artifact = item.evidence.artifact
    path = artifacts.path_of(artifact)
    if not path.is_file():
        abort(404)
    content_type = artifact.content_type if artifact.content_type in artifacts.CONTENT_TYPES \
        else "application/octet-stream"
    audit.record_learner_view(current_user, item.evidence.learner, "calibration", calibration_id=session.id,
                              artifact_id=artifact.id)
    response = send_file(path, mimetype=content_type, as_attachment=True,
                         download_name=calibration.neutral_file_name(item), conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
