"""The class heatmap: what it shows, its table and CSV, sorting and filters, and its query count."""
import csv
import io
import json
import re

import plotly.graph_objects as go
import pytest

from tracker.competencies.models import Competency
from tracker.dashboards import heatmap as heatmap_module
from tracker.dashboards import heatmap_table
from tracker.dashboards.charts import grid_lines_path
from tracker.extensions import db

from .conftest import build_class


def figure_of(html: str, chart_id: str = "heatmap") -> dict:
    match = re.search(rf'<script type="application/json" id="{chart_id}-data">(.*?)</script>', html, re.S)
    assert match, f"no JSON block for {chart_id}"
    return json.loads(match.group(1))


def url(world, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/sections/{world.section.id}/heatmap" + (f"?{query}" if query else "")


def test_the_teacher_sees_levels_marks_and_links(client, auth, make):
    world = build_class(make, size=3)
    auth.as_user(world.teacher)
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # 2 then 3, decaying average (w = 0.65): 2.65, shown cut to 2.6; the first step is validated.
    assert "2.6 ✓" in html and "2.6</a>" in html
    first, learner = world.competencies[0], world.learners[0]
    assert f'/learners/{learner.id}/competencies/{first.id}/evidence' in html
    spec = figure_of(html)
    go.Figure(spec["figure"])  # a valid Plotly figure
    trace = spec["figure"]["data"][0]
    assert trace["type"] == "heatmap" and len(trace["z"]) == 3 and len(trace["z"][0]) == 4
    assert trace["z"][0][0] == 2.6  # 2.65 as every page shows it (cut to one decimal)
    assert trace["text"][0][0] == "2.6 ✓"
    assert spec["click"]["rows"] == [lrn.id for lrn in world.learners]
    assert spec["click"]["columns"] == [c.id for c in world.competencies]
    assert "plotly-cartesian.min.js" in html and "<script>" not in html  # no inline script (CSP)


def test_statements_cannot_break_out_of_the_json_block(client, auth, make):
    world = build_class(make, size=1, domains=1, per_domain=1)
    db.session.get(Competency, world.competencies[0].id).statement = "</script><script>alert(1)</script>"
    db.session.commit()
    auth.as_user(world.teacher)
    html = client.get(url(world)).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert figure_of(html)["figure"]["data"][0]["customdata"][0][0][3].startswith("&lt;/script&gt;")


def test_sorting_by_flags_and_by_pace(client, auth, make):
    world = build_class(make, size=3)
    auth.as_user(world.teacher)
    spec = figure_of(client.get(url(world, sort="flags")).get_data(as_text=True))
    assert spec["click"]["rows"][0] == world.learners[0].id  # two open flags
    assert client.get(url(world, sort="pace")).status_code == 200
    assert client.get(url(world, sort="nonsense")).status_code == 200


def test_a_domain_shows_only_its_competencies(client, auth, make):
    world = build_class(make, size=2, domains=2, per_domain=3)
    auth.as_user(world.teacher)
    spec = figure_of(client.get(url(world, domain_id=world.domains[1].id)).get_data(as_text=True))
    assert spec["click"]["columns"] == [c.id for c in world.competencies[3:]]
    assert spec["figure"]["data"][0]["x"] == ["D2.1", "D2.2", "D2.3"]


def test_the_csv_has_the_table(client, auth, make):
    world = build_class(make, size=2)
    auth.as_user(world.teacher)
    response = client.get(f"/sections/{world.section.id}/heatmap.csv")
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0] == ["Learner", "Progression", "Pace", "Open flags", "D1.1", "D1.2", "D2.1", "D2.2"]
    assert table[1][0] == "Kid00 Family00" and table[1][3] == "2" and table[1][4] == "2.6 ✓"


