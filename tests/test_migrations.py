"""The migrations build the whole schema on an empty database and agree with the models.

`flask db upgrade` runs on a new SQLite file (and on a new PostgreSQL schema when
TRACKER_TEST_BACKEND=postgresql); then Alembic compares the migrated database with
`db.metadata` the way `flask db migrate` would (same options), and must find nothing to do.
Nothing is ignored: a difference means the models changed without a new migration.
"""
import logging
from contextlib import contextmanager

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import inspect

from tracker import create_app
from tracker.extensions import db

from .fresh_database import fresh_database_url

# migrations/env.py is Flask-Migrate's template, which still calls db.get_engine().
pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


@contextmanager
def logging_left_alone():
    """migrations/env.py calls logging.config.fileConfig(), which replaces the root handlers and
    disables every logger that exists; undo that so later tests can still capture logs."""
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
             for name, logger in logging.root.manager.loggerDict.items()
             if isinstance(logger, logging.Logger)}
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for name, logger in logging.root.manager.loggerDict.items():
            if not isinstance(logger, logging.Logger):
                continue
            if name in saved:
                logger.disabled, level, handlers, logger.propagate = saved[name]
                logger.setLevel(level)
                logger.handlers[:] = handlers
            else:
                logger.disabled = False


@pytest.fixture
def empty_database(tmp_path):
    with fresh_database_url(tmp_path, "migrations") as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url,
                          "ARTIFACT_DIR": str(tmp_path / "artifacts")})
        with app.app_context():
            assert inspect(db.engine).get_table_names() == []
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def upgrade(revision: str = "head") -> None:
    with logging_left_alone():
        flask_migrate.upgrade(revision=revision)


def downgrade(revision: str) -> None:
    with logging_left_alone():
        flask_migrate.downgrade(revision=revision)


def pending_changes() -> list:
    """What `flask db migrate` would write: the autogenerate diff between database and models."""
    options = dict(current_app.extensions["migrate"].configure_args)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, db.metadata)


def application_tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_the_migrations_have_a_single_head(empty_database):
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads {heads}: merge them (flask db merge heads)"


def test_upgrade_builds_the_schema_the_models_describe(empty_database):
    upgrade()
    differences = pending_changes()
    assert not differences, (
        f"the models and the migrations differ in {len(differences)} way(s); run `flask db migrate`:\n"
        + "\n".join(f"  {difference}"[:200] for difference in differences[:40]))
    assert application_tables() == set(db.metadata.tables)


def test_downgrade_to_nothing_and_up_again(empty_database):
    upgrade()
    downgrade("base")
    assert application_tables() == set()
    upgrade()
    assert application_tables() == set(db.metadata.tables)
