"""Journey 2: a validator opens the queue, reads the evidence, decides "mastered" with a rationale
and cited evidence (the decision form with the keyboard alone), and the learner's progression
shows the step mastered and the next step open.

It decides the request journey 1 proposed; run alone, it makes the same request first.
"""
import pytest
from sqlalchemy import select

from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, focused, login, phone, snapshot
from .journey_helpers import (COMPETENCY, NEXT_COMPETENCY, PROGRESSION, PROPOSAL_NOTE, VALIDATOR, maya,
                              open_request_for_maya, press_and_load, state_of_step, tab_to,
                              tab_to_link)

pytestmark = pytest.mark.browser

RATIONALE = ("The latest task shows it independently: a statistical question of her own, "
             "and she explains why the answers vary.")


def test_validator_decides_mastered_and_the_next_step_opens(page, live_server):
    ids = maya(live_server)
    request_id = open_request_for_maya(live_server)
    from tracker.evidence.models import Evidence

    with live_server.app.app_context():
        cited = db.session.scalar(
            select(Evidence).where(Evidence.learner_id == ids.learner_id, Evidence.competency_id == ids.competency_id,
                                   Evidence.level == 3, Evidence.deleted_at.is_(None))
            .order_by(Evidence.id.desc()).limit(1))
        cited_id, cited_feedback = cited.id, cited.feedback
        db.session.remove()

    login(page, VALIDATOR)
    page.locator("nav.main-nav").get_by_role("link", name="Validation").click()
    page.wait_for_url("**/validation")
    assert page.locator("h1").inner_text().strip() == "Validation queue"
    snapshot(page, "journey2-queue")
    assert_accessible(page)

    row = page.locator("tbody tr").filter(has_text="Maya Hernández").filter(has_text=COMPETENCY)
    assert row.count() == 1
    assert PROPOSAL_NOTE[:30] in row.inner_text()  # the queue shows the start of the note
    row.get_by_role("link", name="Review the request for Maya Hernández").click()
    page.wait_for_url(f"**/validation/requests/{request_id}")
    assert COMPETENCY in page.locator("h1").inner_text()
    assert "Waiting for a decision" in page.locator(".request-meta").inner_text()

    # Read the evidence: the teacher's feedback is there, with the rubric and the estimate.
    evidence_panel = page.locator("section[aria-labelledby=evidence-heading]")
    assert cited_feedback in evidence_panel.inner_text()
    assert page.locator(".rubric-table tbody tr").count() == 4
    assert page.locator("#estimate-heading").is_visible()
    snapshot(page, "journey2-request")
    assert_accessible(page)

    # Decide with the keyboard alone: cite, choose, give the level and the rationale, submit.
    box = tab_to(page, lambda f: f["id"] == f"cite-{cited_id}")
    assert box["outline"], "the evidence checkbox has no visible focus outline"
    page.keyboard.press("Space")
    assert page.locator(f"#cite-{cited_id}").is_checked()
    tab_to(page, lambda f: f["type"] == "radio")
    if page.locator("#outcome input[value=mastered]").evaluate("e => e !== document.activeElement"):
        page.keyboard.press("ArrowUp")  # radios of one group share a stop: arrows choose
    page.keyboard.press("Space")
    assert page.locator("#outcome input[value=mastered]").is_checked()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "level"
    page.keyboard.type("3")
    assert page.locator("#level").input_value() == "3"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "rationale"
    page.keyboard.type(RATIONALE)
    submit = tab_to_link(page, "Record decision", limit=5)
    assert submit["outline"]
    snapshot(page, "journey2-decision-typed")
    press_and_load(page)

    # Decide, then next: back on the queue, with the confirmation, and the request is gone from it.
    assert page.url.endswith("/validation")
    assert page.locator(".flash--success").inner_text().strip() == (
        f"Recorded: Maya Hernández has mastered {COMPETENCY} at level 3.")
    assert page.locator("tbody tr").filter(has_text="Maya Hernández").filter(has_text=COMPETENCY).count() == 0
    snapshot(page, "journey2-queue-after")
    assert_accessible(page)

    from tracker.mastery.models import DecisionCitation, MasteryDecision, ValidationRequest

    with live_server.app.app_context():
        made = db.session.scalar(select(MasteryDecision).where(MasteryDecision.request_id == request_id))
        assert (made.outcome, made.level, made.validator_id, made.rationale) == ("mastered", 3, ids.validator_id,
                                                                                RATIONALE)
        assert db.session.scalars(select(DecisionCitation.evidence_id)
                                  .where(DecisionCitation.decision_id == made.id)).all() == [cited_id]
        assert db.session.get(ValidationRequest, request_id).status == "decided"
        db.session.remove()

    # The learner's progression: the step is mastered and the step that needed it is open.
    page.goto(f"/learners/{ids.learner_id}/progressions")
    page.get_by_role("link", name=PROGRESSION).first.click()
    page.wait_for_url(f"**/learners/{ids.learner_id}/progressions/{ids.progression_id}")
    assert state_of_step(page, COMPETENCY) == "✓ Mastered"
    assert state_of_step(page, NEXT_COMPETENCY) == "Open"
    snapshot(page, "journey2-progression")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "journey2-progression-phone")
    assert_accessible(page)
