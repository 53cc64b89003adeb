"""The class heatmap of a section, with its data table and CSV."""
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_section_or_404
from ..evidence.lists import method_description
from ..form_helpers import posted_id
from ..listing import csv_response, page_number
from . import bp, charts
from .heatmap import build_heatmap
from .heatmap_table import cell_text, learner_summaries, table_page
from .words import pace_label

# Placeholders in the timeline address the heatmap's script fills with a clicked cell's ids.
LEARNER_PLACEHOLDER, COMPETENCY_PLACEHOLDER = 2147483001, 2147483002


def _heatmap_for_request(section):
    return build_heatmap(section, framework_id=posted_id(request.args.get("framework_id")),
                         domain_id=posted_id(request.args.get("domain_id")), sort=request.args.get("sort", "name"),
                         viewer=current_user)


@bp.route("/sections/<int:section_id>/heatmap")
@access.rule("section")
def show_heatmap(section_id: int):
    section = get_section_or_404(section_id)
    heatmap = _heatmap_for_request(section)
    figure = None
    if heatmap.framework is not None and heatmap.rows and heatmap.columns and heatmap.levels:
        click = {"url": url_for("evidence.show_timeline", learner_id=LEARNER_PLACEHOLDER,
                                competency_id=COMPETENCY_PLACEHOLDER),
                 "learner_placeholder": str(LEARNER_PLACEHOLDER),
                 "competency_placeholder": str(COMPETENCY_PLACEHOLDER),
                 "rows": [row.learner_id for row in heatmap.rows],
                 "columns": [column.competency_id for column in heatmap.columns]}
        grid = charts.heatmap_grid(heatmap)
        figure = charts.payload(charts.heatmap_figure(heatmap, method_label=method_description(heatmap.framework)),
                                click=click, **({"grid": grid} if grid else {}))
    audit.record(current_user, "section.heatmap", section, framework_id=heatmap.framework.id
                 if heatmap.framework else None, learners=len(heatmap.rows))
    html = render_template(
        "dashboards/heatmap.html", section=section, heatmap=heatmap, figure=figure, page=1, pages=1,
        rows=_table_rows(heatmap, heatmap.rows) if heatmap.is_small else [],
        summaries=[] if heatmap.is_small else learner_summaries(heatmap), pace_label=pace_label, level_colours=charts.level_colours(len(heatmap.levels)),
        method=method_description(heatmap.framework) if heatmap.framework else "",
        filters={"framework_id": heatmap.framework.id if heatmap.framework else None,
                 "domain_id": heatmap.domain_id, "sort": heatmap.sort})
    return html


def _table_rows(heatmap, rows):
    return [(row, [cell_text(heatmap, row.learner_id, c.competency_id) for c in heatmap.columns]) for row in rows]


@bp.route("/sections/<int:section_id>/heatmap/table")
@access.rule("section")
def show_heatmap_table(section_id: int):
    """The heatmap's full data table (every cell), 50 learners to a page: a large grid's page
    shows a summary per learner and links here."""
    section = get_section_or_404(section_id)
    heatmap = _heatmap_for_request(section)
    rows, page, pages = table_page(heatmap, page_number(request.args))
    audit.record(current_user, "section.heatmap_table", section, framework_id=heatmap.framework.id
                 if heatmap.framework else None, learners=len(rows))
    return render_template(
        "dashboards/heatmap_table.html", section=section, heatmap=heatmap, page=page, pages=pages,
        rows=_table_rows(heatmap, rows), pace_label=pace_label,
        filters={"framework_id": heatmap.framework.id if heatmap.framework else None,
                 "domain_id": heatmap.domain_id, "sort": heatmap.sort})


@bp.route("/sections/<int:section_id>/heatmap.csv")
@access.rule("section")
def download_heatmap(section_id: int):
    section = get_section_or_404(section_id)
    heatmap = _heatmap_for_request(section)
    header = [_("Learner"), _("Progression"), _("Pace"), _("Open flags")] + [c.label for c in heatmap.columns]
    rows = ([row.name, row.progression_title or "", pace_label(row.pace_state), row.open_flags]
            + [cell_text(heatmap, row.learner_id, c.competency_id) for c in heatmap.columns]
            for row in heatmap.rows)
    audit.record(current_user, "section.heatmap_csv", section,
                 framework_id=heatmap.framework.id if heatmap.framework else None)
    return csv_response(f"heatmap-section-{section.id}.csv", header, rows)
