"""A failed sign-in costs one scrypt password check whatever the reason, so the time it takes does not
tell whether an email has an account (unknown, deactivated and password-less accounts included).

Counted, not timed: every check of a password hash during the attempt is recorded with the hash's method
and cost parameters, and each failure must run exactly one, with the parameters of a real password."""
import pytest
from werkzeug.security import check_password_hash

import tracker.auth.models
import tracker.auth.service
from tracker.extensions import db

from ..conftest import TEST_PASSWORD


@pytest.fixture
def checks(monkeypatch):
    """The method and cost ("scrypt:32768:8:1") of each password hash checked."""
    seen = []

    def counting_check(password_hash, password):
        seen.append(password_hash.split("$", 1)[0])
        return check_password_hash(password_hash, password)

    for module in (tracker.auth.models, tracker.auth.service):
        if hasattr(module, "check_password_hash"):
            monkeypatch.setattr(module, "check_password_hash", counting_check)
    return seen


@pytest.fixture
def accounts(make):
    made = {
        "known": make.user("teacher", email="known@example.org"),
        "deactivated": make.user("teacher", email="gone@example.org", active=False),
        "no password": make.user("teacher", email="new@example.org"),
    }
    made["no password"].password_hash = None
    db.session.commit()
    return made


def sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


@pytest.mark.parametrize("email", ["known@example.org", "nobody@example.org", "gone@example.org",
                                   "new@example.org"],
                         ids=["wrong password", "unknown email", "deactivated", "no password"])
def test_every_failed_sign_in_runs_one_real_password_check(client, accounts, checks, email):
    real_cost = accounts["known"].password_hash.split("$", 1)[0]
    response = sign_in(client, email, TEST_PASSWORD if email != "known@example.org" else "wrong password")
    assert response.status_code == 200
    assert "The email or password is not right." in response.get_data(as_text=True)
    assert checks == [real_cost]


def test_a_right_password_runs_one_check_too(client, accounts, checks):
    assert sign_in(client, "known@example.org", TEST_PASSWORD).status_code == 302
    assert len(checks) == 1


def test_the_stand_in_hash_never_lets_anyone_in(app):
    from tracker.auth.service import authenticate

    for password in ("", "password", TEST_PASSWORD):
        assert authenticate("nobody@example.org", password) is None
