"""Security tests run the app as it runs in production where it matters: CSRF on, real cookies."""
import re

import pytest

from tracker.extensions import db

from ..conftest import TEST_PASSWORD, make_app


@pytest.fixture
def csrf_app(app, database_url, tmp_path):
    """A second app on the test database with CSRF protection on (the `app` fixture empties it after)."""
    csrf_app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    yield csrf_app
    with csrf_app.app_context():
        db.engine.dispose()


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token a real page hands this client."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no csrf_token in {path}"
    return match.group(1)


def sign_in(client, user, password: str = TEST_PASSWORD, **data):
    """Sign in through the form, with the page's CSRF token when the app asks for one."""
    token = csrf_token(client) if client.application.config["WTF_CSRF_ENABLED"] else ""
    return client.post("/login", data={"email": user.email, "password": password,
                                       "csrf_token": token, **data})
