"""Journey 1: a teacher logs evidence for a whole class on one competency with the class grid,
gives feedback, and proposes one learner for validation.

The grid is filled the way a teacher does it: a level typed, Tab to the feedback, Tab to the
next learner. A second test does a whole grid entry with the keyboard alone, no mouse at all.
"""
import pytest
from sqlalchemy import func, select

from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, focused, login, phone, snapshot
from .journey_helpers import (COMPETENCY, KEYBOARD_COMPETENCY, OTHER_SECTION, PROPOSAL_NOTE, SECTION, TEACHER,
                              maya, press_and_load, tab_to, tab_to_link)

pytestmark = pytest.mark.browser


def level_for(number: int) -> int:
    """A spread of levels 1-4 down the class list (Maya, row 10, gets 3: mastery)."""
    return (number % 4) + 1


FEEDBACK = {1: "Ask me for help.", 2: "Nearly there.", 3: "Clear and complete.", 4: "Excellent work."}


def last_evidence_id(live_server) -> int:
    from tracker.evidence.models import Evidence

    with live_server.app.app_context():
        last = db.session.scalar(select(func.max(Evidence.id))) or 0
        db.session.remove()
    return last


def test_teacher_fills_the_class_grid_and_proposes_a_learner(page, live_server):
    ids = maya(live_server)
    login(page, TEACHER)
    assert_accessible(page)

    page.locator("nav.main-nav").get_by_role("link", name="Evidence").click()
    page.wait_for_url("**/evidence")
    assert page.locator("h1").inner_text().strip() == "Evidence"
    snapshot(page, "journey1-evidence-index")
    assert_accessible(page)

    page.locator(f"a[href='/sections/{ids.section_id}/grid']").click()
    page.wait_for_url(f"**/sections/{ids.section_id}/grid")
    assert SECTION in page.locator("h1").inner_text()
    assert_accessible(page)
    option = page.locator("#competency_id option", has_text=COMPETENCY).first
    page.select_option("#competency_id", value=option.get_attribute("value"))
    page.get_by_role("button", name="Open the grid").click()
    page.wait_for_url(f"**/grid?competency_id={ids.competency_id}")
    assert COMPETENCY in page.locator("#competency-heading").inner_text()
    assert COMPETENCY in page.title()
    snapshot(page, "journey1-grid-empty")
    assert_accessible(page)

    # Type a level and feedback for every learner, moving with Tab as the hint on the page says.
    rows = page.locator(".grid-table tbody tr")
    names = [name.strip() for name in rows.locator("th[scope=row]").all_inner_texts()]
    learner_ids = [int(i.split("-")[1]) for i in rows.locator("input.grid-level").evaluate_all(
        "inputs => inputs.map(i => i.id)")]
    assert len(names) == len(learner_ids) == 25
    typed = {}
    page.locator(f"#level-{learner_ids[0]}").click()  # into the first row; the keyboard from here
    for number, (learner_id, name) in enumerate(zip(learner_ids, names), start=1):
        assert focused(page)["id"] == f"level-{learner_id}", f"Tab did not reach the level of {name}"
        level = level_for(number)
        feedback = FEEDBACK[level]
        page.keyboard.type(str(level))
        page.keyboard.press("Tab")
        assert focused(page)["id"] == f"feedback-{learner_id}"
        page.keyboard.type(feedback)
        page.keyboard.press("Tab")
        typed[learner_id] = (level, feedback)
    assert typed[ids.learner_id][0] == 3
    assert focused(page)["text"] == "Save all rows", "after the last row, Tab goes to the save button"
    snapshot(page, "journey1-grid-typed")
    before = last_evidence_id(live_server)
    press_and_load(page)

    confirmation = page.locator(".flash--success")
    assert confirmation.inner_text().strip() == "Saved evidence for 25 learners."
    # The grid shows what was saved as each learner's latest level.
    maya_row = page.locator(".grid-table tbody tr").filter(has=page.locator(f"#level-{ids.learner_id}"))
    assert maya_row.locator(".level-pill").first.inner_text().strip() == "3"
    snapshot(page, "journey1-grid-saved")
    assert_accessible(page)

    from tracker.evidence.models import Evidence

    with live_server.app.app_context():
        saved = db.session.execute(
            select(Evidence.learner_id, Evidence.level, Evidence.feedback, Evidence.source, Evidence.status)
            .where(Evidence.id > before, Evidence.competency_id == ids.competency_id,
                   Evidence.recorded_by_id == ids.teacher_id)).all()
        db.session.remove()
    assert {row.learner_id: (row.level, row.feedback) for row in saved} == typed
    assert len(saved) == 25, "each learner has exactly one new record"
    assert {(row.source, row.status) for row in saved} == {("teacher", "accepted")}

    # Propose Maya: Evidence → her section's learners → Maya → the competency → its timeline.
    page.locator("nav.main-nav").get_by_role("link", name="Evidence").click()
    page.wait_for_url("**/evidence")
    page.locator("summary", has_text=SECTION).click()
    page.locator("details[open] .learner-links").get_by_role("link", name="Maya Hernández").click()
    page.wait_for_url(f"**/learners/{ids.learner_id}/evidence")
    assert "Maya Hernández" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=COMPETENCY, exact=True).click()
    page.wait_for_url(f"**/learners/{ids.learner_id}/competencies/{ids.competency_id}/evidence")
    timeline = page.locator("main")
    assert FEEDBACK[3] in timeline.inner_text()
    snapshot(page, "journey1-timeline")
    assert_accessible(page)

    page.get_by_role("link", name="Propose for validation").click()
    page.wait_for_url("**/propose")
    assert "Propose Maya Hernández" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.fill("#note", PROPOSAL_NOTE)
    page.get_by_role("button", name="Propose for validation").click()
    page.wait_for_url("**/validation/requests/*")
    assert "is in the validation queue" in page.locator(".flash--success").inner_text()
    snapshot(page, "journey1-request")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "journey1-request-phone")
    assert_accessible(page)

    from tracker.mastery.models import ValidationRequest

    with live_server.app.app_context():
        request = db.session.scalar(select(ValidationRequest).where(
            ValidationRequest.learner_id == ids.learner_id, ValidationRequest.competency_id == ids.competency_id))
        assert request is not None
        assert (request.status, request.requested_by_id, request.section_id, request.note,
                request.requested_by_learner) == ("open", ids.teacher_id, ids.section_id, PROPOSAL_NOTE, False)
        assert page.url.endswith(f"/validation/requests/{request.id}")
        db.session.remove()


