"""The dashboards in a real browser: charts drawn under the CSP, accessible, usable on a phone;
the family page prints on one sheet."""
import re
from contextlib import contextmanager

import pytest

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot

pytestmark = pytest.mark.browser


def wait_for_charts(page, count: int | None = None) -> None:
    """Plotly is fetched when the first chart nears the screen (static/js/charts.js): bring it there."""
    page.locator(".chart__plot").first.scroll_into_view_if_needed()
    page.wait_for_selector(".chart__plot .main-svg")
    if count is not None:
        page.wait_for_function(f"document.querySelectorAll('.chart__plot .main-svg').length >= {count}")


@contextmanager
def heatmap_with_first_learner_named(page, live_server, family_name: str):
    """Ana Rivera's class heatmap, reloaded with its first learner's family name set to `family_name` (put
    back after)."""
    from tracker.extensions import db
    from tracker.rosters.models import Learner

    login(page, "rivera@demo.school")
    page.get_by_role("link", name="Class heatmap").first.click()
    wait_for_charts(page, 1)
    heatmap_url = page.url
    learner_id = page.evaluate("JSON.parse(document.getElementById('heatmap-data').textContent).click.rows[0]")
    with live_server.app.app_context():
        learner = db.session.get(Learner, learner_id)
        saved = learner.family_name
        learner.family_name = family_name
        db.session.commit()
    try:
        page.goto(heatmap_url)
        wait_for_charts(page, 1)
        yield
    finally:
        with live_server.app.app_context():
            db.session.get(Learner, learner_id).family_name = saved
            db.session.commit()


def test_teacher_opens_the_class_heatmap_from_the_home_page(page):
    login(page, "rivera@demo.school")
    page.get_by_role("link", name="Class heatmap").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Class heatmap")
    wait_for_charts(page, 1)
    assert page.locator("#heatmap .hm, #heatmap .heatmaplayer").count() >= 1
    snapshot(page, "heatmap-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)  # the grid scrolls inside its own box
    snapshot(page, "heatmap-phone")


def test_a_click_on_a_cell_opens_its_evidence(page):
    login(page, "rivera@demo.school")
    page.get_by_role("link", name="Class heatmap").first.click()
    wait_for_charts(page, 1)
    box = page.locator("#heatmap .nsewdrag").first.bounding_box()
    # the first column is the first step, where the demo learners all have evidence
    page.mouse.click(box["x"] + 8, box["y"] + 8)
    page.wait_for_url(re.compile(r"/learners/\d+/competencies/\d+/evidence$"))


def test_student_sees_its_progress(page):
    login(page, "maya.hernandez@students.demo.school")
    page.locator("nav.main-nav").get_by_role("link", name="My progress").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "My progress"
    wait_for_charts(page, 1)
    assert page.get_by_role("link", name="Share evidence of my learning").is_visible()
    snapshot(page, "progress-desktop")
    assert_accessible(page)
    phone(page)
    page.reload()  # a phone draws the chart at its own width
    wait_for_charts(page, 1)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, "progress-phone")


