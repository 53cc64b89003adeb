"""The readers of standing agree: roll-up, the day a step was shown, a progression with no pace.

Each is read through its public path: the page, the CSV, the API answer, the report's facts.
"""
import csv
from collections import Counter
import io
from datetime import timedelta

from tracker.api.tokens import create_token
from tracker.competencies.models import Competency
from tracker.dashboards.reports import Scope, load_report
from tracker.extensions import db
from tracker.mastery.models import DecisionCitation
from tracker.progressions.models import Placement, Progression, ProgressionStep

from ..dashboards.conftest import TODAY, add_evidence, build_class, decide, make_framework


def rollup_world(make):
    """RP.3 rolls up ("all") RP.3.a-d; the progression walks RP.3.a-d then RP.3; a-d are decided."""
    world = build_class(make, size=1, with_data=False)
    framework = make_framework("Ratios")
    domain = Competency(framework=framework, code="RP", statement="Ratios and proportional relationships")
    db.session.add(domain)
    db.session.flush()
    parent = Competency(framework=framework, parent_id=domain.id, code="RP.3", statement="Use ratio reasoning",
                        rollup_rule="all")
    db.session.add(parent)
    db.session.flush()
    children = []
    for n, letter in enumerate("abcd"):
        child = Competency(framework=framework, parent_id=parent.id, code=f"RP.3.{letter}", position=n,
                           statement=f"Ratio part {letter}")
        db.session.add(child)
        db.session.flush()
        children.append(child)
    progression = Progression(framework_id=framework.id, title="Ratios pathway", weeks_per_step=1.0)
    db.session.add(progression)
    db.session.flush()
    for position, competency in enumerate([*children, parent], start=1):
        db.session.add(ProgressionStep(progression_id=progression.id, competency_id=competency.id,
                                       position=position))
    learner = world.learners[0]
    db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=1,
                             placed_on=TODAY - timedelta(days=28), reason="Start"))
    for child in children:
        add_evidence(learner, child, 3, TODAY - timedelta(days=10))
        decide(learner, child, world.validator, section=world.section)
    db.session.commit()
    world.extra.update(parent=parent, children=children, ratios=progression, ratios_framework=framework)
    return world


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_a_rolled_up_step_reads_mastered_everywhere(client, auth, make):
    world = rollup_world(make)
    learner, parent = world.learners[0], world.extra["parent"]
    admin = make.user("admin")
    token = create_token(admin, "test")[1]
    db.session.commit()
    auth.as_user(world.teacher)
    # the heatmap (its CSV is the table the page shows)
    rows = csv_rows(client.get(f"/sections/{world.section.id}/heatmap.csv?framework_id="
                               f"{world.extra['ratios_framework'].id}"))
    assert rows[0]["RP.3"] == "✓"
    # the transcript and its CSV
    html = client.get(f"/learners/{learner.id}/transcript").get_data(as_text=True)
    assert "Use ratio reasoning" in html
    transcript = csv_rows(client.get(f"/learners/{learner.id}/transcript.csv"))
    assert "RP.3" in [row["code"] for row in transcript]
    # the API
    body = client.get(f"/api/v1/learners/{learner.id}/progress",
                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert parent.id in [m["competency_id"] for m in body["mastered"]]


def test_a_step_is_mastered_on_the_day_the_learner_showed_it(app, client, auth, make):
    world = build_class(make, size=1, with_data=False)
    learner, step = world.learners[0], world.competencies[0]
    shown = add_evidence(learner, step, 3, TODAY - timedelta(days=12))
    # a validation backlog: decided only today
    decision = decide(learner, step, world.validator, decided_days_ago=0, section=world.section)
    citation = DecisionCitation.of(shown, None)
    citation.decision_id = decision.id
    db.session.add(citation)
    db.session.commit()
    auth.as_user(world.teacher)
    transcript = csv_rows(client.get(f"/learners/{learner.id}/transcript.csv"))
    assert transcript[0]["mastered_on"] == (TODAY - timedelta(days=12)).isoformat()
    html = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    # the pace table has a week with one step mastered before today
    week_two = TODAY - timedelta(days=21) + timedelta(days=14)
    with app.test_request_context():
        from tracker.i18n import day

        week_label = day(week_two)  # the page writes dates for the reader (English here)
    assert f'<th scope="row" class="nowrap">{week_label}</th><td class="num">1</td>' in html


def test_a_decision_citing_nothing_counts_from_its_own_day(client, auth, make):
    world = build_class(make, size=1, with_data=False)
    learner, step = world.learners[0], world.competencies[0]
    decision = decide(learner, step, world.validator, decided_days_ago=4, section=world.section)
    db.session.commit()
    auth.as_user(world.teacher)
    transcript = csv_rows(client.get(f"/learners/{learner.id}/transcript.csv"))
    # its own day, not TODAY - 4: TODAY is fixed when the tests are collected, and a run crossing midnight (UTC)
    # decided it a day later than that (CI, 6 December 2026)
    assert transcript[0]["mastered_on"] == decision.decided_at.date().isoformat()


def test_a_progression_without_pace_says_so(client, auth, make):
    world = build_class(make, size=1, with_data=False)
    world.progression.weeks_per_step = None
    world.progression.pace_mode = "target_dates"  # and no step has a date
    db.session.commit()
    learner = world.learners[0]
    auth.as_user(world.teacher)
    html = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    assert "No pace set" in html and "On pace" not in html
    rows = csv_rows(client.get(f"/sections/{world.section.id}/heatmap.csv"))
    assert rows[0]["Pace"] == "No pace set"
    report = load_report(Scope([], [], []))
    assert {framework: +tally.pace for framework, tally in report.tallies[("all",)].items() if +tally.pace} == {
        world.progression.framework_id: Counter(no_pace=1)}


def test_weeks_per_step_unset_is_no_pace_too(client, auth, make):
    world = build_class(make, size=1, with_data=False)
    world.progression.weeks_per_step = None
    db.session.commit()
    auth.as_user(world.teacher)
    html = client.get(f"/learners/{world.learners[0].id}/progress").get_data(as_text=True)
    assert "No pace set" in html and "Not placed" not in html
    assert "No pace is set for this progression, so there is no plan to compare with." in html
