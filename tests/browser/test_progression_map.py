"""The progression map reads (issue 20): on a desktop the drawing's step numbers run 1, 2, 3… left to
right and top to bottom, and no step's words are cut; on a phone the same steps come as a vertical
path, in the same order, each naming what it needs. In English and in the family's Spanish."""
import re

import pytest

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, login, snapshot
from .journey_helpers import GUARDIAN, STUDENT

pytestmark = pytest.mark.browser


def _drawn_numbers_in_reading_order(page) -> list[int]:
    boxes = page.locator(".progression-map svg .map-node").evaluate_all(
        """nodes => nodes.map(n => { const r = n.getBoundingClientRect();
             return [Math.round(r.top), Math.round(r.left), n.querySelector('.map-node__number').textContent]; })""")
    return [int(number) for _top, _left, number in sorted(boxes)]


@pytest.mark.parametrize("email, language", [(STUDENT, "en"), (GUARDIAN, "es")])
def test_the_map_reads_in_step_order_on_a_desktop_and_as_a_path_on_a_phone(new_page, email, language):
    page = new_page(viewport=DESKTOP)
    login(page, email, next_path="/my/progress" if email == STUDENT else None)
    if email == GUARDIAN:
        page.locator("main a[href*='/family']").first.click()
        page.wait_for_url("**/family")
        page.locator("main a[href$='/progress']").first.click()
    page.wait_for_selector(".progression-map")
    assert page.locator("html").get_attribute("lang") == language

    drawing, path = page.locator(".progression-map svg").first, page.locator(".progression-path").first
    assert drawing.is_visible() and not path.is_visible()
    numbers = _drawn_numbers_in_reading_order(page)
    assert len(numbers) >= 10 and numbers == sorted(numbers), numbers
    words = page.locator(".progression-map svg .map-node__state").all_text_contents()
    assert words and not any("…" in text for text in words), words  # states wrap onto two lines, never cut
    snapshot(page, f"progression-map-{language}-desktop")

    page.set_viewport_size(PHONE)
    assert path.is_visible() and not drawing.is_visible()
    steps = path.locator(".progression-path__step")
    path_numbers = [int(n) for n in path.locator(".progression-path__number").all_text_contents()]
    assert path_numbers == numbers  # the same steps, in the same order
    needs = "Necesita" if language == "es" else "Needs"
    assert any(re.match(needs + r":\s+MATH\.", text.strip()) for text in
               path.locator(".progression-path__needs").all_text_contents())
    assert steps.count() == len(numbers)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, f"progression-map-{language}-phone")
