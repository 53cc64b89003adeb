"""An administrator gives an authoring tool an LRS key and secret (issue 22, xAPI): the secret is shown once,
the tool sends a statement with HTTP Basic as Storyline or H5P would, and a revoked key stops working.
Desktop and phone widths."""
import base64
import json
import urllib.error
import urllib.request

import pytest

from .helpers import assert_accessible, assert_fits_width, desktop, login, phone, snapshot
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser

STATEMENT = {
    "actor": {"objectType": "Agent", "name": "Nobody here", "mbox": "mailto:tool-key-journey@example.org"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
    "object": {"id": "https://tool.example/journey/activity-1"},
}


def post_statement(base_url, key, secret) -> int:
    request = urllib.request.Request(
        f"{base_url}/xapi/statements", data=json.dumps(STATEMENT).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3",
                 "Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_admin_gives_a_tool_a_key_and_revokes_it(page, live_server):
    login(page, ADMIN)
    page.goto("/admin/xapi")
    page.get_by_role("button", name="Create key").click()
    assert "Give the tool a name" in page.locator("#tool-name-error").inner_text()
    page.fill("#tool-name", "Storyline course (journey)")
    page.get_by_role("button", name="Create key").click()
    panel = page.get_by_role("status").filter(has_text="Storyline course (journey)")
    codes = panel.locator("code.token")
    key, secret = codes.nth(0).inner_text(), codes.nth(1).inner_text()
    assert key.startswith("lptk_") and len(secret) > 30
    for width, size in (("1280", desktop), ("390", phone)):
        size(page)
        snapshot(page, f"xapi-tool-key-{width}")
        assert_fits_width(page)
        assert_accessible(page)
    desktop(page)

    base_url = page.url.split("/admin/")[0]
    assert post_statement(base_url, key, secret) == 200
    page.goto("/admin/xapi")
    assert secret not in page.content()  # shown once only
    row = page.locator("tr").filter(has_text=key)
    row.get_by_role("button", name="Revoke").click()
    assert "The key is revoked" in page.content()
    assert post_statement(base_url, key, secret) == 401
