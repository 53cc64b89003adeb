"""CSRF: with protection on (as in production), a state-changing POST without a valid token is
refused with the friendly "Form expired" page and changes nothing. Each refusal is paired with
the same request carrying the page's token, which works: the refusal is about the token."""
import pytest
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db

from ..conftest import TEST_PASSWORD
from .conftest import csrf_token, sign_in

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def teacher(make):
    user = make.user("teacher", email="teacher@example.org", locale="en")
    db.session.commit()
    return user


def fresh(user) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.id == user.id))


def assert_form_expired(response) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Form expired" in page
    assert "reload the page" in page


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.parametrize("token", [None, "", "not-a-token"], ids=["missing", "empty", "forged"])
def test_login_without_a_valid_token(csrf_client, teacher, token):
    data = {"email": teacher.email, "password": TEST_PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    assert_form_expired(csrf_client.post("/login", data=data))
    assert not signed_in(csrf_client)
    assert fresh(teacher).last_login_at is None

    assert sign_in(csrf_client, teacher).status_code == 302
    assert signed_in(csrf_client)


def test_logout_without_a_token(csrf_client, teacher):
    sign_in(csrf_client, teacher)
    assert_form_expired(csrf_client.post("/logout"))
    assert signed_in(csrf_client)

    csrf_client.post("/logout", data={"csrf_token": csrf_token(csrf_client, "/")})
    assert not signed_in(csrf_client)


def test_language_without_a_token(csrf_client, teacher):
    sign_in(csrf_client, teacher)
    assert_form_expired(csrf_client.post("/language", data={"locale": "es"}))
    assert fresh(teacher).locale == "en"
    with csrf_client.session_transaction() as session:
        assert "locale" not in session

    csrf_client.post("/language", data={"locale": "es", "csrf_token": csrf_token(csrf_client, "/")})
    assert fresh(teacher).locale == "es"


def test_change_password_without_a_token(csrf_client, teacher):
    sign_in(csrf_client, teacher)
    version = fresh(teacher).session_version
    data = {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert_form_expired(csrf_client.post("/account/password", data=data))
    user = fresh(teacher)
    assert user.check_password(TEST_PASSWORD) and user.session_version == version

    token = csrf_token(csrf_client, "/account/password")
    assert csrf_client.post("/account/password", data={**data, "csrf_token": token}).status_code == 302
    assert fresh(teacher).check_password(NEW_PASSWORD)


def test_a_token_from_another_session_is_refused(csrf_app, teacher):
    attacker, victim = csrf_app.test_client(), csrf_app.test_client()
    stolen = csrf_token(attacker, "/login")
    sign_in(victim, teacher)
    assert_form_expired(victim.post("/language", data={"locale": "es", "csrf_token": stolen}))
    assert fresh(teacher).locale == "en"


def test_form_expired_page_is_json_for_json_callers(csrf_client):
    response = csrf_client.post("/language", data={"locale": "es"}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Form expired"


def test_session_holds_no_secrets_in_the_clear(csrf_client, teacher):
    """Flask sessions are signed, not encrypted: nothing in them may be a secret."""
    sign_in(csrf_client, teacher)
    with csrf_client.session_transaction() as session:
        values = " ".join(str(v) for v in dict(session).values())
    assert TEST_PASSWORD not in values
    assert fresh(teacher).password_hash not in values
