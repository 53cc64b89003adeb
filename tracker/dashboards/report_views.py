"""The administrator's continuous-improvement report, by school, section, framework and subgroup, and
the view of staff professional learning by badge domain."""
from flask import render_template, request, url_for
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..form_helpers import posted_id
from ..listing import csv_response
from . import bp, charts, professional_learning, report_tables, reports
from .suppression import MINIMUM_GROUP


def _report_request():
    scope = reports.load_scope(posted_id(request.args.get("school_id")), posted_id(request.args.get("section_id")), posted_id(request.args.get("framework_id")))
    data = reports.load_report(scope)
    rows = reports.subgroup_rows(data)
    tables = {t.key: t for t in report_tables.subgroup_tables(rows)}
    units = reports.unit_rows(data)

    def link(unit_row):
        args = dict(scope.args)
        args[f"{unit_row.kind}_id"] = unit_row.unit.id
        if unit_row.kind == "school":
            args.pop("section_id", None)
        if unit_row.kind == "section":
            args["school_id"] = unit_row.unit.school_id
        return url_for("dashboards.show_report", **args) + "#subgroups"

    for kind, unit_list in units.items():
        tables[kind] = report_tables.unit_table(kind, unit_list, link)
    return scope, data, rows, tables


@bp.route("/admin/reports")
@access.rule("admin", learner_data=False)
def show_report():
    scope, data, rows, tables = _report_request()
    attribute = request.args.get("by") if request.args.get("by") in reports.ATTRIBUTES else "english_learner"
    figures = {"pace": charts.payload(report_tables.pace_chart(rows, attribute)),
               "timeliness": charts.payload(report_tables.timeliness_chart(rows, attribute)),
               "support": charts.payload(report_tables.support_chart(rows, attribute)),
               "validation": charts.payload(report_tables.validation_chart(rows, attribute))}
    return render_template("dashboards/reports.html", scope=scope, tables=tables, figures=figures,
                           attribute=attribute, attributes=reports.ATTRIBUTES, learner_count=data.learner_count,
                           minimum=MINIMUM_GROUP)


@bp.route("/admin/reports.csv")
@access.rule("admin", learner_data=False)
def download_report():
    key = request.args.get("table", "pace")
    if key not in report_tables.TABLE_KEYS:
        key = "pace"
    _scope, _data, _rows, tables = _report_request()
    table = tables[key]
    return csv_response(f"report-{key}.csv", table.header, table.rows)


@bp.route("/admin/professional-learning")
@access.rule("admin")
def show_staff_learning():
    view = professional_learning.staff_learning(posted_id(request.args.get("framework_id")))
    audit.record_learners_view(current_user, "staff_learning", learner_ids=[e.id for e in view.educators],
                               framework_id=view.framework.id if view.framework else None)
    return render_template("dashboards/staff_learning.html", view=view, minimum=MINIMUM_GROUP,
                           support_share=professional_learning.SUPPORT_SHARE)
