"""The school calendar page in a real browser: the demo school's terms and breaks, adding a
closure and a refused date range, at desktop and phone width."""
import pytest

from .helpers import assert_accessible, assert_fits_width, login, phone, snapshot

pytestmark = pytest.mark.browser


def test_admin_keeps_the_school_calendar(page, live_server):
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.rosters.models import School

    with live_server.app.app_context():
        school_id = db.session.scalar(select(School.id).where(School.sourced_id == "demo-school-1"))
    login(page, "admin@demo.school")
    page.goto(f"/admin/schools/{school_id}")
    page.get_by_role("link", name="Open the school calendar").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Calendar of Riverside Middle School"
    assert page.get_by_role("row", name="Winter break").is_visible()
    assert page.get_by_role("row", name="Fall 2026").is_visible()
    snapshot(page, "school-calendar-desktop")
    assert_accessible(page)

    # a last day before the first: refused beside the field, nothing saved
    page.get_by_label("Name").fill("Snow day")
    page.get_by_label("Kind").select_option("closure")
    page.get_by_label("First day").fill("2027-02-10")
    page.get_by_label("Last day").fill("2027-02-09")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The last day must be on or after the first day." in page.locator("#ends_on-error").inner_text()
    assert page.get_by_role("row", name="Snow day").count() == 0
    page.get_by_label("Last day").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("row", name="Snow day").is_visible()

    phone(page)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, "school-calendar-phone")
    page.get_by_role("button", name="Remove Snow day").click()
    page.wait_for_load_state()
    assert page.get_by_role("row", name="Snow day").count() == 0
