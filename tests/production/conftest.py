"""A second, empty database on the suite's backend: a SQLite file, or a PostgreSQL schema dropped after."""
import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from ..conftest import BACKEND


@pytest.fixture
def second_database(tmp_path):
    if BACKEND == "sqlite":
        yield "sqlite:///" + str(tmp_path / "second.db")
        return
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"second_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    with engine.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
