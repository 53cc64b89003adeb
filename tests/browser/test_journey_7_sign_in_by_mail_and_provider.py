"""Signing in without an admin typing passwords (issue 18): an invitation by mail, "forgot password",
and single sign-on through a real OpenID provider (oidc-provider from npm), in Chromium.

Mail goes to a real SMTP server (aiosmtpd) started here; `deliver_pending()` is run as the job queue
will run it. The provider runs under Node with the demo people as its accounts.
"""
import re

import pytest
from sqlalchemy import select

from tracker.extensions import db

from ..smtp_server import SmtpServer, text_of
from ..sso.oidc_provider import CLIENT_ID, CLIENT_SECRET, RealProvider
from .helpers import assert_accessible, assert_fits_width, desktop, login, logout, phone, snapshot
from .journey_helpers import ADMIN, GUARDIAN

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-new-family-passphrase"
INVITED = "nina.invited@family.demo.school"
FORGETFUL = "forgetful.teacher@demo.school"
DEACTIVATED = "gone@demo.school"


@pytest.fixture(scope="module")
def smtp(live_server):
    keys = ("MAIL_SMTP_HOST", "MAIL_SMTP_PORT", "MAIL_SMTP_SECURITY", "MAIL_FROM")
    before = {key: live_server.app.config.get(key) for key in keys}
    with SmtpServer() as server:
        live_server.app.config.update(server.config())
        yield server
    live_server.app.config.update(before)


def deliver(live_server) -> None:
    """What the job queue does every minute."""
    from tracker.mail.service import deliver_pending

    with live_server.app.app_context():
        deliver_pending()
        db.session.remove()


def link_in(message, live_server) -> str:
    link = re.search(r"https?://\S+", text_of(message)).group(0)
    assert link.startswith(live_server.url), link
    return link[len(live_server.url):]


def _add_person(live_server, email, name, role, *, locale="en", active=True, child_of=None) -> None:
    from tracker.auth.models import User
    from tracker.rosters.models import GuardianLink, Learner

    with live_server.app.app_context():
        if db.session.scalar(select(User).where(User.email == email)) is None:
            user = User(email=email, name=name, locale=locale, active=active)
            user.set_roles([role])
            db.session.add(user)
            db.session.flush()
            if child_of:
                learner = db.session.scalar(select(Learner).where(Learner.given_name == child_of))
                db.session.add(GuardianLink(guardian_id=user.id, learner_id=learner.id, relationship_label="Aunt"))
            db.session.commit()
        db.session.remove()


def test_admin_invites_a_guardian_who_sets_a_password_and_sees_the_child(page, new_page, live_server, smtp):
    _add_person(live_server, INVITED, "Nina Invited", "guardian", child_of="Maya")
    login(page, ADMIN)
    page.goto("/admin/")
    page.get_by_role("link", name="Invitations").click()
    page.fill("#emails", f"{INVITED}\nnot an address\n")
    snapshot(page, "invitation-page-desktop")
    page.get_by_role("button", name="Send invitations").click()
    page.wait_for_load_state()
    report = page.locator("main").inner_text()
    assert "1 invitation sent." in report
    assert "Line 2, “not an address”: not an email address" in report
    assert_accessible(page)
    snapshot(page, "invitation-report-desktop")
    phone(page)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, "invitation-report-phone")
    desktop(page)

    # Before delivery the admin reads it in the outbox.
    page.get_by_role("link", name="See the messages in the outbox").click()
    assert INVITED in page.locator("main").inner_text()
    assert_accessible(page)
    snapshot(page, "outbox-desktop")
    phone(page)
    assert_fits_width(page)
    snapshot(page, "outbox-phone")
    desktop(page)

    deliver(live_server)
    message = smtp.inbox.wait_for(INVITED)
    assert message["Subject"] == "Your account on the Learner Progression Tracker"
    path = link_in(message, live_server)

    guardian = new_page()
    guardian.goto(path)
    assert "Welcome, Nina Invited" in guardian.locator("h1").inner_text()
    assert_accessible(guardian)
    snapshot(guardian, "set-password-desktop")
    phone(guardian)
    assert_fits_width(guardian)
    assert_accessible(guardian)
    snapshot(guardian, "set-password-phone")
    guardian.fill("#new_password", NEW_PASSWORD)
    guardian.fill("#confirm", NEW_PASSWORD)
    guardian.get_by_role("button", name="Set password and sign in").click()
    guardian.wait_for_load_state()
    assert "/invitation/" not in guardian.url
    desktop(guardian)
    guardian.goto("/my/children")
    assert "Maya" in guardian.locator("main").inner_text()

    # The link worked once.
    again = new_page()
    again.goto(path)
    assert "This link cannot be used" in again.locator("h1").inner_text()


