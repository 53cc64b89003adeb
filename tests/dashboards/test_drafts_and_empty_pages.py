"""Drafts stay with staff (no student, family or heatmap page shows them), and an empty heatmap
says what would fill it."""
from datetime import timedelta

from tracker.competencies.models import Competency
from tracker.extensions import db
from tracker.progressions.models import Placement, Progression, ProgressionStep

from .conftest import TODAY, build_class, make_framework
from .test_learner_pages import student_world


def _framework_with_progression(title, learners=(), *, status="published", educator=False):
    framework = make_framework(title)
    framework.status, framework.is_educator_framework = status, educator
    competency = Competency(framework=framework, code=f"{title[:3].upper()}.1", statement=f"{title} statement")
    db.session.add(competency)
    db.session.flush()
    progression = Progression(framework_id=framework.id, title=f"{title} pathway", weeks_per_step=1.0)
    db.session.add(progression)
    db.session.flush()
    db.session.add(ProgressionStep(progression_id=progression.id, competency_id=competency.id, position=1))
    for learner in learners:
        db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=1,
                                 placed_on=TODAY - timedelta(days=7), reason="Start"))
    db.session.flush()
    return framework, progression


def test_a_progression_on_a_draft_framework_reaches_no_student_or_family_page(client, auth, make):
    world = student_world(make)
    learner = world.learners[0]
    _draft, progression = _framework_with_progression("Science draft", [learner], status="draft")
    db.session.commit()
    pages = {"student": [f"/learners/{learner.id}/progress",
                         f"/learners/{learner.id}/progress?progression_id={progression.id}"],
             "guardian": [f"/learners/{learner.id}/family", "/my/children"]}
    for role, urls in pages.items():
        auth.as_user(world.extra[role])
        for url in urls:
            html = client.get(url).get_data(as_text=True)
            assert "Math 6 pathway" in html, (role, url)
            assert "Science draft" not in html, (role, url)

    auth.as_user(world.extra["student"])
    form = client.get("/my/evidence/new").get_data(as_text=True)
    assert "My next steps" in form and "SCI.1" not in form


def test_the_heatmap_lists_published_frameworks_and_educator_ones_only_for_educators(client, auth, make):
    world = build_class(make, size=2)
    _framework_with_progression("Science draft", status="draft")
    _framework_with_progression("Teaching practice", status="published", educator=True)
    _framework_with_progression("Old retired", status="retired")
    db.session.commit()
    auth.as_user(world.teacher)
    html = client.get(f"/sections/{world.section.id}/heatmap").get_data(as_text=True)
    listed = html[html.index('<select id="framework_id"'):html.index("</select>", html.index('id="framework_id"'))]
    assert "Math 6" in listed
    for hidden in ("Science draft", "Teaching practice", "Old retired", "(draft)"):
        assert hidden not in listed, hidden

    for learner in world.learners:
        learner.is_educator = True
    db.session.commit()
    html = client.get(f"/sections/{world.section.id}/heatmap").get_data(as_text=True)
    listed = html[html.index('<select id="framework_id"'):html.index("</select>", html.index('id="framework_id"'))]
    assert "Teaching practice" in listed and "Science draft" not in listed


def test_a_heatmap_without_evidence_says_what_fills_it(client, auth, make):
    world = build_class(make, size=2, with_data=False)
    auth.as_user(world.teacher)
    html = client.get(f"/sections/{world.section.id}/heatmap").get_data(as_text=True)
    assert "No evidence on Math 6 yet" in html
    assert "The heatmap fills in as evidence on this framework is logged" in html
    assert f"/sections/{world.section.id}/grid" in html
    assert 'id="heatmap-data"' not in html  # no blank grid


def test_the_favicon_is_served_and_linked(client, auth, make):
    response = client.get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page and "/static/favicon.svg" in page
    assert client.get("/static/favicon.svg").status_code == 200
