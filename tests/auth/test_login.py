"""Signing in and out through the real form."""
from tracker.extensions import db

from ..conftest import TEST_PASSWORD


def test_login_with_right_password_goes_home(client, make):
    user = make.user("teacher", email="t@example.org")
    db.session.commit()
    response = client.post("/login", data={"email": "T@Example.org ", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    assert "Welcome" in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert user.last_login_at is not None


def test_wrong_password_says_so_next_to_the_field(client, make):
    make.user("teacher", email="t@example.org")
    db.session.commit()
    response = client.post("/login", data={"email": "t@example.org", "password": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The email or password is not right." in page
    assert 'aria-invalid="true"' in page


def test_empty_form_gives_field_errors_not_a_500(client):
    response = client.post("/login", data={})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


def test_inactive_users_cannot_sign_in(client, make):
    make.user("teacher", email="gone@example.org", active=False)
    db.session.commit()
    response = client.post("/login", data={"email": "gone@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 200


def test_next_redirect_stays_on_this_site(client, make):
    make.user("teacher", email="t@example.org")
    db.session.commit()
    response = client.post("/login?next=/sections/1", data={"email": "t@example.org", "password": TEST_PASSWORD})
    assert response.location == "/sections/1"


def test_logout_ends_the_session(client, auth, make):
    user = make.user("teacher")
    db.session.commit()
    auth.login(user)
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_change_password(client, auth, make):
    user = make.user("teacher")
    db.session.commit()
    auth.login(user)
    response = client.post("/account/password", data={
        "current_password": "wrong", "new_password": "a-new-long-password", "confirm": "a-new-long-password"})
    assert "This is not your current password." in response.get_data(as_text=True)
    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "short", "confirm": "short"})
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    response = client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "a-new-long-password",
        "confirm": "a-new-long-password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    db.session.expire_all()
    assert user.check_password("a-new-long-password")


def test_deactivating_a_user_ends_their_sessions_whatever_deactivates_it(client, auth, make):
    user = make.user("teacher")
    db.session.commit()
    auth.login(user)
    assert client.get("/").status_code == 200
    user.active = False  # e.g. a roster import marking the account tobedeleted
    db.session.commit()
    assert client.get("/").status_code == 302
