"""Small-group support for a section, and the teacher's plan for the week."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_section_or_404
from ..extensions import db
from ..form_helpers import FieldProblem
from ..timeutil import today
from . import bp, groups, week
from .forms import group_plans_from
from .interventions import TYPE_LABELS
from .models import INTERVENTION_TYPES


@bp.route("/sections/<int:section_id>/support-groups", methods=["GET", "POST"])
@access.rule("section")
def suggest_groups(section_id: int):
    section = get_section_or_404(section_id)
    suggested = groups.suggest_groups(section)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        plans, problems = group_plans_from(request.form, [group.key for group in suggested])
        try:
            if problems:
                raise FieldProblem.combined(problems)
            made = groups.open_groups(current_user, section, plans)
        except FieldProblem as problem:
            db.session.rollback()
            for name, message in problem.problems:
                errors.setdefault(name, []).append(message)
            status = 400
            suggested = groups.suggest_groups(section)
        else:
            flash(_("Group support planned: %(titles)s.", titles="; ".join(g.title for g in made)), "success")
            return redirect(url_for("supports.show_week"))
    audit.record_learners_view(current_user, "support_groups", learner_ids=sorted(
        {m.learner.id for g in suggested for m in g.members}), section_id=section.id)
    return render_template("supports/groups.html", section=section, suggested=suggested, errors=errors,
                           form=request.form if request.method == "POST" else None, today=today(),
                           types=[(kind, _(TYPE_LABELS[kind])) for kind in INTERVENTION_TYPES],
                           rule=groups.GROUP_RULE), status


def _get_group_or_404(group_id: int):
    group = groups.load_group(group_id)
    if group is None:
        abort(404)
    if not policy.can_view_section(current_user, group.section):
        abort(403)
    return group


@bp.route("/support-groups/<int:group_id>", methods=["GET", "POST"])
@access.rule("section")
def show_group(group_id: int):
    group = _get_group_or_404(group_id)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            if request.form.get("action") == "start":
                groups.start_group(current_user, group)
                message = _("The group is in place now.")
            else:
                outcomes = {member.id: request.form.get(f"outcome-{member.id}", "") for member in group.members}
                groups.close_group(current_user, group, outcomes)
                message = _("Group closed; each learner’s outcome is recorded.")
        except FieldProblem as problem:
            db.session.rollback()
            group = _get_group_or_404(group_id)
            for name, text in problem.problems:
                errors.setdefault(name, []).append(text)
            status = 400
        else:
            flash(message, "success")
            return redirect(url_for("supports.show_group", group_id=group.id))
    audit.record_learners_view(current_user, "support_group", learner_ids=[m.learner_id for m in group.members],
                               group_id=group.id)
    return render_template("supports/group.html", group=group, errors=errors,
                           form=request.form if request.method == "POST" else None), status


@bp.route("/supports/week")
@access.rule("teacher")
def show_week():
    day, problem = week.parse_week(request.args.get("week"), today())
    plan = week.week_plan(current_user, day)
    audit.record_learners_view(current_user, "support_week", learner_ids=sorted(
        {m.learner_id for g in plan.groups for m in g.members} | {i.learner_id for i in plan.reviews}
        | {row[0].id for row in plan.ready} | {r.learner_id for r in plan.waiting}), week=plan.starts_on.isoformat())
    return render_template("supports/week.html", week=plan, today=today(), week_problem=problem), \
        (400 if problem else 200)
