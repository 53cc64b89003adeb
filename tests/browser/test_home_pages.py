"""Each demo person signs in and sees a home page made for their role; strangers are refused."""
import pytest
from sqlalchemy import select

from tracker.demo.school import DEMO_LOGINS
from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot

pytestmark = pytest.mark.browser

# role -> id of the heading of the panel that role's home page must show
ROLE_PANELS = {
    "admin": "school-admin",
    "teacher": "my-sections",
    "validator": "validation",
    "student": "my-learning",
    "guardian": "my-children",
}


@pytest.mark.parametrize("demo", DEMO_LOGINS, ids=lambda demo: demo.email)
def test_each_role_sees_its_home_page(page, demo):
    login(page, demo.email)
    assert page.locator("h1").inner_text().strip().endswith(demo.name)
    panel_heading = page.locator(f"#{ROLE_PANELS[demo.role]}")
    assert panel_heading.is_visible()
    assert panel_heading.evaluate("h => h.tagName") == "H2"
    assert page.locator("nav.main-nav a[aria-current=page]").count() == 1
    snapshot(page, f"home-{demo.email}-desktop")
    assert_accessible(page)

    phone(page)
    assert panel_heading.is_visible()
    assert_fits_width(page)
    snapshot(page, f"home-{demo.email}-phone")
    assert_accessible(page)


def test_teacher_opens_a_section_from_the_home_page(page):
    login(page, "rivera@demo.school")
    link = page.locator("section[aria-labelledby=my-sections] a").first
    name = link.inner_text().strip()
    link.click()
    assert page.locator("h1").inner_text().strip() == name
    assert page.locator("table th[scope=col]").count() >= 2
    assert page.locator("table tbody tr").count() > 0
    snapshot(page, "section-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "section-phone")
    assert_accessible(page)


def _grade_six_section_id(live_server) -> int:
    from tracker.rosters.models import Section

    with live_server.app.app_context():
        return db.session.scalar(select(Section.id).where(Section.name == "Studio 6A"))


@pytest.mark.parametrize("email", ["lucia.hernandez@family.demo.school", "cohen@demo.school"],
                         ids=["guardian", "teacher-of-other-sections"])
def test_strangers_cannot_open_a_section(page, live_server, email):
    section_id = _grade_six_section_id(live_server)
    login(page, email)
    response = page.goto(f"/sections/{section_id}")
    assert response.status == 403
    assert page.locator(".error-page h1").is_visible()
    assert page.locator("table").count() == 0  # not a single learner name shown
    snapshot(page, f"refused-{email}")
    assert_accessible(page)
