"""A teacher's evidence for one learner: log it, see it with its history, edit it, delete it."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404
from ..competencies.picker import picker_groups
from ..form_helpers import posted_id
from ..rosters import members
from ..timeutil import today
from . import artifacts, bp, lists, service
from .artifacts import store_upload
from .forms import CONTEXT_LABELS, KIND_LABELS, DeleteForm, EditEvidenceForm, EvidenceForm
from .loaders import get_evidence_or_404


@bp.route("/evidence")
@access.rule("teacher")
def index():
    sections = lists.sections_with_review_counts(current_user)
    learners = members.learners_by_section([section.id for section, _count, _waiting in sections], include_inactive=False)
    audit.record_learners_view(current_user, "evidence_index",
                               learner_ids=[learner.id for group in learners.values() for learner in group])
    return render_template("evidence/index.html", sections=sections, learners=learners)


@bp.route("/learners/<int:learner_id>/evidence/new", methods=["GET", "POST"])
@access.rule("learner_teacher")
def new_evidence(learner_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    form = EvidenceForm()
    form.set_competencies(picker_groups(educator=learner.is_educator))
    if request.method == "GET":
        form.competency_id.data = posted_id(request.args.get("competency_id"))
    chosen = form.competency_id.data if form.competency_id.data in form.allowed_competency_ids else None
    if request.method == "GET" and "competency_id" in request.args and chosen is None:
        form.competency_id.errors = [_("Choose a competency from the list.")]
    competency = service.load_competency(chosen)
    levels = service.level_choices(competency) if competency else []
    form.set_levels(levels)
    if form.validate_on_submit():
        artifact, stored = store_upload(form.artifact)
        if stored:
            service.create_evidence(
                current_user, learner, competency, observed_on=form.observed_on.data, level=form.level_number,
                kind=form.kind.data, feedback=form.feedback.data, context=form.context.data,
                artifact=artifact, link_url=form.link_url.data)
            flash(_("Evidence saved for %(name)s.", name=learner.display_name), "success")
            return redirect(url_for("evidence.show_timeline", learner_id=learner.id, competency_id=competency.id))
    audit.record_learner_view(current_user, learner, "evidence_new")
    return render_template("evidence/new.html", learner=learner, form=form, competency=competency,
                                   levels=levels)


@bp.route("/evidence/<int:evidence_id>")
@access.rule("learner")
def show_evidence(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id)
    competency = service.load_competency(evidence.competency_id)
    audit.record_learner_view(current_user, evidence.learner, "evidence", evidence_id=evidence.id)
    return render_template(
        "evidence/show.html", evidence=evidence, competency=competency,
        levels={c.number: c for c in service.level_choices(competency)},
        versions=service.versions_of(evidence), contexts=CONTEXT_LABELS, kinds=KIND_LABELS,
        can_teach=policy.can_teach_learner(current_user, evidence.learner), delete_form=DeleteForm())


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@access.rule("learner_teacher")
def edit_evidence(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id, teach=True)
    if evidence.deleted_at is not None:
        abort(404)
    if evidence.status == "to_review":
        return redirect(url_for("evidence.review_evidence", evidence_id=evidence.id))
    competency = service.load_competency(evidence.competency_id)
    levels = service.level_choices(competency)
    form = EditEvidenceForm(obj=evidence if request.method == "GET" else None)
    if request.method == "GET":
        form.level.data = str(evidence.level) if evidence.level is not None else None
    form.set_levels(levels)
    if form.validate_on_submit():
        artifact, stored = store_upload(form.artifact)
        if stored:
            changed = service.edit_evidence(
                current_user, evidence, observed_on=form.observed_on.data, kind=form.kind.data,
                level=form.level_number, feedback=form.feedback.data, context=form.context.data,
                link_url=form.link_url.data, artifact=artifact)
            flash(_("Changes saved; the earlier version is kept in the history.") if changed
                  else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("evidence.show_evidence", evidence_id=evidence.id))
    audit.record_learner_view(current_user, evidence.learner, "evidence_edit", evidence_id=evidence.id)
    return render_template("evidence/edit.html", evidence=evidence, form=form, competency=competency,
                                   levels=levels, cited=service.is_cited(evidence))


@bp.route("/evidence/<int:evidence_id>/delete", methods=["GET", "POST"])
@access.rule("learner_teacher")
def delete_evidence(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id, teach=True)
    form = DeleteForm()
    if evidence.deleted_at is None and form.validate_on_submit():
        service.delete_evidence(current_user, evidence)
        flash(_("The evidence is deleted. It no longer counts toward estimates; an administrator can "
                "still see it."), "success")
        return redirect(url_for("evidence.show_timeline", learner_id=evidence.learner_id,
                                competency_id=evidence.competency_id))
    competency = service.load_competency(evidence.competency_id)
    audit.record_learner_view(current_user, evidence.learner, "evidence_delete", evidence_id=evidence.id)
    return render_template("evidence/delete.html", evidence=evidence, competency=competency, form=form,
                                   cited=service.is_cited(evidence))


@bp.context_processor
def evidence_template_values():
    return {"today_iso": today().isoformat(), "max_size": artifacts.describe_size(artifacts.max_bytes())}
