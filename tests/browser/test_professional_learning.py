"""Educators as learners in a real browser: a teacher opens her professional learning from the menu
(the same progress page as the students', on the educator framework); a colleague is refused it;
her coach validates a level and issues the badge, which no other validator sees; the admin's
view of staff by domain shows it."""
import re

import pytest

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot

pytestmark = pytest.mark.browser


def test_a_teacher_opens_her_professional_learning_and_a_colleague_is_refused(new_page):
    page = new_page()
    login(page, "tran@demo.school")
    page.locator("nav.main-nav").get_by_role("link", name="My professional learning").click()
    page.wait_for_url(re.compile(r"/learners/\d+/progress"))
    record_url = page.url
    assert page.locator("h1").inner_text() == "My professional learning"
    assert "evaluation is not its purpose" in page.locator("main").inner_text()
    assert "Professional learning: competency education" in page.locator("main").inner_text()
    snapshot(page, "professional-learning-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "professional-learning-phone")

    colleague = new_page()
    login(colleague, "rivera@demo.school")
    response = colleague.goto(record_url)
    assert response.status == 403


def test_the_coach_validates_a_level_and_issues_the_badge_another_validator_never_sees_it(new_page):
    """Tran (demo) has asked her coach, Whitfield, to validate her first step: Ortiz, a validator who
    does not coach her, has no such row in his queue; Whitfield decides it, issues the badge from her
    credentials page, and the admin's staff view shows the level."""
    other = new_page()
    login(other, "ortiz@demo.school")
    other.goto("/validation")
    assert "Linh Tran" not in other.locator("main").inner_text()

    page = new_page()
    login(page, "whitfield@demo.school")
    page.goto("/validation")
    page.get_by_role("link", name="Review the request for Linh Tran").click()
    page.wait_for_url(re.compile(r"/validation/requests/\d+$"))
    assert "EDU.1.1" in page.locator("h1").inner_text()
    page.locator("input[name=citations]").last.check()
    page.locator("#outcome input[value=mastered]").check()
    page.locator("#level").select_option("3")
    page.locator("#rationale").fill("Explains competency education clearly to families, seen at the evening.")
    override = page.locator("textarea[name=override_rationale]")
    if override.count() and override.is_visible():
        override.fill("The observation at the family evening outweighs the earlier reflection.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url("**/validation")
    assert page.locator(".flash--success").inner_text().strip() == (
        "Recorded: Linh Tran has mastered EDU.1.1 at level 3.")

    # the badge: issued from her credentials page, signed like every credential
    record_id = _tran_record_id(new_page)
    page.goto(f"/learners/{record_id}/credentials")
    page.get_by_role("button", name="Issue 1 credential").click()
    issued = page.locator("section[aria-labelledby=issued-heading]").inner_text()
    assert "Professional learning badge: EDU.1.1 Experienced" in issued

    other.goto("/validation")  # the queue again: still nothing of hers
    assert "Linh Tran" not in other.locator("main").inner_text()

    admin = new_page()
    login(admin, "admin@demo.school")
    admin.goto("/admin/professional-learning")
    row = admin.locator("tr", has_text="Linh Tran")
    assert "Experienced" in row.inner_text()
    assert "Expert" in admin.locator("tr", has_text="James Okafor").inner_text()
    snapshot(admin, "staff-learning-desktop")
    assert_accessible(admin)
    phone(admin)
    assert_fits_width(admin)
    snapshot(admin, "staff-learning-phone")


def _tran_record_id(new_page) -> int:
    """Tran's professional learning record, as her menu link leads to it."""
    page = new_page()
    login(page, "tran@demo.school")
    page.goto("/my/progress")
    return int(re.search(r"/learners/(\d+)/progress", page.url).group(1))