def test_forgot_password_end_to_end(page, new_page, live_server, smtp):
    _add_person(live_server, FORGETFUL, "Fran Forgetful", "teacher")
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.fill("#email", FORGETFUL)
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_load_state()
    assert "Check your email" in page.locator("h1").inner_text()
    assert_accessible(page)

    deliver(live_server)
    path = link_in(smtp.inbox.wait_for(FORGETFUL), live_server)
    page.goto(path)
    assert "Set a new password" in page.locator("h1").inner_text()
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#confirm", "something-else-entirely")
    page.get_by_role("button", name="Set password and sign in").click()
    page.wait_for_load_state()
    assert page.locator("#confirm-error").is_visible()  # the mistake is shown beside the field
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#confirm", NEW_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    page.wait_for_load_state()
    assert "Fran Forgetful" in page.locator("h1").inner_text()
    logout(page)
    login(page, FORGETFUL, NEW_PASSWORD)

    reused = new_page()
    reused.goto(path)
    assert "This link cannot be used" in reused.locator("h1").inner_text()
    assert_accessible(reused)


@pytest.fixture(scope="module")
def provider(live_server):
    """The real OpenID provider, configured on the admin page's model; switched off afterwards so the
    other journeys see the sign-in page they expect."""
    from tracker.sso.models import IdentityProvider
    from tracker.sso.service import save_provider

    server = RealProvider([f"{live_server.url}/sso/{n}/callback" for n in range(1, 21)])
    _add_person(live_server, DEACTIVATED, "Gone Away", "guardian", active=False)
    with live_server.app.app_context():
        saved = save_provider(None, name="School Login", issuer=server.url, client_id=CLIENT_ID,
                              secret=CLIENT_SECRET, enabled=True, new_account_role=None)
        db.session.commit()
        provider_id = saved.id
        db.session.remove()
    yield server
    with live_server.app.app_context():
        db.session.get(IdentityProvider, provider_id).enabled = False
        db.session.commit()
        db.session.remove()
    server.stop()


def _through_provider(page, subject: str) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Sign in with School Login").click()
    page.wait_for_selector("input[name=login]")
    page.fill("input[name=login]", subject)
    page.fill("input[name=password]", "anything")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    consent = page.locator("button", has_text="Continue")
    if consent.count():
        consent.click()
    page.wait_for_url(lambda url: "127.0.0.1" in url and ("/login" in url or "/sso/" in url or url.endswith("/")))
    page.wait_for_load_state()


def test_sign_in_through_the_schools_provider_and_its_refusals(page, new_page, live_server, provider):
    page.goto("/login")
    assert page.get_by_role("link", name="Sign in with School Login").is_visible()
    assert page.locator("#email").is_visible()  # beside the password form
    assert_accessible(page)
    snapshot(page, "login-with-provider-desktop")
    phone(page)
    assert_fits_width(page)
    assert_accessible(page)
    snapshot(page, "login-with-provider-phone")
    desktop(page)

    _through_provider(page, "lucia")  # Lucía's email is verified by the provider: linked, signed in
    assert "/login" not in page.url
    page.goto("/my/children")
    assert "Maya" in page.locator("main").inner_text()
    logout(page)

    stranger = new_page()
    _through_provider(stranger, "stranger")
    assert "There is no account for stranger@elsewhere.example here" in stranger.locator("main").inner_text()
    assert stranger.get_by_role("link", name="Sign in with School Login").is_visible()
    assert_accessible(stranger)
    snapshot(stranger, "login-provider-refused-desktop")

    deactivated = new_page()
    _through_provider(deactivated, "gone")
    assert "This account is deactivated" in deactivated.locator("main").inner_text()

    # The admin page shows the provider, never its secret.
    admin = new_page()
    login(admin, ADMIN)
    admin.goto("/admin/sign-in-providers")
    admin.get_by_role("link", name="School Login").click()
    assert CLIENT_SECRET not in admin.content()
    assert admin.locator("#client_secret").input_value() == ""
    assert_accessible(admin)
    snapshot(admin, "provider-form-desktop")
    phone(admin)
    assert_fits_width(admin)
    snapshot(admin, "provider-form-phone")
    assert GUARDIAN  # Lucía, the demo guardian the provider signed in
