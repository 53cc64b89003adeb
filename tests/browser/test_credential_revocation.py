"""Revoking a credential (issue 22), in Chromium: the admin issues Maya's pending credentials, revokes one
with a reason, and the school's published status list then has that credential's bit set (read as a
verifier reads it: status_list.revoked, its signature checked). Desktop and phone width."""
import pytest
from sqlalchemy import select

from tracker.credentials import status_list
from tracker.credentials.models import IssuedCredential
from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, login, phone
from .journey_helpers import ADMIN, maya

pytestmark = pytest.mark.browser


def test_the_admin_revokes_and_the_published_list_says_so(page, live_server):
    learner = maya(live_server).learner_id
    login(page, ADMIN)
    page.goto(f"/learners/{learner}/credentials")
    issue = page.get_by_role("button", name="Issue")
    if issue.count():
        issue.first.click()
        page.wait_for_load_state()
    row = page.locator("tbody tr", has=page.locator("details.revoke")).first
    name = row.locator("td").first.inner_text()
    row.locator("details.revoke summary").click()
    row.get_by_label("Why (the learner and the school read it)").fill("Issued before the appeal was heard.")
    row.get_by_role("button", name="Revoke for good").click()
    page.wait_for_load_state()
    assert "The credential is revoked" in page.locator(".flashes").inner_text()
    revoked_row = page.locator("tbody tr", has_text=name)
    assert "Revoked" in revoked_row.inner_text() and "Issued before the appeal was heard." in revoked_row.inner_text()
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)

    with live_server.app.app_context():
        credentials = db.session.scalars(select(IssuedCredential).where(IssuedCredential.learner_id == learner)
                                         .order_by(IssuedCredential.id)).all()
        documents = {c.id: (c.document, c.revoked_at is not None) for c in credentials}
        db.session.remove()

    def fetch(url):  # the list as anyone reads it: the live server's public address
        return page.request.get(url).json()

    checked = {cid: status_list.revoked(document, fetch) for cid, (document, _revoked) in documents.items()
               if "credentialStatus" in document}
    assert checked == {cid: revoked for cid, (document, revoked) in documents.items() if "credentialStatus" in document}
    assert sum(checked.values()) == 1