def test_on_a_phone_plotly_is_fetched_only_when_the_chart_nears_the_screen(page):
    """The pace chart sits below the map on a phone: the page is usable without the 1.5 MB library,
    which comes (and draws the chart) once the reader scrolls towards it."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "plotly" in request.url else None)
    login(page, "maya.hernandez@students.demo.school")
    phone(page)
    page.goto("/my/progress")
    page.wait_for_load_state("networkidle")
    below = page.evaluate("() => document.querySelector('.chart__plot').getBoundingClientRect().top - innerHeight")
    assert below > 300, below  # the test needs the chart well below the first screen
    assert fetched == [] and page.locator(".chart__plot .main-svg").count() == 0
    wait_for_charts(page, 1)  # scrolls to the chart
    assert len(fetched) == 1


def test_the_family_page_fits_a_phone_and_one_printed_page(page):
    login(page, "lucia.hernandez@family.demo.school")
    page.locator("main").get_by_role("link", name="Maya Hernández").click()
    page.wait_for_load_state()
    assert "/family" in page.url
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, "family-phone")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"the family page prints on {pages} {paper} pages"


def test_validator_and_admin_dashboards_draw_their_charts(page, new_page):
    login(page, "whitfield@demo.school")
    page.goto("/validation/dashboard")
    wait_for_charts(page, 2)
    assert_accessible(page)
    page = new_page()
    login(page, "admin@demo.school")
    page.goto("/admin/reports")
    wait_for_charts(page, 3)
    assert page.locator("text=By subgroup").first.is_visible()
    assert_accessible(page)
    phone(page)
    page.reload()
    wait_for_charts(page, 3)
    assert_fits_width(page)


def test_a_learner_named_in_markup_shows_literally_in_the_heatmap(page, live_server):
    """Plotly reads <b> and <a href> in axis labels as markup: a name must show as typed, and make no link."""
    name = '<b>Bold</b> <a href="https://example.com">x</a>'
    with heatmap_with_first_learner_named(page, live_server, name):
        labels = page.locator("#heatmap .ytick text").all_text_contents()
        assert any(name in label for label in labels), labels[:3]
        assert page.locator("#heatmap a[href*='example.com']").count() == 0
        assert page.locator("#heatmap .ytick text b, #heatmap .ytick text [style*='bold']").count() == 0
        snapshot(page, "heatmap-markup-name")


def test_a_large_heatmap_draws_from_its_packed_cells(page, monkeypatch):
    """Above SMALL_GRID_CELLS the page sends the cells packed and a summary per learner: charts.js
    unpacks them into the colours, the hover numbers and the mastery dots."""
    from tracker.dashboards import heatmap as heatmap_module

    monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    login(page, "rivera@demo.school")
    page.get_by_role("link", name="Class heatmap").first.click()
    wait_for_charts(page, 1)
    plotted = page.evaluate("""() => { const chart = document.getElementById('heatmap'), trace = chart.data[0];
        const dots = chart.layout.shapes.find(s => s.name === 'mastery-dots').path;
        return {rows: trace.z.length, columns: trace.z[0].length, filled: trace.z.flat().filter(v => v !== null).length,
                hover: trace.customdata[0][0].length, dots: (dots.match(/M/g) || []).length,
                mastered: trace.customdata.flat().filter(cell => cell[2].startsWith('✓')).length}; }""")
    assert plotted["rows"] > 1 and plotted["columns"] > 1 and plotted["filled"] > 0 and plotted["hover"] == 3
    assert plotted["dots"] == plotted["mastered"] > 0  # a dot on every validated mastery, drawn as one path
    assert page.locator("#heatmap .shapelayer path").count() >= 2  # the lines between cells and the dots
    assert page.locator("table.heatmap-summary tbody tr").count() == plotted["rows"]
    snapshot(page, "heatmap-large-desktop")
    assert_accessible(page)
    page.get_by_role("link", name="Full data table").click()
    page.wait_for_selector("table.heatmap-data")
    assert page.locator("table.heatmap-data tbody tr").count() == plotted["rows"]
    snapshot(page, "heatmap-table-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "heatmap-table-phone")
    page.go_back()
    phone(page)
    wait_for_charts(page, 1)
    assert_fits_width(page)
    snapshot(page, "heatmap-large-phone")


def test_a_large_heatmaps_labels_fit_without_plotly_measuring_them(page, live_server, monkeypatch):
    """A large grid's margins are worked out on the server from its longest labels (Plotly's automargin
    measured all 730 tick labels of a 600 × 130 grid in the browser: half of the time to draw it). A long
    name still shows whole: no tick label reaches past the chart's edges."""
    from tracker.dashboards import heatmap as heatmap_module

    monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    long_name = "Wolfeschlegelsteinhausenbergerdorff-Montgomery-Whitfield"
    with heatmap_with_first_learner_named(page, live_server, long_name):
        found = page.evaluate("""() => {
            const chart = document.getElementById('heatmap'), svg = chart.querySelector('svg.main-svg');
            const box = svg.getBoundingClientRect(), inside = [], outside = [];
            for (const label of chart.querySelectorAll('.xtick text, .ytick text')) {
                const r = label.getBoundingClientRect();
                (r.left >= box.left - 0.5 && r.top >= box.top - 0.5 && r.right <= box.right + 0.5
                    ? inside : outside).push(label.textContent);
            }
            return {automargin: [chart.layout.xaxis.automargin, chart.layout.yaxis.automargin],
                    inside: inside.length, outside, longest: Math.max(...[...chart.querySelectorAll('.ytick text')]
                        .map(label => label.getBoundingClientRect().width))}; }""")
        assert found["automargin"] == [False, False]
        assert found["outside"] == [] and found["inside"] > 10
        assert found["longest"] > 200  # the long name is there, whole
        snapshot(page, "heatmap-large-long-name")


def _overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] \
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("on_phone", [False, True])
def test_the_pace_chart_axis_title_keeps_clear_of_its_legend(page, on_phone):
    login(page, "maya.hernandez@students.demo.school")
    if on_phone:
        phone(page)
    page.goto("/my/progress")
    wait_for_charts(page, 1)
    chart = page.locator(".chart__plot").first
    legend = chart.locator(".legend").bounding_box()
    title = chart.locator(".g-xtitle").bounding_box()
    assert legend and title
    assert not _overlap(legend, title), (legend, title)
    snapshot(page, f"pace-{'phone' if on_phone else 'desktop'}")
