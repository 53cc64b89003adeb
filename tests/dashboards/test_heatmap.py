"""The class heatmap: what it shows, its table and CSV, sorting and filters, and its query count."""
import csv
import io
import json
import re

import plotly.graph_objects as go
import pytest

from tracker.competencies.models import Competency
from tracker.dashboards import heatmap as heatmap_module
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


def test_large_grids_mark_mastery_with_dots_and_page_the_table(client, auth, make, monkeypatch):
    monkeypatch.setattr(heatmap_module, "SMALL_GRID_CELLS", 4)
    monkeypatch.setattr(heatmap_module, "TABLE_PAGE_ROWS", 2)
    world = build_class(make, size=3)
    auth.as_user(world.teacher)
    html = client.get(url(world)).get_data(as_text=True)
    spec = figure_of(html)
    go.Figure(spec["figure"])
    heat, marks = spec["figure"]["data"]
    assert "texttemplate" not in heat and marks["type"] == "scatter" and len(marks["x"]) == 3
    assert "Page 1 of 2" in html and "Kid02" not in html.split('class="table heatmap-data"')[1]
    assert "Kid02" in client.get(url(world, page=2)).get_data(as_text=True).split('class="table heatmap-data"')[1]


def test_an_empty_section_and_a_section_without_frameworks(client, auth, make):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    db.session.commit()
    auth.as_user(teacher)
    assert "no framework yet" in client.get(f"/sections/{section.id}/heatmap").get_data(as_text=True)


def test_the_heatmap_costs_the_same_statements_for_a_bigger_class(client, auth, make, count_queries):
    counts = []
    for size, per_domain in ((3, 2), (12, 5)):
        world = build_class(make, size=size, per_domain=per_domain, title=f"Math {size}")
        auth.as_user(world.teacher)
        for address in (url(world), url(world, sort="pace", domain_id=world.domains[0].id)):
            with count_queries() as counter:
                assert client.get(address).status_code == 200
            counts.append(counter.count)
        with count_queries() as counter:
            assert client.get(f"/sections/{world.section.id}/heatmap.csv").status_code == 200
        counts.append(counter.count)
    print("statements", counts)
    assert counts[:3] == counts[3:]
    assert max(counts) <= 30


def test_odd_query_strings_are_ignored(client, auth, make):
    world = build_class(make, size=1)
    auth.as_user(world.teacher)
    for query in ("framework_id=²", "domain_id=99999999999999", "sort=<b>", "framework_id=abc"):
        assert client.get(f"/sections/{world.section.id}/heatmap?{query}").status_code == 200, query
    # A page number that cannot be is refused by name, as on every list (listing.page_number).
    assert client.get(f"/sections/{world.section.id}/heatmap?page=-1").status_code == 400


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
        assert set(figure["data"][1]["y"]) <= set(heat["y"])  # the dots sit on the same (escaped) rows
