"""Plotly figures built on the server from plain data, as JSON for static/js/charts.js.

Each function returns a figure as a dict in Plotly's schema (tests check every figure against
it with plotly.graph_objects.Figure). Figures are written as dicts, not graph objects, because
validating a 78,000-cell heatmap costs half a second per page; `payload()` turns one into the
JSON a page embeds in a <script type="application/json"> block (no inline script: the CSP
allows scripts from 'self' only). Every chart has a table beside it with the same numbers.
"""
import json
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from markupsafe import Markup

from ..mastery.estimate_display import TEACHER_MARK, cut_to_tenths
from ..supports.pace import Pace
from .heatmap_table import level_text
from .heatmap_codec import pack

FONT = {"family": 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif',
        "size": 13, "color": "#1b1f24"}
# The level colours of the stylesheet (--level-1 … --level-4), light to dark for higher levels.
LEVEL_COLOURS = ["#f3d9c6", "#f6eaa6", "#a7dcb5", "#5fb37d", "#2f8a55", "#1d6b3a"]
OK, WARN, BAD, BRAND, MUTED = "#1d6b3a", "#8a5a00", "#a3231b", "#0b5cad", "#6b737e"
PACE_COLOURS = {"ahead": "#1d6b3a", "on_pace": "#5fb37d", "behind": "#d9a21b", "far_behind": "#a3231b",
                "no_pace": "#e3e6ea", "not_placed": "#c9ced6"}
# Plotly's defaults name three addresses on the internet: its logo's link (displaylogo), the Chart Studio
# server behind "edit" and "send" links (plotlyServerURL), and a CDN for map outlines (topojsonURL, read
# only by geo traces, which the cartesian bundle does not carry). Each is switched off or pointed here, so
# nothing a chart does can reach out, whatever a later Plotly build does by default.
CONFIG = {"displaylogo": False, "responsive": True, "showLink": False, "showEditInChartStudio": False,
          "showSendToCloud": False, "plotlyServerURL": "", "topojsonURL": "/static/",
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"]}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a figure")


