"""Support pages: a learner's supports, the teacher's open flags, planning and closing interventions."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access, policy
from ..auth.loaders import get_learner_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from ..listing import csv_response
from ..timeutil import today
from . import bp, interventions, lists, needs
from .forms import CloseForm, InterventionForm
from .loaders import get_flag_or_404, get_intervention_or_404
from .words import TEMPLATE_GLOBALS, flag_reason, kind_label, type_label

# The kind of support a flag suggests first; the teacher can choose any.
SUGGESTED_TYPE = {"stalled": "family_conference", "repeated_not_yet": "reteach", "behind_pace": "small_group",
                  "prerequisite_gap": "reteach"}


@bp.record_once
def register_words(state):
    """Jinja globals (not a context processor), so that imported macros see them too."""
    state.app.jinja_env.globals.update(TEMPLATE_GLOBALS)



@bp.route("/learners/<int:learner_id>/supports")
@access.rule("learner")
def show_learner_supports(learner_id: int):
    learner = get_learner_or_404(learner_id)
    audit.record_learner_view(current_user, learner, "supports")
    return render_template(
        "supports/learner.html", learner=learner, supports=interventions.learner_supports(learner),
        staff=policy.is_staff(current_user), is_self=learner.user_id == current_user.id,
        may_plan=policy.can_teach_learner(current_user, learner))


def _render_plan(learner, form, *, flag=None, intervention=None, status: int = 200):
    audit.record_learner_view(current_user, learner, "support_plan", flag_id=flag.id if flag else None,
                              intervention_id=intervention.id if intervention else None)
    return render_template("supports/plan.html", learner=learner, form=form, flag=flag,
                                    intervention=intervention), status


def _save_new(learner, form, flag=None):
    try:
        interventions.create_intervention(
            current_user, learner, kind=form.kind.data, provider=form.provider.data, plan=form.plan.data,
            starts_on=form.starts_on.data, review_on=form.review_on.data, status=form.status.data, flag=flag)
    except FieldProblem as problem:
        db.session.rollback()
        show_problem(form, problem)
        return None
    flash(_("Support planned for %(name)s: %(kind)s.", name=learner.display_name, kind=type_label(form.kind.data)),
          "success")
    return redirect(url_for("supports.show_learner_supports", learner_id=learner.id))


def _new_form(flag=None) -> InterventionForm:
    form = InterventionForm()
    if not form.is_submitted():
        form.provider.data = current_user.name
        form.starts_on.data = today()
        if flag is not None:
            form.kind.data = SUGGESTED_TYPE.get(flag.kind, "other")
    return form


@bp.route("/flags/<int:flag_id>/plan", methods=["GET", "POST"])
@access.rule("learner_teacher")
def plan_support(flag_id: int):
    flag = get_flag_or_404(flag_id, teach=True)
    form = _new_form(flag)
    if flag.resolved_at is not None and request.method == "POST":
        # A closed flag is history: support planned now belongs to the learner, not to it.
        flash(_("This flag closed on %(date)s, so no support is planned from it; nothing was saved. "
                "Plan support for the learner instead.", date=flag.resolved_at.date().isoformat()), "error")
        return _render_plan(flag.learner, form, flag=flag, status=409)
    if form.validate_on_submit():
        response = _save_new(flag.learner, form, flag)
        if response is not None:
            return response
    return _render_plan(flag.learner, form, flag=flag)


@bp.route("/learners/<int:learner_id>/interventions/new", methods=["GET", "POST"])
@access.rule("learner_teacher")
def new_intervention(learner_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    form = _new_form()
    if form.validate_on_submit():
        response = _save_new(learner, form)
        if response is not None:
            return response
    return _render_plan(learner, form)


@bp.route("/interventions/<int:intervention_id>", methods=["GET", "POST"])
@access.rule("learner_teacher")
def edit_intervention(intervention_id: int):
    intervention = get_intervention_or_404(intervention_id, teach=True)
    form = InterventionForm(obj=intervention if request.method == "GET" else None)
    if intervention.status != "closed" and form.validate_on_submit():
        try:
            changed = interventions.update_intervention(
                current_user, intervention, kind=form.kind.data, provider=form.provider.data, plan=form.plan.data,
                starts_on=form.starts_on.data, review_on=form.review_on.data, status=form.status.data)
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            flash(_("Changes saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("supports.show_learner_supports", learner_id=intervention.learner_id))
    return _render_plan(intervention.learner, form, flag=intervention.flag, intervention=intervention)


@bp.route("/interventions/<int:intervention_id>/close", methods=["GET", "POST"])
@access.rule("learner_teacher")
def close_intervention(intervention_id: int):
    intervention = get_intervention_or_404(intervention_id, teach=True)
    form = CloseForm()
    if intervention.status == "closed":
        flash(_("This support is already closed."), "info")
        return redirect(url_for("supports.show_learner_supports", learner_id=intervention.learner_id))
    if form.validate_on_submit():
        try:
            interventions.close_intervention(current_user, intervention, outcome=form.outcome.data)
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            flash(_("Support closed; the outcome is recorded."), "success")
            return redirect(url_for("supports.show_learner_supports", learner_id=intervention.learner_id))
    audit.record_learner_view(current_user, intervention.learner, "support_close", intervention_id=intervention.id)
    return render_template("supports/close.html", intervention=intervention, learner=intervention.learner,
                                    form=form)


@bp.route("/supports/flags")
@access.rule("teacher")
def list_flags():
    page = needs.needs_page(current_user, lists.FlagFilters.from_args(request.args),
                            per_page=current_app.config["PAGE_SIZE"])
    audit.record_learners_view(current_user, "support_flags", learner_ids=[row.learner.id for row in page.rows],
                               filters=page.filters.url_args())
    return render_template("supports/flags.html", page=page, today=today(), priority_rule=needs.PRIORITY_RULE)


@bp.route("/supports/flags.csv")
@access.rule("teacher")
def download_flags():
    filters = lists.FlagFilters.from_args(request.args)
    rows = lists.all_open_flag_rows(current_user, filters)
    header = [_("Learner"), _("Sections"), _("Flag"), _("Competency"), _("Progression"), _("Reason"),
              _("Raised on"), _("Days open"), _("Support planned")]
    now = today()
    table = [
        [row.learner.display_name, ", ".join(row.sections), kind_label(row.flag.kind),
         row.flag.competency.code or row.flag.competency.statement if row.flag.competency else None,
         row.flag.progression.title if row.flag.progression else None, flag_reason(row.flag),
         row.flag.raised_at.date(), (now - row.flag.raised_at.date()).days,
         "; ".join(f"{type_label(i.kind)} ({i.provider})" for i in row.interventions) or None]
        for row in rows
    ]
    audit.record_learners_view(current_user, "support_flags_csv", learner_ids=[row.flag.learner_id for row in rows],
                               filters=filters.url_args())
    return csv_response("open-flags.csv", header, table)
