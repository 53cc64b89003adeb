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


# Behind a proxy -------------------------------------------------------------------------------

PROXY_ADDRESS = "10.9.9.9"  # every request reaches the app from the proxy


def through_proxy(client, email, password="wrong password", client_address="203.0.113.7"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": PROXY_ADDRESS},
                       headers={"X-Forwarded-For": client_address})


@pytest.fixture
def proxied_app(app, database_url, tmp_path):
    """The app as deployed behind one proxy (TRUSTED_PROXY_HOPS=1), on the test database."""
    from ..conftest import make_app

    proxied = make_app(database_url, tmp_path, TRUSTED_PROXY_HOPS=1)
    yield proxied
    with proxied.app_context():
        db.engine.dispose()


def test_behind_a_trusted_proxy_one_address_is_limited_not_the_whole_school(proxied_app, teacher):
    client = proxied_app.test_client()
    for n in range(30):
        assert through_proxy(client, f"guess{n}@example.org").status_code == 200
    assert_limited(through_proxy(client, "guess-more@example.org"))
    # everyone else comes through the same proxy, and still signs in
    assert through_proxy(client, teacher.email, TEST_PASSWORD, client_address="198.51.100.20").status_code == 302


def test_behind_a_trusted_proxy_audit_events_record_the_clients_address(proxied_app, teacher):
    from sqlalchemy import select

    from tracker.audit.models import AuditEvent

    client = proxied_app.test_client()
    # a client may send its own X-Forwarded-For: only the entry the proxy added is believed
    response = client.post("/login", data={"email": teacher.email, "password": TEST_PASSWORD},
                           environ_base={"REMOTE_ADDR": PROXY_ADDRESS},
                           headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.20"})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.login"))
    assert event.ip_address == "198.51.100.20"


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_limit(client, teacher):
    assert client.application.config["TRUSTED_PROXY_HOPS"] == 0
    for n in range(30):
        response = client.post("/login", data={"email": f"guess{n}@example.org", "password": "x"},
                               environ_base={"REMOTE_ADDR": "10.1.1.1"}, headers={"X-Forwarded-For": f"172.16.0.{n}"})
        assert response.status_code == 200
    response = client.post("/login", data={"email": "guess@example.org", "password": "x"},
                           environ_base={"REMOTE_ADDR": "10.1.1.1"}, headers={"X-Forwarded-For": "172.16.1.1"})
    assert_limited(response)


def test_the_proxy_hop_count_is_read_from_the_environment(monkeypatch, database_url, tmp_path):
    from ..conftest import make_app

    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "2")
    assert make_app(database_url, tmp_path).config["TRUSTED_PROXY_HOPS"] == 2
    for bad in ("two", "-1"):
        monkeypatch.setenv("TRUSTED_PROXY_HOPS", bad)
        with pytest.raises(RuntimeError, match="TRUSTED_PROXY_HOPS"):
            make_app(database_url, tmp_path)


def test_an_admin_setting_a_new_password_lifts_the_accounts_sign_in_lock(app, client, make, teacher):
    for _ in range(5):
        attempt(client, teacher.email)
    assert_limited(attempt(client, teacher.email, TEST_PASSWORD))

    admin = make.user("admin", email="head@example.org")
    db.session.commit()
    admin_client = app.test_client()
    assert attempt(admin_client, admin.email, TEST_PASSWORD, address="10.5.5.5").status_code == 302
    new_password = "a fresh passphrase for you"
    response = admin_client.post(f"/admin/users/{teacher.id}/password",
                                 data={"new_password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert attempt(client, teacher.email, new_password).status_code == 302
