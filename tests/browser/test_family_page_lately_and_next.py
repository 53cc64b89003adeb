"""The family page names what was mastered lately and what comes next, in the family's language,
at desktop and phone widths (issue 20)."""
import re

import pytest

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, login, snapshot
from .journey_helpers import GUARDIAN, OTHER_GUARDIAN

pytestmark = pytest.mark.browser

HEADINGS = {"en": ("Mastered in the last 30 days", "What comes next"),
            "es": ("Dominado en los últimos 30 días", "Lo que viene")}


@pytest.mark.parametrize("email, language", [(GUARDIAN, "es"), (OTHER_GUARDIAN, "en")])
def test_the_family_page_names_recent_and_next_steps(new_page, email, language):
    page = new_page(viewport=DESKTOP)
    login(page, email)
    page.locator("main a[href*='/family']").first.click()
    page.wait_for_url("**/family")
    assert page.locator("html").get_attribute("lang") == language
    lately, upcoming = HEADINGS[language]
    block = page.locator("main section.family-block").first
    assert block.get_by_role("heading", name=lately).is_visible()
    assert block.get_by_role("heading", name=upcoming).is_visible()
    # every named step is quoted in "I can" words; a mastered one carries its day, never an ISO date
    for item in block.locator("ul.family-steps li").all_inner_texts():
        assert item.startswith("“") and not re.search(r"\d{4}-\d{2}-\d{2}", item), item
    for size, width in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(width)
        assert_fits_width(page)
        assert_accessible(page)
        snapshot(page, f"family-lately-{language}-{size}")
