"""A validator decides "mastered" while the estimate reads not yet at mastery: the request page asks
for a sentence on the difference (field error, nothing saved), then records the override; the
validator dashboard counts it beside calibration agreement. And the admin report's tables fit a
1366 px screen without sideways scrolling."""
import os

import pytest
from sqlalchemy import select

from tracker.extensions import db

from .helpers import ARTIFACTS, assert_accessible, assert_fits_width, desktop, login, phone, snapshot
from .journey_helpers import maya
from .test_dashboards import wait_for_charts

pytestmark = pytest.mark.browser

VALIDATOR = "ortiz@demo.school"  # Spanish by default: the page is checked in the words it is read in
SENTENCE = "The interview showed she can do it without help; the last quiz was rushed."


def request_below_mastery(live_server) -> tuple[int, int]:
    """(request id, id of a piece to cite): a new request, proposed by a teacher, on a learner and
    competency whose estimate reads not yet at mastery, made through the services."""
    from tracker.auth.models import User
    from tracker.evidence import service as evidence_service
    from tracker.evidence.models import Evidence
    from tracker.mastery import service as mastery_service
    from tracker.mastery.estimate_display import shown_estimate
    from tracker.rosters.models import Learner

    journeys_learner = maya(live_server).learner_id  # the other journeys' learner is left to them
    with live_server.app.app_context():
        pairs = db.session.execute(
            select(Evidence.learner_id, Evidence.competency_id).where(Evidence.deleted_at.is_(None))
            .group_by(Evidence.learner_id, Evidence.competency_id).order_by(Evidence.learner_id.desc())).all()
        for learner_id, competency_id in pairs:
            if learner_id == journeys_learner or mastery_service.open_request_for(learner_id, competency_id) or \
                    mastery_service.current_decision(learner_id, competency_id):
                continue
            competency = evidence_service.load_competency(competency_id)
            evidence = evidence_service.evidence_for_learner_competency(learner_id, competency_id)
            scored = [e for e in evidence if evidence_service.counts_toward_estimate(e)]
            estimate = evidence_service.estimate_for_scores(competency.framework, [e.level for e in scored])
            shown = shown_estimate(estimate, competency.framework.scale.mastery_threshold)
            if shown is None or shown.at_mastery or len(scored) < 2:
                continue
            learner = db.session.get(Learner, learner_id)
            teacher = db.session.get(User, scored[-1].recorded_by_id)
            request = mastery_service.open_request(learner, competency, requested_by=teacher)
            db.session.commit()
            cite = max(scored, key=lambda e: (e.level, e.id)).id
            request_id = request.id
            db.session.remove()
            return request_id, cite
    pytest.fail("the demo has no learner and competency below mastery without a decision")


def test_an_override_asks_for_a_sentence_and_is_counted(page, live_server):
    request_id, cite = request_below_mastery(live_server)
    login(page, VALIDATOR)
    page.goto(f"/validation/requests/{request_id}")
    hint = page.locator("#override_rationale-hint").inner_text()
    panel_words = page.locator("section[aria-labelledby=estimate-heading] .badge").inner_text().strip()
    number = page.locator("section[aria-labelledby=estimate-heading] .estimate-value").inner_text().strip()
    assert f"{number}, {panel_words}" in hint  # the same number and words as the estimate panel
    snapshot(page, "override-request-1280")
    assert_accessible(page)

    page.locator(f"#cite-{cite}").check()
    page.locator("#outcome input[value=mastered]").check()
    page.fill("#rationale", "Domina el procedimiento.")
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#override_rationale-error")
    assert error.is_visible() and f"{number}, {panel_words}" in error.inner_text()
    assert page.locator("#override_rationale").get_attribute("aria-invalid") == "true"
    assert page.locator(".error-summary").is_visible()
    assert page.locator(f"#cite-{cite}").is_checked()  # what was typed and ticked is kept
    snapshot(page, "override-request-error-1280")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "override-request-error-390")
    if os.environ.get("TRACKER_SCREENSHOTS"):  # the form alone, at a size one can read
        page.locator(".decision-form").screenshot(path=str(ARTIFACTS / "override-form-390.png"))
    assert_accessible(page)
    desktop(page)

    page.fill("#override_rationale", SENTENCE)
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_url("**/validation")
    page.goto(f"/validation/requests/{request_id}")
    override = page.locator(".decision__override")
    assert SENTENCE in override.inner_text()
    snapshot(page, "override-decided-1280")
    assert_accessible(page)

    page.goto("/validation/dashboard")
    wait_for_charts(page, 2)
    rows = page.locator("caption", has_text="dominado").locator("xpath=..").locator("tbody tr")
    mine = rows.first.locator("td").all_inner_texts()
    assert int(mine[1]) >= 1  # this override, at least
    snapshot(page, "override-dashboard-1280")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "override-dashboard-390")
    if os.environ.get("TRACKER_SCREENSHOTS"):
        page.locator("section[aria-labelledby=agreement-heading]").screenshot(
            path=str(ARTIFACTS / "override-dashboard-agreement-390.png"))


def test_the_report_tables_fit_a_1366_screen(page):
    login(page, "admin@demo.school")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/admin/reports")
    wait_for_charts(page, 3)
    widths = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')].map(
        wrap => ({caption: wrap.querySelector('caption')?.innerText, scroll: wrap.scrollWidth,
                  client: wrap.clientWidth}))""")
    assert widths and all(w["scroll"] <= w["client"] for w in widths), widths
    assert_fits_width(page)
    assert "Kaplan" in page.locator("#timeliness-heading ~ .hint").first.inner_text()
    snapshot(page, "report-1366")
    if os.environ.get("TRACKER_SCREENSHOTS"):
        page.locator("section[aria-labelledby=timeliness-heading]").screenshot(
            path=str(ARTIFACTS / "report-timeliness-1366.png"))
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "report-390")
