"""Learners' own evidence (voice and choice), and its review by their teachers."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_own_learner_or_404, get_section_or_404
from ..competencies.picker import picker_groups
from . import bp, lists, service, submissions
from .forms import CONTEXT_LABELS, ReviewForm, StudentEvidenceForm
from .loaders import get_evidence_or_404
from .artifacts import store_upload


@bp.route("/my/evidence")
@access.rule("own_record", learner_data=False)  # one's own record is no disclosure
def list_my_evidence():
    learner = get_own_learner_or_404()
    return render_template("evidence/my_list.html", learner=learner, submissions=lists.submissions_of(learner),
                           contexts=CONTEXT_LABELS,
                           own_levels={c.number: c for c in submissions.own_view_choices(learner)})


@bp.route("/my/evidence/new", methods=["GET", "POST"])
@access.rule("own_record", learner_data=False)
def submit_my_evidence():
    learner = get_own_learner_or_404()
    form = StudentEvidenceForm()
    next_steps = service.current_step_ids(learner)
    form.set_competencies(picker_groups(educator=learner.is_educator, student=True, first_ids=next_steps))
    form.set_own_view(submissions.own_view_choices(learner))
    if form.validate_on_submit():
        has_file = bool(form.artifact.data and getattr(form.artifact.data, "filename", None))
        competency = service.load_competency(form.competency_id.data)
        if not has_file and not form.link_url.data:
            form.artifact.errors.append(_("Add a file or a link that shows your work."))
        elif (problem := submissions.own_view_problem(competency, form.self_level.data)) is not None:
            form.self_level.errors.append(problem)  # checked before the upload is stored
        else:
            artifact, stored = store_upload(form.artifact)
            if stored:
                submissions.submit_student_evidence(
                    current_user, learner, competency, observed_on=form.observed_on.data,
                    reflection=form.reflection.data, context=form.context.data, artifact=artifact,
                    link_url=form.link_url.data, self_level=form.self_level.data)
                flash(_("Thank you! Your evidence was sent to your teachers to review."), "success")
                return redirect(url_for("evidence.list_my_evidence"))
    return render_template("evidence/my_new.html", learner=learner, form=form, has_next_steps=bool(next_steps))


@bp.route("/sections/<int:section_id>/to-review")
@access.rule("section")
def list_to_review(section_id: int):
    section = get_section_or_404(section_id)
    items = lists.to_review_for_section(section)
    audit.record_learners_view(current_user, "to_review", learner_ids=[item.learner_id for item in items],
                               obj=section)
    return render_template("evidence/to_review.html", section=section, items=items, contexts=CONTEXT_LABELS)


@bp.route("/evidence/<int:evidence_id>/review", methods=["GET", "POST"])
@access.rule("learner_teacher")
def review_evidence(evidence_id: int):
    evidence = get_evidence_or_404(evidence_id, teach=True)
    competency = service.load_competency(evidence.competency_id)
    levels = service.level_choices(competency)
    form = ReviewForm()
    form.set_levels(levels)
    if evidence.status == "to_review" and form.validate_on_submit():
        service.review_evidence(current_user, evidence, level=form.level_number, feedback=form.feedback.data,
                                kind=form.kind.data)
        flash(_("Review saved; %(name)s can now see your feedback.", name=evidence.learner.first_name), "success")
        return redirect(url_for("evidence.show_evidence", evidence_id=evidence.id))
    audit.record_learner_view(current_user, evidence.learner, "review", evidence_id=evidence.id)
    return render_template("evidence/review.html", evidence=evidence, competency=competency, levels=levels,
                           levels_by_number={level.number: level for level in levels}, form=form,
                           contexts=CONTEXT_LABELS)
