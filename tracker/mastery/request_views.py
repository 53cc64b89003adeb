"""Asking for validation: a teacher proposes a learner as ready; a learner asks for itself."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404
from ..auth.redirects import safe_next
from ..evidence import service as evidence_service
from ..extensions import db
from ..form_helpers import posted_id
from . import bp, overrides, service
from .estimates import METHOD_LABELS
from .forms import AskForm, ProposeForm


@bp.route("/learners/<int:learner_id>/competencies/<int:competency_id>/propose", methods=["GET", "POST"])
@access.rule("learner_teacher")
def propose(learner_id: int, competency_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    competency = evidence_service.load_competency(competency_id)
    if competency is None:
        abort(404)
    sections = service.sections_for_proposal(current_user, learner)
    form = ProposeForm()
    form.section_id.choices = [(s.id, s.label) for s in sections] or [(None, _("No section"))]
    if not form.is_submitted():
        form.section_id.data = form.section_id.choices[0][0]
    existing = service.open_request_for(learner.id, competency.id)
    if form.validate_on_submit():
        section = next((s for s in sections if s.id == form.section_id.data), None)
        validation_request, existing = _open_or_existing(
            learner, competency, requested_by=current_user, section=section, note=form.note.data)
        if existing is not None:
            return _already_waiting(learner, existing)
        flash(_("%(name)s is in the validation queue for %(code)s.", name=learner.display_name,
                code=competency.code or competency.statement), "success")
        return redirect(safe_next(request.args.get("next"))
                        or url_for("mastery.show_request", request_id=validation_request.id))
    evidence = evidence_service.evidence_for_learner_competency(learner.id, competency.id)
    scores = [e.level for e in evidence if evidence_service.counts_toward_estimate(e)]
    audit.record_learner_view(current_user, learner, "propose", competency_id=competency.id)
    html = render_template(
        "mastery/propose.html", form=form, learner=learner, competency=competency, existing=existing,
        scored_count=len(scores), estimate=evidence_service.estimate_for_scores(competency.framework, scores),
        current=service.current_decision(learner.id, competency.id), method_labels=METHOD_LABELS,
        single_formative=overrides.single_formative_warning([e.kind for e in evidence]),
    )
    return html


def _open_or_existing(learner, competency, **details):
    """(the new request, None), or (None, the open request that was there first)."""
    try:
        validation_request = service.open_request(learner, competency, **details)
        db.session.flush()  # the unique index on open requests answers here, inside the try
        return validation_request, None
    except service.DuplicateRequest as duplicate:
        return None, duplicate.existing
    except IntegrityError:
        # Someone proposed the same learner and competency a moment earlier, after this request
        # found none open: the unique index on open requests refused the second.
        db.session.rollback()
        existing = service.open_request_for(learner.id, competency.id)
        if existing is None:
            raise
        return None, existing


def _already_waiting(learner, existing):
    flash(_("%(name)s is already waiting for validation on this competency (asked on %(date)s). "
            "Here is that request.", name=learner.display_name,
            date=format_date(existing.requested_at, "medium")), "warning")
    return redirect(url_for("mastery.show_request", request_id=existing.id))


@bp.route("/my/requests")
@access.rule("own_record", learner_data=False)  # one's own requests (an educator's too) are no disclosure
def list_own_requests():
    learner = policy.own_learner(current_user)
    rows = service.requests_of_learner(learner.id) if learner else []
    return render_template("mastery/own_requests.html", learner=learner, rows=rows)


@bp.route("/my/requests/new", methods=["GET", "POST"])
@access.rule("own_record", learner_data=False)
def ask_for_validation():
    learner = policy.own_learner(current_user)
    if learner is None:
        flash(_("Your learner record is not set up yet. Ask your teacher."), "warning")
        return redirect(url_for("mastery.list_own_requests"))
    competencies = service.competencies_with_evidence(learner.id)
    form = AskForm()
    form.competency_id.choices = [(None, _("Choose a competency"))] + [(c.id, c.label) for c in competencies]
    if not form.is_submitted() and posted_id(request.args.get("competency_id")):
        form.competency_id.data = posted_id(request.args["competency_id"])
    if form.validate_on_submit():
        competency = next((c for c in competencies if c.id == form.competency_id.data), None)
        if competency is None:
            form.competency_id.errors.append(_("Choose the competency you are ready on."))
        else:
            sections = service.learner_sections(learner)
            _new, existing = _open_or_existing(learner, competency, requested_by=current_user, by_learner=True,
                                               section=sections[0] if sections else None, note=form.note.data)
            if existing is not None:
                flash(_("You already asked on %(date)s. Your request is waiting for a validator.",
                        date=format_date(existing.requested_at, "medium")), "warning")
                return redirect(url_for("mastery.list_own_requests", _anchor=f"request-{existing.id}"))
            flash(_("Your request is sent. A validator will look at your evidence and decide."), "success")
            return redirect(url_for("mastery.list_own_requests"))
    return render_template("mastery/ask.html", form=form, learner=learner, competencies=competencies)

