"""Fixtures for the roster admin pages: a signed-in admin and helpers to read CSV downloads."""
import csv
import io

import pytest

from tracker.extensions import db


@pytest.fixture
def admin(make, auth):
    """An admin, signed in on the test client."""
    user = make.user("admin", name="Ada Admin", email="ada@example.org")
    db.session.commit()
    auth.as_user(user)
    return user


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download (header first), after checking it is an attachment."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
