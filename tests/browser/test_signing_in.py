"""Signing in, by mouse and by keyboard; wrong passwords; the language; changing the password."""
import pytest
from sqlalchemy import select

from tracker.extensions import db

from .helpers import (assert_accessible, assert_fits_width, focused, login, logout, phone,
                      snapshot)

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible_at_both_widths(page):
    page.goto("/login")
    assert page.locator("label[for=email]").is_visible()
    assert page.locator("label[for=password]").is_visible()
    snapshot(page, "login-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "login-phone")
    assert_accessible(page)


def test_wrong_password_is_shown_next_to_the_field(page):
    page.goto("/login")
    page.fill("#email", "whitfield@demo.school")
    page.fill("#password", "not-the-password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    error = page.locator("#password-error")
    assert error.is_visible()
    assert error.inner_text().strip()
    password = page.locator("#password")
    assert password.get_attribute("aria-invalid") == "true"
    assert "password-error" in password.get_attribute("aria-describedby").split()
    # next to the field: in the same field block, directly below the input
    assert error.evaluate("e => e.closest('.field').contains(document.getElementById('password'))")
    field_box, error_box = password.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    # the summary links to the field, and the email typed is kept
    assert page.locator(".error-summary a[href='#password']").is_visible()
    assert page.locator("#email").input_value() == "whitfield@demo.school"
    snapshot(page, "login-wrong-password")
    assert_accessible(page)


def test_keyboard_only_skip_link_then_sign_in(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["classes"], f"the first Tab stop is {first}, not the skip link"
    assert first["outline"], "the skip link has no visible focus outline"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    snapshot(page, "login-skip-link-focused")

    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert focused(page)["id"] == "main"

    page.keyboard.press("Tab")
    assert focused(page)["id"] == "email"
    page.keyboard.type("whitfield@demo.school")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type("demo-progress-2026")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "remember"
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "button" and button["type"] == "submit"
    assert button["outline"], "the sign-in button has no visible focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    assert "Grace Whitfield" in page.locator("h1").inner_text()


def _set_locale(live_server, email: str, locale: str) -> None:
    from tracker.auth.models import User

    with live_server.app.app_context():
        db.session.scalar(select(User).where(User.email == email)).locale = locale
        db.session.commit()


def test_language_choice_is_remembered_for_the_person(page, new_page, live_server):
    email = "tran@demo.school"
    _set_locale(live_server, email, "en")
    try:
        login(page, email)
        assert page.locator("html").get_attribute("lang") == "en"
        page.select_option("#language-select", "es")
        page.locator("form.language-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("#language-select").input_value() == "es"
        assert "Linh Tran" in page.locator("h1").inner_text()  # back on the same page
        logout(page)

        other_device = new_page()  # no cookies: only the account can remember
        login(other_device, email)
        assert other_device.locator("html").get_attribute("lang") == "es"
        assert other_device.locator("#language-select").input_value() == "es"
        assert_accessible(other_device)

        other_device.select_option("#language-select", "en")
        other_device.locator("form.language-form button[type=submit]").click()
        other_device.wait_for_load_state()
        assert other_device.locator("html").get_attribute("lang") == "en"
    finally:
        _set_locale(live_server, email, "en")


def test_visitor_can_choose_a_language_before_signing_in(page):
    page.goto("/login")
    page.select_option("#language-select", "es")
    page.locator("form.language-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    assert page.locator("html").get_attribute("lang") == "es"


@pytest.fixture
def fresh_teacher(live_server):
    """A teacher of its own, so that changing its password disturbs no other journey (use once)."""
    from tracker.auth.models import User

    with live_server.app.app_context():
        user = User(email="new.teacher@demo.school", name="Noor Teacher")
        user.set_password("demo-progress-2026")
        user.set_roles(["teacher"])
        db.session.add(user)
        db.session.commit()
    return "new.teacher@demo.school"


def test_change_password(page, new_page, fresh_teacher):
    login(page, fresh_teacher)
    elsewhere = new_page()  # the same person signed in on another device
    login(elsewhere, fresh_teacher)

    page.locator(".account a[href$='/account/password']").click()
    page.wait_for_load_state()
    assert_accessible(page)

    page.fill("#current_password", "demo-progress-2026")
    page.fill("#new_password", "short")
    page.fill("#confirm", "short")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#new_password-error").is_visible()
    assert page.locator("#new_password").get_attribute("aria-invalid") == "true"
    snapshot(page, "change-password-too-short-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "change-password-too-short-phone")
    assert_accessible(page)

    page.fill("#current_password", "demo-progress-2026")
    page.fill("#new_password", "a new and longer passphrase")
    page.fill("#confirm", "a new and longer passphrase")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".flash--success").is_visible()
    assert "Noor Teacher" in page.locator("h1").inner_text()

    elsewhere.reload()
    assert "/login" in elsewhere.url, "the other device is still signed in after the password change"

    logout(page)
    login(page, fresh_teacher, "a new and longer passphrase")
    assert "Noor Teacher" in page.locator("h1").inner_text()
