"""Educators as learners in a real browser: a teacher opens her professional learning from the menu
(the same progress page as the students', on the educator framework); a colleague is refused it."""
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
