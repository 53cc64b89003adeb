"""A learner's pages as of a past day (issue 19), in Chromium: Maya's teacher picks a day in October on the
progress page and reads where Maya stood then (fewer steps mastered than today, the banner, no way to change
anything); Lucía, in Spanish, does the same on her family page. A date to come is named at the field.
Desktop and phone width."""
import re
from datetime import date, timedelta

import pytest

from .helpers import assert_accessible, assert_fits_width, login, logout, phone
from .journey_helpers import GUARDIAN, TEACHER, maya

pytestmark = pytest.mark.browser


def _mastered(page) -> int:
    text = page.locator("section[aria-labelledby=where-heading] dl.stats div").first.locator("dd").inner_text()
    return int(re.match(r"\d+", text).group(0))


def test_the_teacher_and_the_family_look_at_an_earlier_day(page, live_server):
    learner = maya(live_server).learner_id
    earlier = date.today() - timedelta(weeks=7)  # the demo's work starts about three months back
    login(page, TEACHER)
    page.goto(f"/learners/{learner}/progress")
    today_mastered = _mastered(page)

    page.get_by_label("See where Maya stood on").fill(earlier.isoformat())
    page.get_by_role("button", name="See that day").click()
    page.wait_for_load_state()
    assert "Where Maya stood at the end of" in page.locator(".as-of-banner").inner_text()
    assert f"as_of={earlier.isoformat()}" in page.url
    assert _mastered(page) < today_mastered
    assert page.get_by_role("link", name="Share evidence of my learning").count() == 0
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    page.get_by_role("link", name="Back to today").click()
    page.wait_for_load_state()
    assert _mastered(page) == today_mastered and page.locator(".as-of-banner").count() == 0

    page.goto(f"/learners/{learner}/progress?as_of={(date.today() + timedelta(days=3)).isoformat()}")
    assert "has not come yet: the page shows today." in page.locator("#as_of-error").inner_text()
    logout(page)

    login(page, GUARDIAN)  # Lucía reads Spanish
    page.goto(f"/learners/{learner}/family")
    page.get_by_label("Ver dónde se encontraba Maya el").fill(earlier.isoformat())
    page.get_by_role("button", name="Ver ese día").click()
    page.wait_for_load_state()
    assert "Dónde se encontraba Maya al final del" in page.locator(".as-of-banner").inner_text()
    assert "Aquí puede ver dónde se encontraba Maya el" in page.locator("p.lead").inner_text()
    assert_accessible(page)
    assert_fits_width(page)
