"""The class grid: a level and short feedback for every learner of a section, in one submit."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_section_or_404
from ..competencies.picker import option_ids, picker_groups
from ..form_helpers import posted_id
from ..rosters import members
from . import bp, grid, service
from .forms import GridForm


@bp.route("/sections/<int:section_id>/grid", methods=["GET", "POST"])
@access.rule("section")
def enter_grid(section_id: int):
    section = get_section_or_404(section_id)
    groups = picker_groups(educator=False)
    competency_id = posted_id(request.args.get("competency_id"))
    competency = service.load_competency(competency_id) if competency_id in option_ids(groups) else None
    if competency is None:
        unknown = competency_id is not None or request.method == "POST"
        return render_template("evidence/grid_pick.html", section=section, groups=groups, unknown=unknown)

    learners = members.section_learners(section, include_inactive=False)
    levels = service.level_choices(competency)
    form = GridForm()
    formdata = request.form if request.method == "POST" else {}
    rows = grid.parse_rows([(learner.id, learner.display_name) for learner in learners], formdata,
                           [level.number for level in levels])
    row_errors = [row for row in rows if row.error]
    nothing_typed = False
    if form.validate_on_submit() and not row_errors:
        if not any(row.is_filled for row in rows):
            nothing_typed = True
        else:
            saved = grid.save_rows(current_user, competency, rows, observed_on=form.observed_on.data,
                                   kind=form.kind.data, context=form.context.data)
            back = url_for("evidence.enter_grid", section_id=section.id, competency_id=competency.id)
            flash(ngettext("Saved evidence for %(num)d learner.", "Saved evidence for %(num)d learners.",
                           len(saved)), "success")
            return redirect(back)
    posted = request.method == "POST"
    first_error = None
    if posted and form.errors:
        first_error = next(iter(form.errors))
    elif row_errors:
        first_error = f"{row_errors[0].error_field}-{row_errors[0].learner_id}"
    learner_ids = [learner.id for learner in learners]
    estimates = service.estimates_for(learner_ids, [competency.id])
    audit.record_learners_view(current_user, "grid", learner_ids=learner_ids, obj=section,
                               competency_id=competency.id)
    html = render_template(
        "evidence/grid.html", section=section, competency=competency, levels=levels, form=form,
        rows=rows,
        row_errors=row_errors, nothing_typed=nothing_typed, first_error=first_error,
        latest=grid.latest_levels(learner_ids, competency.id),
        estimates={learner_id: estimates.get((learner_id, competency.id)) for learner_id in learner_ids},
        scored={learner_id for learner_id, _competency in estimates},  # no estimate: "not enough evidence yet"
        scale=competency.framework.scale, posted=posted,
        nothing_saved=posted and bool(row_errors or form.errors or nothing_typed),
    )
    return html
