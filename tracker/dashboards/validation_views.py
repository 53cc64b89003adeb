"""The validator's dashboard: the queue's size and age, decisions per week, agreement."""
from flask import render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import access
from ..listing import csv_response
from . import bp, charts, validation


def _week_label(week) -> str:
    return format_date(week.starts_on, "d MMM")


@bp.route("/validation/dashboard")
@access.rule("validator_or_admin", learner_data=False)
def show_validation_dashboard():
    stats = validation.validator_stats(current_user)
    mine = current_user.has_role("validator")
    weeks = [_week_label(w) for w in stats.weeks]
    series = ([(_("My decisions: mastered"), [w.mine_mastered for w in stats.weeks], charts.OK),
               (_("My decisions: not yet"), [w.mine_not_yet for w in stats.weeks], charts.WARN),
               (_("All validators"), [w.everyone for w in stats.weeks], charts.MUTED)] if mine else
              [(_("Mastered"), [w.all_mastered for w in stats.weeks], charts.OK),
               (_("Not yet"), [w.all_not_yet for w in stats.weeks], charts.WARN)])
    week_figure = charts.bar_figure(weeks, series, x_title=_("Week starting"), y_title=_("Decisions"),
                                    stacked=not mine, height=340)
    age_figure = charts.bar_figure([label for label, _n in stats.ages],
                                   [(_("Requests waiting"), [n for _label, n in stats.ages], charts.BRAND)],
                                   x_title=_("Waiting for"), y_title=_("Requests"), height=300)
    return render_template("dashboards/validation.html", stats=stats, mine=mine,
                           week_figure=charts.payload(week_figure), age_figure=charts.payload(age_figure),
                           week_label=_week_label)


@bp.route("/validation/dashboard.csv")
@access.rule("validator_or_admin", learner_data=False)
def download_validation_dashboard():
    stats = validation.validator_stats(current_user)
    if request.args.get("table") == "ages":
        return csv_response("validation-queue-ages.csv", [_("Waiting for"), _("Requests")], stats.ages)
    header = [_("Week starting"), _("My decisions: mastered"), _("My decisions: not yet"),
              _("All validators: mastered"), _("All validators: not yet")]
    rows = [(w.starts_on, w.mine_mastered, w.mine_not_yet, w.all_mastered, w.all_not_yet) for w in stats.weeks]
    return csv_response("validation-decisions-per-week.csv", header, rows)