def test_grid_entry_with_the_keyboard_alone(page, live_server):
    """No mouse at all: sign in, reach the grid through links, pick a competency, fill, save."""
    ids = maya(live_server)
    page.goto("/login")  # typing the address is the keyboard too
    tab_to(page, lambda f: f["id"] == "email")
    page.keyboard.type(TEACHER)
    page.keyboard.press("Tab")
    page.keyboard.type("demo-progress-2026")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)

    tab_to_link(page, "Evidence")
    page.keyboard.press("Enter")
    page.wait_for_url("**/evidence")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("Class grid") and OTHER_SECTION in f["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/sections/{ids.other_section_id}/grid")

    choice = tab_to(page, lambda f: f["id"] == "competency_id")
    assert choice["outline"], "the competency list has no visible focus outline"
    page.keyboard.type(KEYBOARD_COMPETENCY)  # a select jumps to the option typed
    assert page.locator("#competency_id").input_value() == str(ids.keyboard_competency_id)
    button = tab_to_link(page, "Open the grid")
    assert button["outline"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**competency_id={ids.keyboard_competency_id}")

    first_level = tab_to(page, lambda f: (f["id"] or "").startswith("level-"))
    assert first_level["outline"], "the level input has no visible focus outline"
    typed = {}
    for number in range(1, 26):
        level_id = focused(page)["id"]
        assert level_id.startswith("level-"), f"row {number}: focus is on {focused(page)}"
        level = level_for(number + 1)
        page.keyboard.type("9" if number == 3 else str(level))  # a slip on row 3: no level 9
        page.keyboard.press("Tab")
        if number % 5 == 0:  # feedback on some rows, as a teacher does
            page.keyboard.type(f"Row {number}: asks for feedback and uses it.")
        page.keyboard.press("Tab")
        typed[int(level_id.split("-")[1])] = level
    save = focused(page)
    assert save["tag"] == "button" and save["text"] == "Save all rows" and save["outline"]
    before = last_evidence_id(live_server)
    press_and_load(page)

    # Refused whole; the wrong level has the focus, named in the summary; every row typed is kept.
    slip = list(typed)[2]
    assert page.title().startswith("Nothing was saved")
    assert page.locator(f".error-summary a[href='#level-{slip}']").is_visible()
    assert focused(page)["id"] == f"level-{slip}", "the focus is not on the level to fix"
    assert page.locator(f"#level-{slip}").get_attribute("aria-invalid") == "true"
    kept = {int(i.split("-")[1]): v for i, v in page.locator("input.grid-level").evaluate_all(
        "inputs => inputs.map(i => [i.id, i.value])")}
    assert kept == {**{k: str(v) for k, v in typed.items()}, slip: "9"}
    snapshot(page, "journey1-keyboard-slip")
    assert_accessible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(str(typed[slip]))
    press_and_load(page)  # Enter in a field sends the form
    assert page.locator(".flash--success").inner_text().strip() == "Saved evidence for 25 learners."
    snapshot(page, "journey1-keyboard-saved")
    assert_accessible(page)

    from tracker.evidence.models import Evidence

    with live_server.app.app_context():
        saved = dict(db.session.execute(
            select(Evidence.learner_id, Evidence.level)
            .where(Evidence.id > before, Evidence.competency_id == ids.keyboard_competency_id,
                   Evidence.recorded_by_id == ids.teacher_id)).all())
        with_feedback = db.session.scalar(
            select(func.count(Evidence.id))
            .where(Evidence.id > before, Evidence.feedback.like("Row %")))
        db.session.remove()
    assert saved == typed
    assert with_feedback == 5
