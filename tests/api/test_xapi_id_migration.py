"""The data migration c96f23a07b06 rewrites stored xAPI statement ids as canonical UUIDs."""
import pytest
from sqlalchemy import text

from tracker import create_app
from tracker.extensions import db

from ..conftest import BACKEND
from ..fresh_database import fresh_database_url
from ..test_migrations import upgrade

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")

ID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"
OTHER = "7ccd3322-e1a5-411a-a67d-6a735c76f119"
THIRD = "3ccd3322-e1a5-411a-a67d-6a735c76f110"


def test_stored_ids_become_canonical_and_a_pair_is_left_for_an_admin(tmp_path):
    # PostgreSQL's column holds 36 characters: "{…}" and "urn:uuid:…" could only be stored on SQLite.
    spellings = [ID.upper(), OTHER.replace("-", ""), ID, "{%s}" % THIRD if BACKEND == "sqlite" else THIRD.upper()]
    with fresh_database_url(tmp_path, "xapi_ids") as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                          "ARTIFACT_DIR": str(tmp_path / "artifacts")})
        with app.app_context():
            try:
                upgrade("7c1d2e3f4a5b")
                for n, statement_id in enumerate(spellings, start=1):
                    db.session.execute(text(
                        "INSERT INTO xapi_statement (id, statement_id, status, received_at, raw) "
                        "VALUES (:id, :sid, 'unmatched', CURRENT_TIMESTAMP, '{}')"), {"id": n, "sid": statement_id})
                db.session.commit()
                upgrade("c96f23a07b06")
                stored = dict(db.session.execute(text("SELECT id, statement_id FROM xapi_statement")).all())
            finally:
                db.session.remove()
                db.engine.dispose()
    # Rows 1 and 3 are one statement stored twice before the fix: row 3 already holds the canonical
    # id, so row 1 is left as sent (and logged) rather than breaking the unique id.
    assert stored == {1: ID.upper(), 2: OTHER, 3: ID, 4: THIRD}


def test_statements_already_stored_learn_the_statement_their_statementref_targets(tmp_path):
    """b9d1f3a5c7e2 fills object_statement_id from each stored statement's object (the StatementRef
    filter rule reads it), leaving other objects and malformed ids empty."""
    ref = '{"object": {"objectType": "StatementRef", "id": "%s"}}'
    raws = [ref % OTHER.upper(), '{"object": {"id": "http://example.org/a"}}', ref % "not-a-uuid"]
    with fresh_database_url(tmp_path, "xapi_refs") as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                          "ARTIFACT_DIR": str(tmp_path / "artifacts")})
        with app.app_context():
            try:
                upgrade("f2c4e6a8b0d1")
                for n, raw in enumerate(raws, start=1):
                    db.session.execute(text(
                        "INSERT INTO xapi_statement (id, statement_id, status, received_at, raw, voided) "
                        "VALUES (:id, :sid, 'unmatched', CURRENT_TIMESTAMP, :raw, false)"),
                        {"id": n, "sid": f"{n}ccd3322-e1a5-411a-a67d-6a735c76f119", "raw": raw})
                db.session.commit()
                upgrade("b9d1f3a5c7e2")
                stored = dict(db.session.execute(text("SELECT id, object_statement_id FROM xapi_statement")).all())
            finally:
                db.session.remove()
                db.engine.dispose()
    assert stored == {1: OTHER, 2: None, 3: None}
