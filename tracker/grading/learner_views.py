"""A learner's credits and report-card grades, each explained, with the learner's what-if."""
from flask import render_template, request
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_learner_or_404
from ..form_helpers import posted_id
from . import bp, service
from .choices import choose


@bp.route("/learners/<int:learner_id>/grades")
@access.rule("learner")
def show_learner_grades(learner_id: int):
    learner = get_learner_or_404(learner_id)
    chosen = choose(request.args)
    levels = service.course_levels([learner.id], chosen.credits) if chosen.credits else {}
    credit_lines = service.credit_lines([learner.id], chosen.credits, levels=levels).get(learner.id, [])
    line = answer = None
    asked = []
    if chosen.credit is not None and chosen.scheme is not None:
        line = service.grade_lines([learner.id], chosen.credit, chosen.scheme, levels=levels)[learner.id]
        asked_ids = {posted_id(value) for value in request.args.getlist("if")} - {None}
        asked = [level for level in line.levels if level.competency_id in asked_ids and not level.mastered]
        if asked:
            answer = service.what_if(line, chosen.scheme, [level.competency_id for level in asked])
    audit.record_learner_view(current_user, learner, "grades", credit_id=chosen.credit.id if chosen.credit else None)
    return render_template(
        "grading/learner.html", learner=learner, chosen=chosen, credit_lines=credit_lines, line=line,
        asked=asked, answer=answer, is_self=learner.user_id is not None and learner.user_id == current_user.id,
        rule_words=service.rule_words, check_words=service.check_words, evidence_words=service.evidence_words)
