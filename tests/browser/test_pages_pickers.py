"""Issue 20: the one competency picker (filter by typing, choose with the keyboard, submit), the
student's form starting empty, drafts kept off student, family and heatmap pages, and the empty
heatmap saying what fills it; each at 1280 and 390 px."""
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.supports.models import SupportFlag

from .helpers import PHONE, assert_accessible, assert_fits_width, desktop, login, phone, snapshot
from .journey_helpers import GUARDIAN, STUDENT, TEACHER, maya

pytestmark = pytest.mark.browser

DRAFT = "Browser check: draft science"
EMPTY = "Browser check: framework without evidence"


def visible_options(page) -> list[str]:
    return page.eval_on_selector_all("#competency_id optgroup option", "nodes => nodes.map(n => n.textContent.trim())")


def filter_and_choose(page, words: str) -> str:
    """Type `words` in the picker's filter box, then Down: the list takes the focus with the first
    match chosen. Returns the chosen option's text."""
    page.locator("#competency_id-filter").click()
    page.keyboard.type(words)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.id") == "competency_id"
    return page.evaluate("() => { const s = document.getElementById('competency_id');"
                         " return s.options[s.selectedIndex].textContent.trim(); }")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_teacher_finds_a_competency_by_typing_and_chooses_it_with_the_keyboard(page, live_server, size):
    ids = maya(live_server)
    login(page, TEACHER)
    if size == "phone":
        phone(page)
    page.goto(f"/learners/{ids.learner_id}/evidence/new")
    everything = visible_options(page)
    labels = page.eval_on_selector_all("#competency_id optgroup", "nodes => nodes.map(n => n.label)")
    assert any(" · " in label for label in labels)  # grouped by domain
    codes = [text.split()[0] for text in everything if text.startswith("MATH.6.RP.")]
    assert codes == sorted(codes, key=lambda code: [int(p) if p.isdigit() else p for p in code.split(".")])
    snapshot(page, f"picker-teacher-{size}")
    assert_accessible(page)

    page.locator("#competency_id-filter").click()
    page.keyboard.type("unit rate")
    kept = visible_options(page)
    assert 0 < len(kept) < len(everything)
    assert "match" in page.locator(".picker__status").inner_text()
    snapshot(page, f"picker-teacher-filtered-{size}")
    assert_fits_width(page)
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("() => document.getElementById('competency_id').value")
    assert chosen and page.evaluate("() => document.activeElement.id") == "competency_id"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Continue"
    page.wait_for_url(f"**/evidence/new?competency_id={chosen}")
    assert page.locator(".chosen-competency").is_visible()
    snapshot(page, f"picker-teacher-chosen-{size}")

    # Without a match the box says so, and clearing it brings every option back.
    page.goto(f"/sections/{ids.section_id}/grid")
    page.locator("#competency_id-filter").fill("zzzz nothing like this")
    assert visible_options(page) == []
    assert "No competency matches" in page.locator(".picker__status").inner_text()
    page.locator("#competency_id-filter").fill("")
    assert len(visible_options(page)) > 0


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_students_form_starts_empty_lists_next_steps_first_and_names_an_empty_choice(page, live_server, size):
    login(page, STUDENT)
    if size == "phone":
        phone(page)
    page.goto("/my/evidence/new")
    assert page.locator("#competency_id").input_value() == ""
    first_group = page.locator("#competency_id optgroup").first
    assert first_group.get_attribute("label") == "My next steps"
    assert first_group.locator("option").count() > 0
    snapshot(page, f"picker-student-{size}")
    assert_accessible(page)
    if size == "phone":
        assert_fits_width(page)

    page.locator("#reflection").fill("I made a dot plot of how long my class sleeps.")
    page.locator("#link_url").fill("https://example.org/my-dot-plot")
    page.get_by_role("button", name="Send to my teachers").click()
    page.wait_for_load_state()
    error = page.locator("#competency_id-error")
    assert "Choose what your evidence shows" in error.inner_text()
    assert page.locator("#reflection").input_value().startswith("I made a dot plot")  # nothing typed is lost
    snapshot(page, f"picker-student-empty-error-{size}")

    chosen = filter_and_choose(page, "I can")
    assert chosen.split()[0].startswith("MATH.") or "I can" in chosen