def test_large_grids_send_packed_cells_a_summary_and_page_the_full_table(client, auth, make, monkeypatch):
    from tracker.dashboards.heatmap_codec import unpack

    monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    monkeypatch.setattr(heatmap_table, "TABLE_PAGE_ROWS", 2)
    world = build_class(make, size=3)
    auth.as_user(world.teacher)
    html = client.get(url(world)).get_data(as_text=True)
    spec = figure_of(html)
    go.Figure(spec["figure"])
    [heat] = spec["figure"]["data"]
    assert "texttemplate" not in heat and "z" not in heat and "customdata" not in heat
    # no gaps (the grid is drawn as one image); the lines between cells and the dots are one path each
    assert heat["xgap"] == heat["ygap"] == 0
    lines, dots = spec["figure"]["layout"]["shapes"]
    assert lines["name"] == "grid-lines" and lines["path"] == grid_lines_path(3, 4) and lines["layer"] == "above"
    assert dots["name"] == "mastery-dots" and dots["path"] == ""  # charts.js fills the dots from the grid
    cells = unpack(spec["grid"])
    assert len(cells) == 3 * 4
    assert cells[0][0] == 2.6 and cells[0][1] == "mastered" and cells[0][2] == 2  # as the small grid shows it
    assert sum(1 for cell in cells if cell[1] == "mastered") == 3
    # beside the chart: one line per learner, not every cell; the full table is a link away
    assert 'class="table heatmap-data"' not in html and 'class="table heatmap-summary"' in html
    summary = html.split('class="table heatmap-summary"')[1]
    assert all(f"Kid0{i}" in summary for i in range(3))
    full = f"/sections/{world.section.id}/heatmap/table"
    assert full in html
    page1 = client.get(full + f"?framework_id={world.framework.id}").get_data(as_text=True)
    assert "Page 1 of 2" in page1 and "Kid02" not in page1.split('class="table heatmap-data"')[1]
    assert "2.6 ✓" in page1
    page2 = client.get(full + "?page=2").get_data(as_text=True)
    assert "Kid02" in page2.split('class="table heatmap-data"')[1]


def test_the_summary_counts_mastered_and_in_progress(make):
    from tracker.dashboards.heatmap_table import learner_summaries

    world = build_class(make, size=3)
    heatmap = heatmap_module.build_heatmap(world.section, framework_id=world.framework.id)
    lines = {line.row.learner_id: line for line in learner_summaries(heatmap)}
    for learner in world.learners:
        line = lines[learner.id]
        mastered = sum(1 for c in heatmap.columns if heatmap.outcome(learner.id, c.competency_id) == "mastered")
        started = sum(1 for c in heatmap.columns if heatmap.cell(learner.id, c.competency_id) is not None
                      and heatmap.outcome(learner.id, c.competency_id) != "mastered")
        assert (line.mastered, line.in_progress) == (mastered, started)
    assert lines[world.learners[0].id].mastered == 1


