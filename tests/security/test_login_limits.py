"""Failed sign-ins are limited per account (5 in 15 minutes) and per address (30 in 15 minutes).

Each test gets a new app and so a new, empty in-memory limiter store.
"""
import pytest

from tracker.extensions import db

from ..conftest import TEST_PASSWORD


@pytest.fixture
def teacher(make):
    user = make.user("teacher", email="teacher@example.org")
    db.session.commit()
    return user


def attempt(client, email, password="wrong password", address="127.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def assert_limited(response) -> None:
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many" in page and "Wait 15 minutes" in page


def test_sixth_failed_attempt_for_an_account_is_refused(client, make, teacher):
    other = make.user("teacher", email="other@example.org")
    db.session.commit()
    for email in ["teacher@example.org", "Teacher@Example.org", " teacher@example.org ",
                  "TEACHER@example.org", "teacher@example.org"]:
        response = attempt(client, email)
        assert response.status_code == 200
        assert "The email or password is not right." in response.get_data(as_text=True)
    assert_limited(attempt(client, teacher.email))
    # even the right password waits: a guesser cannot tell when it has found it
    assert_limited(attempt(client, teacher.email, TEST_PASSWORD))
    # other people signing in from the same address are not locked out
    assert attempt(client, other.email, TEST_PASSWORD).status_code == 302


def test_the_account_limit_holds_across_addresses(client, teacher):
    for n in range(5):
        assert attempt(client, teacher.email, address=f"10.0.0.{n + 1}").status_code == 200
    assert_limited(attempt(client, teacher.email, address="10.0.0.99"))


def test_one_address_trying_many_accounts_is_limited(client, teacher):
    for n in range(30):
        assert attempt(client, f"guess{n}@example.org", address="10.1.1.1").status_code == 200
    assert_limited(attempt(client, "guess-more@example.org", address="10.1.1.1"))
    assert_limited(attempt(client, teacher.email, TEST_PASSWORD, address="10.1.1.1"))
    # another address is not affected
    assert attempt(client, teacher.email, TEST_PASSWORD, address="10.2.2.2").status_code == 302


def test_successful_sign_ins_do_not_count(client, teacher):
    for _ in range(7):
        assert attempt(client, teacher.email, TEST_PASSWORD).status_code == 302
        client.post("/logout")
    for _ in range(5):
        assert attempt(client, teacher.email).status_code == 200
    assert_limited(attempt(client, teacher.email))


def test_viewing_the_sign_in_page_does_not_count(client, teacher):
    for _ in range(40):
        assert client.get("/login").status_code == 200
    assert attempt(client, teacher.email, TEST_PASSWORD).status_code == 302
