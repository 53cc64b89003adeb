"""`next` only ever leads somewhere on this site: every trick for leaving it lands on the home page."""
from urllib.parse import urlsplit

import pytest

from tracker.extensions import db

from ..conftest import TEST_PASSWORD

OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "https://evil.example/login",
    "http:evil.example",
    "https:/\\evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
]


@pytest.fixture
def teacher(make):
    user = make.user("teacher")
    db.session.commit()
    return user


def lands_home(response) -> bool:
    parts = urlsplit(response.location or "")
    return response.status_code == 302 and not parts.scheme and not parts.netloc and response.location == "/"


# One test per form, looping over the targets (a database reset per target would be slow).
def test_login_next_stays_on_this_site(client, teacher):
    escaped = []
    for target in OFF_SITE:
        response = client.post("/login", query_string={"next": target},
                               data={"email": teacher.email, "password": TEST_PASSWORD})
        if not lands_home(response):
            escaped.append(f"{target!r} -> {response.status_code} {response.location!r}")
        client.post("/logout")
    assert not escaped, "\n".join(escaped)


def test_language_next_stays_on_this_site(client):
    escaped = []
    for target in OFF_SITE:
        response = client.post("/language", data={"locale": "es", "next": target})
        if not lands_home(response):
            escaped.append(f"{target!r} -> {response.status_code} {response.location!r}")
    assert not escaped, "\n".join(escaped)


def test_a_path_on_this_site_is_kept(client, teacher):
    response = client.post("/login", query_string={"next": "/sections/1?tab=learners"},
                           data={"email": teacher.email, "password": TEST_PASSWORD})
    assert response.location == "/sections/1?tab=learners"


def test_signed_in_visitor_on_login_page_goes_home(client, auth, teacher):
    auth.as_user(teacher)
    assert lands_home(client.get("/login", query_string={"next": "https://evil.example"}))