def test_packed_cells_round_trip_and_stay_a_few_bytes_each():
    """600 x 130 (the bench's grade heatmap) packs into about 5 characters a cell: the page's
    figure data grows linearly with a small constant (2.4 MB of per-cell lists before)."""
    import random

    from tracker.dashboards.heatmap_codec import pack, unpack

    rng = random.Random(7)
    rows, columns = list(range(600)), list(range(1000, 1130))
    cells, outcomes = {}, {}
    for r in rows:
        for c in columns:
            if rng.random() < 0.9:
                cells[(r, c)] = (rng.uniform(1, 4), rng.randint(1, 40), True, f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            if rng.random() < 0.3:
                outcomes[(r, c)] = rng.choice(["mastered", "not_yet"])
    packed = pack(rows, columns, cells, outcomes)
    size = len(json.dumps(packed, separators=(",", ":")))
    assert size / (600 * 130) < 6, size
    from tracker.mastery.estimate_display import cut_to_tenths

    for (estimate, outcome, count, day), (r, c) in zip(unpack(packed), [(r, c) for r in rows for c in columns]):
        cell = cells.get((r, c))
        assert estimate == (cut_to_tenths(cell[0]) if cell else None)
        assert outcome == outcomes.get((r, c)) and count == (cell[1] if cell else 0)
        assert day == (cell[3] if cell else None)


def test_a_large_page_stays_under_a_kilobyte_per_learner_plus_bytes_per_cell(client, auth, make, monkeypatch):
    """The page's bytes: a summary line per learner and a few bytes per cell (the bench's 600 x 130
    grade heatmap is 471 kB, 2.6 MB before)."""
    monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    sizes = []
    for size, per_domain in ((4, 2), (16, 6)):
        world = build_class(make, size=size, per_domain=per_domain, title=f"Math {size}")
        auth.as_user(world.teacher)
        html = client.get(url(world)).get_data()
        sizes.append((size, 2 * per_domain, len(html)))
    (l1, c1, b1), (l2, c2, b2) = sizes
    grown = b2 - b1
    assert grown < 700 * (l2 - l1) + 20 * (l2 * c2 - l1 * c1), sizes


def test_an_empty_section_and_a_section_without_frameworks(client, auth, make):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    db.session.commit()
    auth.as_user(teacher)
    assert "no framework yet" in client.get(f"/sections/{section.id}/heatmap").get_data(as_text=True)


@pytest.mark.parametrize("large", [False, True])
def test_the_heatmap_costs_the_same_statements_for_a_bigger_class(client, auth, make, count_queries, monkeypatch,
                                                                   large):
    if large:  # the packed grid and the summary per learner
        monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    counts = []
    for size, per_domain in ((3, 2), (12, 5)):
        world = build_class(make, size=size, per_domain=per_domain, title=f"Math {size}")
        auth.as_user(world.teacher)
        for address in (url(world), url(world, sort="pace", domain_id=world.domains[0].id),
                        f"/sections/{world.section.id}/heatmap/table"):
            with count_queries() as counter:
                assert client.get(address).status_code == 200
            counts.append(counter.count)
        with count_queries() as counter:
            assert client.get(f"/sections/{world.section.id}/heatmap.csv").status_code == 200
        counts.append(counter.count)
    print("statements", counts)
    assert counts[:4] == counts[4:]
    assert max(counts) <= 30


def test_odd_query_strings_are_ignored(client, auth, make):
    world = build_class(make, size=1)
    auth.as_user(world.teacher)
    for query in ("framework_id=²", "domain_id=99999999999999", "sort=<b>", "framework_id=abc"):
        assert client.get(f"/sections/{world.section.id}/heatmap?{query}").status_code == 200, query
    # A page number that cannot be is refused by name, as on every list (listing.page_number).
    assert client.get(f"/sections/{world.section.id}/heatmap/table?page=-1").status_code == 400


def test_the_way_in_home_page_links_and_navigation(client, auth, make):
    world = build_class(make, size=1)
    auth.as_user(world.teacher)
    assert f"/sections/{world.section.id}/heatmap" in client.get("/").get_data(as_text=True)
    admin = make.user("admin")
    student = make.user("student")
    world.learners[0].user_id = student.id
    db.session.commit()
    auth.as_user(admin)
    assert 'href="/admin/reports"' in client.get("/").get_data(as_text=True)
    auth.as_user(student)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/my/progress"' in home and f'/learners/{world.learners[0].id}/progress' in home


@pytest.mark.parametrize("estimate, shown", [(2.999, 2.9), (3.0, 3.0), (2.29, 2.2), (2.3, 2.3), (0.29, 0.2),
                                             (1.005, 1.0), (None, None)])
def test_figure_estimates_are_cut_to_the_shown_tenth_never_into_the_next_level(estimate, shown):
    from tracker.dashboards.charts import _shown

    assert _shown(estimate) == shown


MARKUP_NAME = '<b>Bold</b> <a href="https://example.com">x</a>'


@pytest.mark.parametrize("small", [True, False])
def test_names_reach_plotly_as_text_not_as_its_markup(client, auth, make, monkeypatch, small):
    """Plotly reads <b>, <a href> and <br> in axis labels and hover text as its own markup: names
    and statements go into the figure with &, < and > as entities, which Plotly shows literally."""
    if not small:
        monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    world = build_class(make, size=2)
    from tracker.rosters.models import Learner

    db.session.get(Learner, world.learners[0].id).family_name = MARKUP_NAME
    db.session.get(Competency, world.competencies[0].id).statement = "Add <i>and</i> subtract & compare"
    db.session.commit()
    auth.as_user(world.teacher)
    figure = figure_of(client.get(url(world)).get_data(as_text=True))["figure"]
    texts = json.dumps(figure, ensure_ascii=False)
    assert "<b>Bold" not in texts and "<a href" not in texts and "<i>and" not in texts
    heat = figure["data"][0]
    assert any("&lt;b&gt;Bold&lt;/b&gt; &lt;a href=\"https://example.com\"&gt;x&lt;/a&gt;" in y for y in heat["y"])
    if small:
        assert heat["customdata"][0][0][3] == "Add &lt;i&gt;and&lt;/i&gt; subtract &amp; compare"
    else:
        assert figure["layout"]["shapes"][1]["path"] == ""  # charts.js puts the dots on the cells by position


def test_each_teacher_of_a_studio_opens_its_heatmap_on_the_path_it_placed_its_learners_on(app, client, auth):
    """Studio 6A's learners are on the maths path (placed by Ana Rivera) and the reading path (placed by
    Linh Tran), as many on each: each teacher's heatmap opens on their own subject."""
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.demo.service import load_demo
    from tracker.rosters.models import Section

    load_demo()
    db.session.commit()
    section = db.session.scalar(select(Section).where(Section.name == "Studio 6A"))
    for email, title in (("rivera@demo.school", "Middle School Mathematics: Grade 6"),
                         ("tran@demo.school", "English Language Arts: Grade 6")):
        auth.as_user(db.session.scalar(select(User).where(User.email == email)))
        page = client.get(f"/sections/{section.id}/heatmap").get_data(as_text=True)
        assert re.search(r"<h2[^>]*>\s*" + re.escape(title), page), email


def test_the_lines_between_a_large_grids_cells_are_one_path_on_the_cell_boundaries():
    # cell i spans i - 0.5 to i + 0.5: 3 rows and 2 columns have two lines across and one down
    assert grid_lines_path(3, 2) == "M-0.5,0.5H1.5M-0.5,1.5H1.5M0.5,-0.5V2.5"
    assert grid_lines_path(1, 1) == ""
