"""Request ids, JSON log lines (one per failed request, even in a database outage), and /readyz."""
import io
import json
import logging

import pytest
from sqlalchemy import text

from tracker.extensions import db
from tracker.monitoring.logs import JsonFormatter, RequestContext
from tracker.monitoring.service import migration_heads

from ..conftest import make_app


def test_a_request_id_is_made_or_taken_and_echoed(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/healthz").headers["X-Request-ID"]
    assert client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"}).headers["X-Request-ID"] == "lb-7f3a.42"
    # not a plain token (a line break would forge log lines): a new one instead
    odd = client.get("/healthz", headers={"X-Request-ID": "a b<script>"}).headers["X-Request-ID"]
    assert odd != "a b<script>" and len(odd) == 32


@pytest.fixture
def json_lines():
    """What the tracker logs, formatted as the JSON handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContext())
    logger = logging.getLogger("tracker")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_an_outage_is_one_json_line_per_failed_request_with_its_id(tmp_path, json_lines):
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}", tmp_path)
    client = app.test_client()
    ids = []
    for n in range(5):
        response = client.get("/healthz", headers={"X-Request-ID": f"req-{n}"})
        assert response.status_code == 503
        ids.append(response.headers["X-Request-ID"])
    lines = json_lines()
    assert [line["request_id"] for line in lines] == ids  # one line each, nothing else
    assert all(line["level"] == "ERROR" and line["path"] == "/healthz" and line["method"] == "GET"
               and "unable to open database file" in line["message"] for line in lines)
    assert sum(1 for line in lines if "exc" in line) == 1  # the traceback once, inside its line


def test_a_bug_is_one_line_with_its_traceback(database_url, tmp_path, _schema, json_lines):
    app = make_app(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.route("/test-bug")
    def bug():
        raise RuntimeError("a bug")

    bug.access_rule = "public"
    response = app.test_client().get("/test-bug", headers={"X-Request-ID": "bug-1"})
    assert response.status_code == 500
    lines = json_lines()
    assert len(lines) == 1 and lines[0]["request_id"] == "bug-1" and "RuntimeError: a bug" in lines[0]["exc"]


def test_production_logs_json_by_default(database_url, tmp_path, _schema, monkeypatch, capsys):
    monkeypatch.delenv("TRACKER_LOG_FORMAT", raising=False)
    logger = logging.getLogger("tracker")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    try:
        app = make_app(database_url, tmp_path, LOG_FORMAT="json")
        make_app(database_url, tmp_path, LOG_FORMAT="json")  # a second app adds no second handler
        with app.test_request_context("/x", headers={"X-Request-ID": "r-1"}):
            from flask import g

            g.request_id = "r-1"
            logging.getLogger("tracker.test").warning("hello %s", "there")
        line = json.loads(capsys.readouterr().err.strip())
        assert line["message"] == "hello there" and line["request_id"] == "r-1" and line["path"] == "/x"
    finally:
        logger.handlers[:], logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
    from config import ProductionConfig

    assert ProductionConfig.LOG_FORMAT == "json"


def _stamped_app(tmp_path, revision):
    app = make_app(f"sqlite:///{tmp_path / 'ready.db'}", tmp_path)
    with app.app_context():
        db.create_all()
        if revision:
            db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
            db.session.commit()
        db.engine.dispose()
    return app


def test_ready_when_the_database_is_at_the_migrations_head(tmp_path):
    (head,) = migration_heads()
    response = _stamped_app(tmp_path, head).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "migrations": "at head"}}


@pytest.mark.parametrize("revision", [None, "0123456789ab"])
def test_not_ready_before_the_migrations_have_run(tmp_path, revision):
    response = _stamped_app(tmp_path, revision).test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready" and body["checks"]["database"] == "ok"
    assert "expected" in body["checks"]["migrations"]


def test_not_ready_without_a_database_and_alive_is_separate(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}", tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("unreachable")
