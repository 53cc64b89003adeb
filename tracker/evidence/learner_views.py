"""A learner's evidence as growth: the overview of every competency, and one competency's timeline."""
from flask import abort, render_template, request
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404
from ..dashboards.learner_pages import as_of_choice, as_of_context, as_of_detail
from ..mastery.teacher_levels import holding
from . import bp, lists, service
from .as_of import pieces_as_of
from .forms import CONTEXT_LABELS, KIND_LABELS


def _show_deleted() -> bool:
    return policy.is_admin(current_user) and request.args.get("show_deleted") == "1"


@bp.route("/learners/<int:learner_id>/evidence")
@access.rule("learner")
def list_learner_evidence(learner_id: int):
    learner = get_learner_or_404(learner_id)
    as_of, as_of_problem = as_of_choice(request.args.get("as_of"))
    show_deleted = _show_deleted() and as_of is None
    rows = lists.learner_overview(learner.id, include_deleted=show_deleted, as_of=as_of)
    audit.record_learner_view(current_user, learner, "overview", **as_of_detail(as_of))
    return render_template(
        "evidence/overview.html", learner=learner, rows=rows, show_deleted=show_deleted,
        teacher_levels=holding([learner.id], as_of=as_of),
        can_teach=policy.can_teach_learner(current_user, learner) and as_of is None,
        method_description=lists.method_description, **as_of_context(as_of, as_of_problem))



@bp.route("/learners/<int:learner_id>/competencies/<int:competency_id>/evidence")
@access.rule("learner")
def show_timeline(learner_id: int, competency_id: int):
    learner = get_learner_or_404(learner_id)
    competency = service.load_competency(competency_id)
    if competency is None:
        abort(404)
    as_of, as_of_problem = as_of_choice(request.args.get("as_of"))
    show_deleted = _show_deleted() and as_of is None
    items = (pieces_as_of(learner.id, competency.id, as_of) if as_of is not None else
             service.evidence_for_learner_competency(learner.id, competency.id, include_deleted=show_deleted))
    scores = [item.level for item in items if service.counts_toward_estimate(item)]
    estimate = service.estimate_for_scores(competency.framework, scores) if scores else None
    levels = service.level_choices(competency)
    audit.record_learner_view(current_user, learner, "timeline", competency_id=competency.id, **as_of_detail(as_of))
    return render_template(
        "evidence/timeline.html", learner=learner, competency=competency, items=items,
        levels={c.number: c for c in levels}, scale=competency.framework.scale, estimate=estimate,
        teacher_level=holding([learner.id], [competency.id], as_of).get((learner.id, competency.id)),
        score_count=len(scores), method=lists.method_description(competency.framework),
        show_deleted=show_deleted, can_teach=policy.can_teach_learner(current_user, learner) and as_of is None,
        contexts=CONTEXT_LABELS, kinds=KIND_LABELS, **as_of_context(as_of, as_of_problem))