def payload(figure: dict, **extra) -> Markup:
    """The figure (and extras, e.g. where a click leads) as JSON safe inside a <script> element."""
    text = json.dumps({"figure": figure, "config": CONFIG, **extra}, default=_plain, ensure_ascii=False,
                      separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _layout(**kw) -> dict:
    layout = {"font": FONT, "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
              "margin": {"l": 60, "r": 20, "t": 30, "b": 50}, "hoverlabel": {"font": {"size": 13}}}
    layout.update(kw)
    return layout


def level_colours(count: int) -> list[str]:
    """`count` colours for a scale's levels: the stylesheet's four for a four-level scale."""
    if count <= 4:
        return LEVEL_COLOURS[4 - count:4] if count else []
    return [LEVEL_COLOURS[round(i * (len(LEVEL_COLOURS) - 1) / (count - 1))] for i in range(count)]


def stepped_colourscale(colours: list[str]) -> list:
    """A colourscale with a flat band per colour, so a cell's colour is its whole level."""
    scale, n = [], len(colours)
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def plotly_text(value: str) -> str:
    """Text as Plotly shows it literally: Plotly reads <b>, <i>, <br>, <a href> and <span style> in
    labels and hover text as its own markup (a learner named "<a href=…>" became a link), and
    turns the entities &amp; &lt; &gt; back into the characters."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The class heatmap ------------------------------------------------------------------------------

def _shown(estimate: float | None) -> float | None:
    """The estimate as every page shows it (the one display rule: cut, not rounded, to one decimal):
    the hover reads the same number as the table, in 3 characters instead of up to 18 (78,000 of
    them at 600 × 130), and it is never lifted into the next level's colour (2.99 stays in level
    2's band; rounded, it would turn level 3)."""
    return None if estimate is None else cut_to_tenths(estimate)


def _label_width(labels: list[str], size: int) -> int:
    """The widest label's width in pixels at this font size, generously (0.7 em a character: wider
    than the average of the sans-serif fonts the page uses), so no label is cut at the edge."""
    return round(max((len(label) for label in labels), default=0) * size * 0.7)


def heatmap_figure(heatmap, *, method_label: str) -> dict:
    """Learners (rows) × competencies (columns), colour = the estimate's whole level, ✓ = validated
    mastery. Small grids also print the level in each cell; hover gives the numbers."""
    levels = heatmap.levels
    low, high = levels[0][0], levels[-1][0]
    small = heatmap.is_small
    column_ids = [c.competency_id for c in heatmap.columns]
    words = {"mastered": "✓ " + _("mastered"), "not_yet": _("not yet")}
    none_word = "—"
    cells, outcomes, by_teacher = heatmap.cells, heatmap.outcomes, heatmap.by_teacher
    column_labels = {c.competency_id: plotly_text(c.label) for c in heatmap.columns}
    row_labels = {r.learner_id: plotly_text(r.label) for r in heatmap.rows}
    z, text, custom = [], [], []
    # One pass over the cells, row by row; per-cell work kept to dictionary lookups (78,000 cells).
    if small:
        statements = [plotly_text(c.statement[:90]) for c in heatmap.columns]
        for row in heatmap.rows:
            lid = row.learner_id
            row_cells = [cells.get((lid, cid)) for cid in column_ids]
            row_outcomes = [outcomes.get((lid, cid)) for cid in column_ids]
            z.append([_shown(cell[0]) if cell else None for cell in row_cells])
            text.append([(f"{level_text(cell[0])}{TEACHER_MARK if (lid, cid) in by_teacher else ''} "
                           if cell and cell[0] is not None else "")
                         + ("✓" if outcome == "mastered" else "")
                         for cid, cell, outcome in zip(column_ids, row_cells, row_outcomes)])
            custom.append([[cell[1] if cell else 0, (cell[3] or "") if cell else "", words.get(outcome, none_word),
                            statement] for cell, outcome, statement in zip(row_cells, row_outcomes, statements)])
    # Large grids send their cells packed (heatmap_grid, a few characters each); charts.js fills
    # z, the hover data and the mastery dots from it. Dots, not cell text: Plotly lays out cell
    # text one by one, which costs seconds in the browser at 600 × 130. Nor gaps between cells or a
    # marker per dot: with gaps Plotly paints each of the 78,000 cells on its own (0.6 s), and 4,500
    # markers are 4,500 SVG elements (0.4 s); without gaps the grid is one image, and the lines
    # between cells and all the dots are one SVG path each (GRID_LINES, MASTERY_DOTS).
    hover = ("<b>%{y}</b><br>%{x}" + ("<br>%{customdata[3]}" if small else "")
             + "<br>" + _("Estimate: %(value)s (%(method)s)", value="%{z:.1f}", method=plotly_text(method_label))
             + "<br>" + _("Evidence: %(count)s, last observed %(day)s", count="%{customdata[0]}",
                          day="%{customdata[1]}")
             + "<br>" + _("Validated: %(outcome)s", outcome="%{customdata[2]}") + "<extra></extra>")
    colours = level_colours(high - low + 1)
    cell_w, cell_h = (40, 28) if small else (13, 13)
    left = 170 if small else 150
    trace = {
        "type": "heatmap", "x": [column_labels[c.competency_id] for c in heatmap.columns],
        "y": [row_labels[r.learner_id] for r in heatmap.rows], "hovertemplate": hover,
        "hoverongaps": False, "zmin": low, "zmax": high + 1, "colorscale": stepped_colourscale(colours),
        "xgap": 1 if small else 0, "ygap": 1 if small else 0, "textfont": {"size": 11 if small else 9},
        "showscale": False,  # the page's legend names the colours, with the numbers they stand for
    }
    top, right = 120, 20
    if not small:
        # Margins worked out here from the longest labels, not by Plotly's automargin, which measures
        # every tick label in the browser (730 of them at 600 × 130, each a forced layout). The column
        # labels stand at 60°: as high as 0.87 of their length, and the last reaches half its length right.
        left = max(left, _label_width(trace["y"], 9) + 12)
        top = max(top, round(_label_width(trace["x"], 9) * 0.87) + 16)
        right = max(right, round(_label_width(trace["x"][-1:], 9) * 0.5) + 8)
    height = max(260, len(heatmap.rows) * cell_h + top + 30)
    width = max(480, len(heatmap.columns) * cell_w + left + right + 20)
    layout = _layout(
        width=width, height=height, margin={"l": left, "r": right, "t": top, "b": 20},
        # Fixed ranges and category orders: the marker trace of a large grid must not move the cells.
        xaxis={"side": "top", "tickangle": -60, "automargin": small, "type": "category",
               "categoryorder": "array", "categoryarray": trace["x"], "range": [-0.5, len(heatmap.columns) - 0.5],
               "tickfont": {"size": 11 if small else 9}, "fixedrange": not small},
        yaxis={"automargin": small, "type": "category", "categoryorder": "array", "categoryarray": trace["y"],
               "range": [len(heatmap.rows) - 0.5, -0.5], "tickfont": {"size": 12 if small else 9},
               "fixedrange": not small},
    )
    if small:
        trace.update(z=z, customdata=custom, text=text, texttemplate="%{text}")
    else:
        layout["shapes"] = [
            {"type": "path", "name": GRID_LINES, "xref": "x", "yref": "y", "layer": "above",
             "path": grid_lines_path(len(heatmap.rows), len(heatmap.columns)),
             "line": {"color": "#ffffff", "width": 1}},
            {"type": "path", "name": MASTERY_DOTS, "xref": "x", "yref": "y", "layer": "above", "path": "",
             "fillcolor": FONT["color"], "line": {"width": 0}},
        ]
    return {"data": [trace], "layout": layout}


GRID_LINES, MASTERY_DOTS = "grid-lines", "mastery-dots"  # the large heatmap's two shapes (charts.js)


def grid_lines_path(rows: int, columns: int) -> str:
    """The white lines between a large heatmap's cells as one SVG path, in the axes' cell units
    (cell i spans i - 0.5 to i + 0.5 on a category axis)."""
    across = "".join(f"M-0.5,{r - 0.5}H{columns - 0.5}" for r in range(1, rows))
    down = "".join(f"M{c - 0.5},-0.5V{rows - 0.5}" for c in range(1, columns))
    return across + down


def heatmap_grid(heatmap) -> dict | None:
    """A large grid's cells packed for charts.js (heatmap_codec), with the hover's outcome words;
    None for a small grid, whose figure carries its cells."""
    if heatmap.is_small:
        return None
    packed = pack([r.learner_id for r in heatmap.rows], [c.competency_id for c in heatmap.columns],
                  heatmap.cells, heatmap.outcomes)
    packed["words"] = ["—", "✓ " + _("mastered"), _("not yet")]
    return packed


# Student: pace ---------------------------------------------------------------------------------

def pace_figure(pace: Pace, today: date) -> dict:
    """Steps mastered so far against the steps expected, with the projected finish."""
    days = [point.on for point in pace.series]
    data = [{"type": "scatter", "mode": "lines+markers", "name": _("Steps mastered"), "x": days,
             "y": [point.mastered for point in pace.series], "line": {"shape": "hv", "color": OK, "width": 3},
             "marker": {"size": 5}, "hovertemplate": "%{x}: %{y}<extra>" + _("mastered") + "</extra>"}]
    if any(point.expected is not None for point in pace.series):
        expected_x = list(days)
        expected_y = [None if p.expected is None else round(p.expected, 2) for p in pace.series]
        if pace.expected_finish and pace.expected_finish > today:
            expected_x.append(pace.expected_finish)
            expected_y.append(pace.steps_total)
        data.append({"type": "scatter", "mode": "lines", "name": _("Expected pace"), "x": expected_x,
                     "y": expected_y, "line": {"color": MUTED, "dash": "dash", "width": 2},
                     "hovertemplate": "%{x}: %{y:.1f}<extra>" + _("expected") + "</extra>"})
    if pace.finish_range and not pace.finished and pace.finish_range[1] > today:
        # The band: from today's steps to the last step, between the earliest and latest finish
        # the learner's own step times give.
        low, high = pace.finish_range
        data.append({"type": "scatter", "mode": "lines", "name": _("Likely finish range"),
                     "x": [today, max(low, today), high, today],
                     "y": [pace.steps_mastered, pace.steps_total, pace.steps_total, pace.steps_mastered],
                     "fill": "toself", "fillcolor": "rgba(31, 95, 168, 0.15)", "line": {"width": 0},
                     "hoverinfo": "skip"})
    if pace.projected_finish and not pace.finished and pace.projected_finish > today:
        data.append({"type": "scatter", "mode": "lines+markers", "name": _("Projected at my pace"),
                     "x": [today, pace.projected_finish], "y": [pace.steps_mastered, pace.steps_total],
                     "line": {"color": BRAND, "dash": "dot", "width": 2}, "marker": {"size": [0, 9]},
                     "hovertemplate": "%{x}: %{y}<extra>" + _("projected") + "</extra>"})
    layout = _layout(
        height=320, margin={"l": 50, "r": 20, "t": 20, "b": 40},
        xaxis={"type": "date", "title": {"text": _("Date")}, "automargin": True},
        yaxis={"title": {"text": _("Steps")}, "rangemode": "tozero", "range": [0, max(1, pace.steps_total) + 0.5]},
        # Above the plot: below it, a legend that wraps on a phone ran into the axis title.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        hovermode="x unified")
    return {"data": data, "layout": layout}


# Bars (validator and admin pages) --------------------------------------------------------------

def bar_figure(categories: list[str], series: list[tuple[str, list, str]], *, x_title: str = "",
               y_title: str = "", stacked: bool = False, horizontal: bool = False, percent: bool = False,
               height: int | None = None) -> dict:
    """Bars for each (name, values, colour) series over the categories."""
    data = []
    categories = [plotly_text(str(category)) for category in categories]
    for name, values, colour in series:
        name = plotly_text(name)
        bar = {"type": "bar", "name": name, "marker": {"color": colour},
               "hovertemplate": "%{" + ("y" if horizontal else "x") + "}: %{" + ("x" if horizontal else "y")
               + (":.0f}%" if percent else "}") + "<extra>" + name + "</extra>"}
        if horizontal:
            bar.update(orientation="h", y=categories, x=values)
        else:
            bar.update(x=categories, y=values)
        data.append(bar)
    value_axis = {"title": {"text": y_title if not horizontal else x_title}, "rangemode": "tozero",
                  "automargin": True}
    if percent:
        value_axis.update(range=[0, 100], ticksuffix="%")
    category_axis = {"title": {"text": x_title if not horizontal else y_title, "standoff": 12},
                     "type": "category", "automargin": True}
    if horizontal:
        category_axis["autorange"] = "reversed"
    layout = _layout(
        barmode="stack" if stacked else "group",
        height=height or (max(240, 120 + 36 * len(categories)) if horizontal else 320),
        xaxis=value_axis if horizontal else category_axis, yaxis=category_axis if horizontal else value_axis,
        legend=({"orientation": "h", "yanchor": "bottom", "y": 1.02, "traceorder": "normal"} if horizontal
                else {"orientation": "h", "yanchor": "top", "y": -0.3}),
        margin={"l": 60, "r": 20, "t": 40 if horizontal else 20, "b": 60})
    return {"data": data, "layout": layout}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
