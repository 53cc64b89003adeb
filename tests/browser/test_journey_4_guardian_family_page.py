"""Journey 4: a guardian reads its child's page in Spanish on a phone and prints it."""
import os
import re

import pytest

from .helpers import ARTIFACTS, PHONE, assert_accessible, assert_fits_width, login, snapshot
from .journey_helpers import GUARDIAN, maya

pytestmark = pytest.mark.browser


def spanish(live_server, text: str) -> str | None:
    """The Spanish catalog's translation of `text`, or None while it is untranslated."""
    from flask_babel import force_locale, gettext

    with live_server.app.test_request_context(), force_locale("es"):
        translated = gettext(text)
    return translated if translated != text else None


def pdf_page_count(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed: `/Type /Page`, not `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_guardian_reads_the_family_page_in_spanish_on_a_phone_and_prints_it(new_page, live_server):
    ids = maya(live_server)
    page = new_page(viewport=PHONE, locale="es-ES", is_mobile=True, has_touch=True)
    login(page, GUARDIAN)  # Lucía's account is set to Spanish
    assert page.locator("html").get_attribute("lang") == "es"
    assert_fits_width(page)
    assert_accessible(page)

    page.locator("section[aria-labelledby=my-children]").get_by_role("link", name="Maya Hernández").click()
    page.wait_for_url(f"**/learners/{ids.learner_id}/family")
    assert page.locator("html").get_attribute("lang") == "es"
    heading = page.locator("h1").inner_text()
    assert "Maya" in heading
    # Structure: a block per progression, the support in place, whom to contact.
    blocks = page.locator("main section.family-block")
    assert blocks.count() >= 3
    assert blocks.locator("h2").count() == blocks.count()
    # The school's content in her language too: the path's name and its steps' "I can" words.
    assert "Camino de matemáticas de 6.º grado" in page.locator("main").inner_text()
    assert page.locator("main [lang='en']").count() == 0  # every piece of it is translated in the demo
    assert page.locator("main a[href^='mailto:']").count() >= 1
    for english in ("Whom to contact", "Support in place"):
        translated = spanish(live_server, english)
        if translated:
            assert page.get_by_role("heading", name=translated).is_visible(), f"{english!r} is not in Spanish"
    assert_fits_width(page)
    snapshot(page, "journey4-family-phone")
    assert_accessible(page)

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible(), "the navigation is printed"
    assert page.locator("h1").is_visible()
    snapshot(page, "journey4-family-print")
    pdf = page.pdf(format="Letter", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert pdf_page_count(pdf) == 1, f"the printed family page has {pdf_page_count(pdf)} pages, not 1"
    if os.environ.get("TRACKER_SCREENSHOTS"):  # to look at what was printed
        (ARTIFACTS / "journey4-family.pdf").write_bytes(pdf)
