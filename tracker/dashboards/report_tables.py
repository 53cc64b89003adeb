"""The report's tables (shown beside its charts and downloadable as CSV) and its charts."""
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import gettext as _

from . import charts
from .report_metrics import LATER, PACE_BUCKETS, SOON, Metrics
from .words import pace_label
from .reports import ATTRIBUTES, GroupRow, UnitRow, suppressed_text

TABLE_KEYS = ("pace", "timeliness", "validation", "school", "section", "framework")


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)  # cells: text or numbers; the first cell names the row
    links: list = field(default_factory=list)  # per row: a drill-down address or None (HTML only)
    group_rows: list[bool] = field(default_factory=list)  # per row: an attribute's heading row
    suppressed: list[bool] = field(default_factory=list)


def _days(value) -> str:
    return "—" if value is None else format_decimal(round(value, 1), format="#,##0.0")


def _share(count: int, total: int) -> str:
    if not total:
        return "—"
    return f"{count} ({round(100 * count / total)}%)"


def _rate(value) -> str:
    return "—" if value is None else f"{round(value)}%"


def _median_wait(m: Metrics) -> str:
    """The Kaplan–Meier median in school days; "not reached" while more than half the flags wait."""
    if not m.flags:
        return "—"
    median = m.support.median
    return _("not reached") if median is None else str(median)


def _pace_cells(m: Metrics) -> list:
    return [m.learners, m.placements] + [_share(m.pace[b], m.placements) for b in PACE_BUCKETS]


def _timeliness_cells(m: Metrics) -> list:
    return [m.decided, _days(m.median_days_to_validation), m.flags, _share(m.supported, m.flags), _median_wait(m),
            _rate(m.supported_within(SOON)), _rate(m.supported_within(LATER))]


def _validation_cells(m: Metrics) -> list:
    return [m.decided, m.mastered, _rate(m.validation_rate), m.open_flags, m.waiting_for_support]




def subgroup_tables(rows: list[GroupRow]) -> list[Table]:
    """The three subgroup tables: pace, timeliness, validation and open flags."""
    specs = [
        ("pace", _("Pace by subgroup"),
         [_("Learners"), _("Placements")] + [pace_label(b) for b in PACE_BUCKETS], _pace_cells),
        ("timeliness", _("Time to validation and to support, by subgroup"),
         [_("Requests decided"), _("Median days, request to decision"), _("Support flags"), _("Flags acted on"),
          _("Median school days, flag to support"), _("Supported within %(n)s school days", n=SOON),
          _("Supported within %(n)s school days", n=LATER)],
         _timeliness_cells),
        ("validation", _("Validation rate and open flags, by subgroup"),
         [_("Requests decided"), _("Decided mastered"), _("Validation rate"), _("Open flags"),
          _("Open flags waiting for support")], _validation_cells),
    ]
    tables = []
    for key, title, header, cells in specs:
        table = Table(key, title, [_("Group")] + header)
        width = len(header)
        last_attribute = None
        for row in rows:
            if row.attribute is not None and row.attribute != last_attribute:
                table.rows.append([str(ATTRIBUTES[row.attribute])] + [""] * width)
                table.group_rows.append(True)
                table.suppressed.append(False)
                last_attribute = row.attribute
            values = [suppressed_text()] * width if row.suppressed else cells(row.metrics)
            table.rows.append([row.label if row.attribute else _("All learners")] + values)
            table.group_rows.append(False)
            table.suppressed.append(row.suppressed)
        tables.append(table)
    return tables


def unit_table(kind: str, rows: list[UnitRow], link) -> Table:
    titles = {"school": _("By school"), "section": _("By section"), "framework": _("By framework")}
    names = {"school": _("School"), "section": _("Section"), "framework": _("Framework")}
    table = Table(kind, titles[kind], [names[kind], _("Learners"), _("Placements"), _("On pace or ahead"),
                                       _("Behind or far behind"), _("Median days, request to decision"),
                                       _("Validation rate"), _("Flags acted on"),
                                       _("Median school days, flag to support"), _("Open flags")])
    for row in rows:
        m = row.metrics
        ahead = m.pace["ahead"] + m.pace["on_pace"]
        behind = m.pace["behind"] + m.pace["far_behind"]
        table.rows.append([row.label, m.learners, m.placements, _share(ahead, m.placements),
                           _share(behind, m.placements), _days(m.median_days_to_validation), _rate(m.validation_rate),
                           _share(m.supported, m.flags), _median_wait(m), m.open_flags])
        table.links.append(link(row))
        table.group_rows.append(False)
        table.suppressed.append(False)
    return table


# Charts -----------------------------------------------------------------------------------------

def _shown(rows: list[GroupRow], attribute: str) -> list[GroupRow]:
    return [r for r in rows if r.attribute is None or r.attribute == attribute]


def _label(row: GroupRow) -> str:
    return (row.label if row.attribute else _("All learners")) + (" *" if row.suppressed else "")


def pace_chart(rows: list[GroupRow], attribute: str) -> dict:
    """Stacked bars: the share of placements in each pace bucket, per group of one attribute."""
    chosen = _shown(rows, attribute)
    series = []
    for bucket in PACE_BUCKETS:
        colour = charts.PACE_COLOURS.get(bucket, charts.PACE_COLOURS["not_placed"])
        values = [None if r.suppressed else r.metrics.pace_share(bucket) for r in chosen]
        series.append((pace_label(bucket), [None if v is None else round(v, 1) for v in values], colour))
    return charts.bar_figure([_label(r) for r in chosen], series, x_title=_("Share of placements"),
                             stacked=True, horizontal=True, percent=True, height=140 + 40 * len(chosen))


def timeliness_chart(rows: list[GroupRow], attribute: str) -> dict:
    chosen = _shown(rows, attribute)
    days = [None if r.suppressed or r.metrics.median_days_to_validation is None
            else round(r.metrics.median_days_to_validation, 1) for r in chosen]
    return charts.bar_figure([_label(r) for r in chosen],
                             [(_("Median days, request to decision"), days, charts.BRAND)],
                             x_title=_("Days"), horizontal=True, height=140 + 40 * len(chosen))


def support_chart(rows: list[GroupRow], attribute: str) -> dict:
    """Shares, not a median: the Kaplan–Meier median is often "not reached", and a bar cannot say that."""
    chosen = _shown(rows, attribute)

    def shares(read):
        return [None if r.suppressed or read(r.metrics) is None else round(read(r.metrics), 1) for r in chosen]

    return charts.bar_figure(
        [_label(r) for r in chosen],
        [(_("Flags acted on"), shares(lambda m: m.acted_on_rate), charts.MUTED),
         (_("Supported within %(n)s school days", n=SOON), shares(lambda m: m.supported_within(SOON)), charts.WARN),
         (_("Supported within %(n)s school days", n=LATER), shares(lambda m: m.supported_within(LATER)), charts.OK)],
        x_title=_("Share of flags"), horizontal=True, percent=True, height=160 + 60 * len(chosen))


def validation_chart(rows: list[GroupRow], attribute: str) -> dict:
    chosen = _shown(rows, attribute)
    rates = [None if r.suppressed or r.metrics.validation_rate is None else round(r.metrics.validation_rate, 1)
             for r in chosen]
    return charts.bar_figure([_label(r) for r in chosen], [(_("Validation rate"), rates, charts.OK)],
                             x_title=_("Share of decided requests decided mastered"), horizontal=True, percent=True,
                             height=140 + 40 * len(chosen))
