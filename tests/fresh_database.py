"""An empty database of the backend under test, for tests that need one of their own.

The shared `database_url` fixture in tests/conftest.py is emptied after every test, so a
live server (tests/browser) or a migration run (tests/test_migrations.py) takes its own:
a new SQLite file, or a new schema in TEST_DATABASE_URL when TRACKER_TEST_BACKEND=postgresql.
"""
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

BACKEND = os.environ.get("TRACKER_TEST_BACKEND", "sqlite")


@contextmanager
def fresh_database_url(directory: Path, name: str = "fresh"):
    """Yield the URL of an empty database; a PostgreSQL schema is dropped afterwards."""
    if BACKEND == "sqlite":
        yield "sqlite:///" + str(Path(directory) / f"{name}.db")
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.exit("TRACKER_TEST_BACKEND=postgresql needs TEST_DATABASE_URL", returncode=3)
    schema = f"{name}_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin_engine.dispose()
