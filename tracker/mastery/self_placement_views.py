"""An educator's self-assessment per badge domain, and their coach's confirmation."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth import access, policy
from ..auth.loaders import get_learner_or_404, get_own_learner_or_404
from ..competencies.domains import domains_of
from ..form_helpers import FieldProblem, posted_id
from . import bp, self_placement


def _levels(prefix: str) -> dict[int, int | None]:
    """{id: level} from fields named prefix + id; a blank or unreadable level is None."""
    found = {}
    for name, value in request.form.items():
        if name.startswith(prefix) and posted_id(name[len(prefix):]) is not None:
            found[int(name[len(prefix):])] = int(value) if value.strip().isdigit() else None
    return found


@bp.route("/my/self-assessment", methods=["GET", "POST"])
@access.rule("own_record", learner_data=False)  # one's own record is no disclosure
def self_assess():
    learner = get_own_learner_or_404()
    framework = self_placement.educator_framework(learner)
    if framework is None:
        flash(_("You are not on a professional learning path yet: your coach places you on one."), "warning")
        return redirect(url_for("dashboards.my_progress"))
    problem = None
    if request.method == "POST":
        try:
            rows = self_placement.submit(current_user, learner, framework, _levels("domain-"),
                                         request.form.get("note"))
            flash(ngettext("Sent to your coach: %(num)d domain to confirm.",
                           "Sent to your coach: %(num)d domains to confirm.", len(rows)), "success")
            return redirect(url_for("dashboards.show_progress", learner_id=learner.id))
        except FieldProblem as found:
            problem = found
    status = 200 if problem is None else 400
    return render_template("mastery/self_assessment.html", learner=learner, framework=framework,
                           domains=domains_of(framework), waiting=self_placement.waiting(learner.id),
                           problem=problem, chosen=_levels("domain-") if problem else {},
                           note=request.form.get("note", "")), status


@bp.route("/learners/<int:learner_id>/self-assessment/confirm", methods=["POST"])
@access.rule("learner_staff")
def confirm_self_assessment(learner_id: int):
    learner = get_learner_or_404(learner_id)
    framework = self_placement.educator_framework(learner)
    if framework is None or not policy.coaches_educator(current_user, learner.id):
        flash(_("Only the educator's coach confirms a self-assessment."), "error")
        return redirect(url_for("dashboards.show_progress", learner_id=learner.id))
    try:
        count = self_placement.confirm(current_user, learner, framework, _levels("confirm-"))
        flash(ngettext("Confirmed %(num)d level: %(name)s starts there.",
                       "Confirmed %(num)d levels: %(name)s starts there.", count, name=learner.display_name),
              "success")
    except FieldProblem as problem:
        flash(problem.message, "error")
    return redirect(url_for("dashboards.show_progress", learner_id=learner.id) + "#domains-heading")
