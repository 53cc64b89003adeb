"""Import from a CASE server (issue 22), in Chromium: the admin gives a server's address, picks a framework
from its list and reads what importing it would change. The server here is the live server's own CASE API
(the two-instance import and re-sync are tests/competencies/test_case_server.py): its own package read back
changes nothing. Desktop and phone width."""
import pytest

from .helpers import assert_accessible, assert_fits_width, login, phone
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser


def test_the_admin_looks_at_a_servers_frameworks_and_previews_one(page, live_server):
    live_server.app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = True  # the server is on this machine
    try:
        login(page, ADMIN)
        page.goto("/frameworks")
        page.get_by_role("link", name="Import from a CASE server").click()
        page.get_by_label("Address of a CASE server, document or package").fill(f"{live_server.url}/ims/case/v1p1")
        page.get_by_role("button", name="Look").click()
        listed = page.locator("section[aria-labelledby=documents-heading]")
        assert "Frameworks on this server (4)" in listed.inner_text()
        listed.locator("li", has_text="Middle School Mathematics: Grade 6").get_by_role("button").click()
        preview = page.locator("section[aria-labelledby=preview-heading]")
        text = preview.inner_text()
        assert "An update of Middle School Mathematics: Grade 6, in place, by identifier." in text
        assert "Nothing would change: the framework here is the same as on the server." in text
        assert_accessible(page)
        phone(page)
        assert_fits_width(page)
    finally:
        live_server.app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = False