@contextmanager
def draft_and_empty_frameworks(live_server, learner_id):
    """A draft framework with a progression Maya is placed on, and a published framework with no
    evidence; both removed afterwards (the live database is shared by the whole run)."""
    from tracker.competencies.models import Competency, Framework, ProficiencyScale
    from tracker.progressions.models import Placement, Progression, ProgressionStep
    from tracker.timeutil import utcnow

    with live_server.app.app_context():
        scale = db.session.scalar(select(ProficiencyScale).order_by(ProficiencyScale.id))
        made = {}
        for title, status in ((DRAFT, "draft"), (EMPTY, "published")):
            framework = Framework(title=title, status=status, scale_id=scale.id, subject="Science")
            db.session.add(framework)
            db.session.flush()
            competency = Competency(framework_id=framework.id, code=f"BRW.{status}", statement=f"{title} statement")
            db.session.add(competency)
            db.session.flush()
            made[status] = (framework.id, competency.id)
        progression = Progression(framework_id=made["draft"][0], title=f"{DRAFT} pathway", weeks_per_step=1.0)
        db.session.add(progression)
        db.session.flush()
        db.session.add(ProgressionStep(progression_id=progression.id, competency_id=made["draft"][1], position=1))
        db.session.add(Placement(learner_id=learner_id, progression_id=progression.id, start_position=1,
                                 placed_on=utcnow().date() - timedelta(days=7), reason="Browser check"))
        db.session.commit()
        progression_id = progression.id
        db.session.remove()
    try:
        yield made["published"][0]
    finally:
        with live_server.app.app_context():
            # the pages refreshed Maya's flags (supports.watch queued her): a flag may name the progression
            db.session.execute(delete(SupportFlag).where(SupportFlag.progression_id == progression_id))
            db.session.execute(delete(Placement).where(Placement.progression_id == progression_id))
            db.session.execute(delete(ProgressionStep).where(ProgressionStep.progression_id == progression_id))
            db.session.execute(delete(Progression).where(Progression.id == progression_id))
            for framework_id, competency_id in made.values():
                db.session.execute(delete(Competency).where(Competency.id == competency_id))
                db.session.execute(delete(Framework).where(Framework.id == framework_id))
            db.session.commit()
            db.session.remove()


def test_drafts_do_not_leak_and_an_empty_heatmap_says_what_fills_it(page, new_page, live_server):
    ids = maya(live_server)
    with draft_and_empty_frameworks(live_server, ids.learner_id) as empty_id:
        login(page, STUDENT)
        for size in ("desktop", "phone"):
            phone(page) if size == "phone" else desktop(page)
            page.goto(f"/learners/{ids.learner_id}/progress")
            assert DRAFT not in page.content()
            snapshot(page, f"drafts-student-progress-{size}")
        page.goto("/my/evidence/new")
        assert DRAFT not in page.content() and "BRW.draft" not in page.content()

        family = new_page()
        login(family, GUARDIAN)
        for size in ("desktop", "phone"):
            phone(family) if size == "phone" else desktop(family)
            family.goto(f"/learners/{ids.learner_id}/family")
            assert DRAFT not in family.content()
            snapshot(family, f"drafts-family-{size}")

        teacher = new_page()
        login(teacher, TEACHER)
        teacher.goto(f"/sections/{ids.section_id}/heatmap")
        listed = teacher.eval_on_selector_all("#framework_id option", "nodes => nodes.map(n => n.textContent)")
        assert EMPTY in listed and DRAFT not in listed and not any("draft" in text for text in listed)
        teacher.select_option("#framework_id", str(empty_id))
        teacher.get_by_role("button", name="Show").click()
        teacher.wait_for_url(f"**framework_id={empty_id}**")
        heading = teacher.locator(".empty-state h2")
        assert heading.inner_text() == f"No evidence on {EMPTY} yet"
        assert teacher.get_by_role("link", name="Log evidence for the class").is_visible()
        snapshot(teacher, "heatmap-empty-desktop")
        assert_accessible(teacher)
        teacher.set_viewport_size(PHONE)
        assert_fits_width(teacher)
        snapshot(teacher, "heatmap-empty-phone")
