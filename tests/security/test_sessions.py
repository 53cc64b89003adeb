"""Sessions end on sign-out, on a password change (everywhere else) and when the account is
switched off; new passwords follow the rules, with the reason next to the field."""
import re

import pytest
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db

from ..conftest import TEST_PASSWORD

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def teacher(make):
    user = make.user("teacher", email="teacher@example.org")
    db.session.commit()
    return user


def fresh(user) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.id == user.id))


def sign_in(client, user, password=TEST_PASSWORD, remember=False):
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


@pytest.mark.parametrize("remember", [False, True], ids=["session", "remembered"])
def test_password_change_signs_out_every_other_device(app, teacher, remember):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, teacher)
    sign_in(phone, teacher, remember=remember)
    assert signed_in(phone)

    response = laptop.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(laptop), "the device that changed the password stays signed in"
    assert not signed_in(phone), "another device is still signed in with the old password's session"

    assert phone.post("/login", data={"email": teacher.email, "password": TEST_PASSWORD}).status_code == 200
    sign_in(phone, teacher, NEW_PASSWORD)
    assert signed_in(phone)


@pytest.mark.parametrize("remember", [False, True], ids=["session", "remembered"])
def test_sign_out_ends_the_session(client, teacher, remember):
    sign_in(client, teacher, remember=remember)
    assert signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert not signed_in(client)
    assert client.get_cookie("remember_token") is None


def test_a_copied_cookie_no_longer_works_after_sign_out(app, teacher):
    client = app.test_client()
    sign_in(client, teacher, remember=True)
    copied_session = client.get_cookie("session").value
    copied_remember = client.get_cookie("remember_token").value
    client.post("/logout")

    replayed = app.test_client()
    replayed.set_cookie("session", copied_session)
    assert not signed_in(replayed)
    replayed = app.test_client()
    replayed.set_cookie("remember_token", copied_remember)
    assert not signed_in(replayed)


def test_switched_off_account_is_signed_out_at_once(client, teacher):
    sign_in(client, teacher)
    fresh(teacher).active = False
    db.session.commit()
    assert not signed_in(client)


def change(client, current=TEST_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm": new if confirm is None else confirm})


@pytest.mark.parametrize("field, kwargs, message", [
    ("new_password", {"new": "short1"}, "Use at least 10 characters."),
    ("new_password", {"new": "password123"}, "commonly used passwords"),
    ("new_password", {"new": "PassWord123"}, "commonly used passwords"),
    ("confirm", {"confirm": "something else entirely"}, "The two passwords differ."),
    ("current_password", {"current": "not my password"}, "This is not your current password."),
    ("new_password", {"new": ""}, "This field is required."),
])
def test_password_rules_give_field_messages(client, teacher, field, kwargs, message):
    sign_in(client, teacher)
    version = fresh(teacher).session_version
    response = change(client, **kwargs)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    error_start = page.find(f'id="{field}-error"')
    assert error_start != -1, f"no error next to {field}"
    assert message in page[error_start:page.find("</p>", error_start)]
    field_tag = re.search(rf'<input[^>]*\bid="{field}"[^>]*>', page).group(0)
    assert f"{field}-error" in re.search(r'aria-describedby="([^"]*)"', field_tag).group(1).split()
    user = fresh(teacher)
    assert user.check_password(TEST_PASSWORD) and user.session_version == version
    assert signed_in(client)


def test_common_password_list_ships_with_the_package():
    from tracker.auth.service import common_passwords

    assert len(common_passwords()) >= 100
    assert "password123" in common_passwords()


def test_signing_out_on_one_device_keeps_the_other_signed_in(app, teacher):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, teacher)
    sign_in(phone, teacher)
    laptop.post("/logout")
    assert not signed_in(laptop)
    assert signed_in(phone)


# Sign-ins expire on the server ------------------------------------------------------------------

def the_sign_in(user):
    from tracker.auth.models import LoginSession

    db.session.expire_all()
    return db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)
                              .order_by(LoginSession.id.desc())).first()


def backdate(user, **ages):
    """Move the latest sign-in's created_at / last_seen_at back by the given timedeltas."""
    from tracker.timeutil import utcnow

    row = the_sign_in(user)
    for column, age in ages.items():
        setattr(row, column, utcnow() - age)
    db.session.commit()


def remembered_only(app, client):
    """A new browser holding only the remember-me cookie (the browser was closed and opened again)."""
    later = app.test_client()
    later.set_cookie("remember_token", client.get_cookie("remember_token").value)
    return later


def test_the_lifetimes_are_settings(app):
    from datetime import timedelta

    assert app.config["SESSION_ABSOLUTE_LIFETIME"] == timedelta(days=14) == app.config["REMEMBER_COOKIE_DURATION"]
    assert app.config["SESSION_IDLE_TIMEOUT"] == timedelta(hours=2)
    assert app.config["REMEMBERED_SESSION_IDLE_TIMEOUT"] == timedelta(days=7)


@pytest.mark.parametrize("remember", [False, True], ids=["session", "remembered"])
def test_a_sign_in_older_than_its_lifetime_ends_even_if_in_use(app, teacher, remember):
    from datetime import timedelta

    client = app.test_client()
    sign_in(client, teacher, remember=remember)
    backdate(teacher, created_at=timedelta(days=14, minutes=1))
    assert not signed_in(client)
    if remember:
        assert not signed_in(remembered_only(app, client))


def test_a_sign_in_younger_than_its_lifetime_goes_on(app, teacher):
    from datetime import timedelta

    client = app.test_client()
    sign_in(client, teacher, remember=True)
    backdate(teacher, created_at=timedelta(days=13, hours=23))
    assert signed_in(remembered_only(app, client))


def test_an_idle_sign_in_ends_after_two_hours(app, teacher):
    from datetime import timedelta

    client = app.test_client()
    sign_in(client, teacher)
    backdate(teacher, last_seen_at=timedelta(hours=1, minutes=59))
    assert signed_in(client), "used within two hours"
    backdate(teacher, last_seen_at=timedelta(hours=2, minutes=1))
    assert not signed_in(client)


def test_keep_me_signed_in_allows_a_week_idle(app, teacher):
    from datetime import timedelta

    client = app.test_client()
    sign_in(client, teacher, remember=True)
    backdate(teacher, last_seen_at=timedelta(days=6, hours=23))
    assert signed_in(remembered_only(app, client))
    backdate(teacher, last_seen_at=timedelta(days=7, minutes=1))
    assert not signed_in(remembered_only(app, client))


def test_activity_is_noted_at_most_once_a_minute(app, teacher, count_queries):
    from datetime import timedelta

    client = app.test_client()
    sign_in(client, teacher)
    first_seen = the_sign_in(teacher).last_seen_at
    with count_queries() as counter:
        assert signed_in(client)
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    assert the_sign_in(teacher).last_seen_at == first_seen

    backdate(teacher, last_seen_at=timedelta(minutes=2))
    with count_queries() as counter:
        assert signed_in(client)
    updates = [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1 and "login_session" in updates[0]
    assert the_sign_in(teacher).last_seen_at > first_seen
    with count_queries() as counter:
        assert signed_in(client)
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("UPDATE")]
