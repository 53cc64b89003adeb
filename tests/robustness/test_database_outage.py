"""The database goes away while the app runs under gunicorn: a friendly 503 page and a logged
error, then the app answers normally again as soon as the database is back.

SQLite: the folder holding the database file is moved away (as when a disk is unmounted) and
put back. PostgreSQL: on a database of its own (created and dropped here, never the shared
`test` database), connections are refused and the app's connections are ended, then allowed again.
"""
import os
import shutil
import uuid
from contextlib import contextmanager

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.extensions import db

from ..conftest import BACKEND, TEST_PASSWORD, Factory
from .conftest import served, sign_in

UNAVAILABLE = "Temporarily unavailable"


def _seed(database_url, tmp_path) -> str:
    """Tables and one teacher in a new database; returns the teacher's email."""
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ARTIFACT_DIR": str(tmp_path / "artifacts")})
    with app.app_context():
        db.create_all()
        teacher = Factory().user("teacher", email="outage.teacher@example.org")
        db.session.commit()
        email = teacher.email
        db.session.remove()
        db.engine.dispose()
    return email


def _pages(server, session):
    """A signed-in page, and the health check (which asks the database)."""
    home = session.get(server.url + "/", timeout=30)
    health = requests.get(server.url + "/healthz", timeout=30)
    return home, health


def _assert_friendly_503(response):
    assert response.status_code == 503, (response.status_code, response.text[:500])
    assert UNAVAILABLE in response.text
    assert "Traceback" not in response.text


@pytest.mark.skipif(BACKEND != "sqlite", reason="the SQLite file case")
def test_sqlite_file_going_away_gives_503_then_recovers(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    database_url = f"sqlite:///{folder / 'tracker.db'}"
    email = _seed(database_url, tmp_path)
    with served(database_url, tmp_path / "server", workers=2) as server:
        session = sign_in(server.url, email, TEST_PASSWORD)
        for response in _pages(server, session):
            assert response.status_code == 200

        shutil.move(folder, tmp_path / "unmounted")  # the disk goes away, the workers' connections stay open
        for _n in range(4):  # every worker, whatever connection it holds
            home, health = _pages(server, session)
            _assert_friendly_503(home)
            _assert_friendly_503(health)

        shutil.move(tmp_path / "unmounted", folder)  # and comes back
        for _n in range(4):
            home, health = _pages(server, session)
            assert home.status_code == 200 and health.status_code == 200, home.text[:500]
        log = server.log()
    assert "database error" in log and "unable to open database file" in log


@contextmanager
def _own_postgresql_database():
    """A new database next to the test database, dropped afterwards (connections ended first)."""
    base = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"tracker_fault_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin, name, base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _end_connections(admin, name) -> int:
    with admin.connect() as connection:
        return len(connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name}).all())


@pytest.mark.skipif(BACKEND != "postgresql", reason="the PostgreSQL server case")
def test_postgresql_going_away_gives_503_then_recovers(tmp_path):
    with _own_postgresql_database() as (admin, name, database_url):
        email = _seed(database_url, tmp_path)
        with served(database_url, tmp_path / "server", workers=2) as server:
            session = sign_in(server.url, email, TEST_PASSWORD)
            for response in _pages(server, session):
                assert response.status_code == 200

            # Connections ended under the app (a failover, a restart): pool_pre_ping reconnects unseen.
            assert _end_connections(admin, name) >= 1
            for _n in range(4):
                home, health = _pages(server, session)
                assert home.status_code == 200 and health.status_code == 200, home.text[:500]

            # The server refuses connections for a while.
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            _end_connections(admin, name)
            for _n in range(4):
                home, health = _pages(server, session)
                _assert_friendly_503(home)
                _assert_friendly_503(health)

            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            for _n in range(4):
                home, health = _pages(server, session)
                assert home.status_code == 200 and health.status_code == 200, home.text[:500]
            log = server.log()
        assert "database error" in log and "not currently accepting connections" in log
