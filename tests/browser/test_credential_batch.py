"""Issuing every pending credential of the school (issue 17: credential batches on the job queue), in
Chromium: the admin presses the button on the credentials page, lands on the jobs page, and the job
worker beside the server issues them; the jobs page says how many. Desktop and phone width. The
credentials made here are removed afterwards (other tests issue Maya's on her page)."""
import re
import time

import pytest
from sqlalchemy import delete, func, select

from tracker.credentials.models import IssuedCredential
from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, login, phone
from .journey_helpers import ADMIN

pytestmark = pytest.mark.browser


def test_the_admin_issues_every_pending_credential_of_the_school(page, live_server):
    with live_server.app.app_context():
        before = db.session.scalar(select(func.max(IssuedCredential.id))) or 0
    try:
        login(page, ADMIN)
        page.goto("/admin/credentials/keys")
        page.get_by_role("button", name="Issue every pending credential").first.click()
        page.wait_for_url("**/admin/jobs")
        assert "is being issued in the background" in page.locator(".flash, [role=status]").first.inner_text()
        row = page.locator("tbody tr", has_text="Issue pending credentials").first
        deadline = time.monotonic() + 120
        while "issued to" not in row.inner_text():
            assert time.monotonic() < deadline, "the job worker did not issue the credentials within two minutes"
            time.sleep(0.5)
            page.reload()
            row = page.locator("tbody tr", has_text="Issue pending credentials").first
        issued = int(re.search(r"(\d+) credentials? issued to (\d+) learners?", row.inner_text()).group(1))
        with live_server.app.app_context():
            made = db.session.scalar(select(func.count()).where(IssuedCredential.id > before))
        assert issued == made > 0
        assert_accessible(page)
        phone(page)
        page.reload()
        assert_fits_width(page)
    finally:
        with live_server.app.app_context():
            db.session.execute(delete(IssuedCredential).where(IssuedCredential.id > before))
            db.session.commit()
