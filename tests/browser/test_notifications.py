"""Notifications in Chromium: the header count, the list (mark read, mark all read), the choices,
the Spanish reader, and the unsubscribe link that needs no sign-in; at desktop and phone widths."""
import re

import pytest
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db

from .helpers import assert_accessible, assert_fits_width, desktop, login, phone, snapshot

pytestmark = pytest.mark.browser


def _badge(page) -> int:
    badge = page.locator(".notification-link .count-badge")
    return int(re.match(r"\d+", badge.inner_text()).group()) if badge.count() else 0


def test_a_teacher_reads_and_clears_notifications(page):
    login(page, "rivera@demo.school")
    before = _badge(page)
    assert before >= 2  # Maya's evidence and the learners who need support, from the demo
    page.locator(".notification-link").click()
    page.wait_for_url("**/notifications")
    assert page.locator("h1").inner_text() == "Notifications"
    assert page.get_by_text("Maya Hernández submitted evidence on").count() >= 1
    assert page.get_by_text("These learners of yours need support:").count() >= 1
    snapshot(page, "notifications-teacher-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "notifications-teacher-phone")
    assert_accessible(page)
    desktop(page)

    page.locator(".notification--unread").first.get_by_role("button", name="Mark read").click()
    page.wait_for_load_state()
    assert _badge(page) == before - 1
    page.get_by_role("button", name="Mark all read").click()
    page.wait_for_load_state()
    assert _badge(page) == 0
    assert page.locator(".notification--unread").count() == 0


def test_choices_are_saved_and_shown(page):
    login(page, "okafor@demo.school")  # a teacher and a validator: both sets of kinds
    page.goto("/notifications/preferences")
    assert page.get_by_role("group", name="A student submitted evidence").is_visible()
    assert page.get_by_role("group", name="A new request in the validation queue").is_visible()
    snapshot(page, "notification-choices-desktop")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, "notification-choices-phone")
    assert_accessible(page)
    desktop(page)
    group = page.get_by_role("group", name="A new request in the validation queue")
    group.get_by_label("In the app and a daily email digest").check()
    page.get_by_role("button", name="Save choices").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your notification choices are saved.").is_visible()
    assert page.get_by_role("group", name="A new request in the validation queue").get_by_label(
        "In the app and a daily email digest").is_checked()


def test_the_spanish_validator_reads_them_in_spanish(page):
    login(page, "ortiz@demo.school")
    page.goto("/notifications")
    assert page.locator("h1").inner_text() == "Avisos"
    assert page.get_by_text(re.compile("pide la validación de|días esperando la validación")).count() >= 1
    snapshot(page, "notifications-validator-es-desktop")


def test_a_guardian_unsubscribes_from_the_digest_without_signing_in(page, live_server):
    from tracker.notifications.service import preferences_for, unsubscribe_token

    with live_server.app.app_context():
        guardian = db.session.scalar(select(User).where(User.email == "lucia.hernandez@family.demo.school"))
        token = unsubscribe_token(guardian, "family_digest")
    page.goto(f"/unsubscribe/{token}x")
    assert page.get_by_text("This unsubscribe link is not valid").is_visible()
    page.goto(f"/unsubscribe/{token}")
    assert page.get_by_text("¿Dejar de recibir «El resumen semanal para la familia por correo»?").is_visible()
    snapshot(page, "unsubscribe-desktop")
    phone(page)
    assert_fits_width(page)
    snapshot(page, "unsubscribe-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Darse de baja").click()
    page.wait_for_load_state()
    assert page.get_by_text("ya no recibirá").is_visible()  # in Lucía's language
    with live_server.app.app_context():
        guardian = db.session.get(User, guardian.id)
        assert preferences_for(guardian)["family_digest"] == "off"


def test_the_admin_sets_the_validation_target_and_is_told_of_waiting_requests(page):
    login(page, "admin@demo.school")
    assert _badge(page) >= 1  # requests waiting past the target, from the demo
    page.goto("/admin/settings")
    target = page.get_by_label("Tell validators of a request waiting longer than this many days")
    assert target.input_value() == "5"
    snapshot(page, "settings-validation-target-desktop")
    phone(page)
    assert_fits_width(page)
    snapshot(page, "settings-validation-target-phone")
    assert_accessible(page)
