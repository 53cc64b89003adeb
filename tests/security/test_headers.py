"""Security headers on every kind of response, HSTS only in production, and the secret key."""
import pytest

import config as config_module
from tracker import create_app
from tracker.extensions import db

from .conftest import sign_in


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response, what: str) -> None:
    directives = csp_directives(response)
    assert directives, f"{what}: no Content-Security-Policy"
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, f"{what}: the CSP does not limit scripts"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"{what}: {scripts}"
    assert "*" not in scripts and "data:" not in scripts, f"{what}: {scripts}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{what}: {directives.get('frame-ancestors')}"
    assert directives.get("object-src") == ["'none'"], what
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Referrer-Policy") in {
        "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}, what


@pytest.fixture
def world(make):
    teacher = make.user("teacher")
    guardian = make.user("guardian")
    section = make.section(teachers=[teacher])
    db.session.commit()
    return {"teacher": teacher, "guardian": guardian, "section": section}


def test_headers_on_every_kind_of_response(app, client, auth, world):
    seen = {}
    seen["html page"] = client.get("/login")
    assert seen["html page"].status_code == 200
    seen["json"] = client.get("/healthz")
    assert seen["json"].is_json
    seen["static file"] = client.get("/static/css/app.css")
    assert seen["static file"].status_code == 200
    seen["redirect"] = client.get("/")
    assert seen["redirect"].status_code == 302
    seen["404"] = client.get("/no-such-page")
    assert seen["404"].status_code == 404
    seen["404 json"] = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert seen["404 json"].is_json
    seen["405"] = client.post("/healthz")
    assert seen["405"].status_code == 405
    auth.as_user(world["guardian"])
    seen["403"] = client.get(f"/sections/{world['section'].id}")
    assert seen["403"].status_code == 403
    for what, response in seen.items():
        assert_security_headers(response, what)


def test_headers_on_csrf_refusal_and_rate_limit(csrf_client, client):
    refused = csrf_client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert refused.status_code == 400
    assert_security_headers(refused, "400")
    for _ in range(6):
        limited = client.post("/login", data={"email": "a@example.org", "password": "wrong"})
    assert limited.status_code == 429
    assert_security_headers(limited, "429")


def test_headers_when_the_database_is_unreachable(tmp_path):
    """A real error, not a test-only route: the database file cannot be opened."""
    broken = create_app({"ENV_NAME": "testing", "TESTING": False,
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert_security_headers(response, "503")
    with broken.app_context():
        db.engine.dispose()


def test_headers_on_an_unexpected_error(tmp_path):
    """The 500 page: a failing view on a throwaway app instance (nothing added to the product)."""
    broken = create_app({"ENV_NAME": "testing", "TESTING": False, "PROPAGATE_EXCEPTIONS": False,
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite"})

    def explode():
        raise RuntimeError("boom")

    broken.add_url_rule("/explode-for-test", "explode_for_test", explode)
    response = broken.test_client().get("/explode-for-test")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)  # no internals shown
    assert_security_headers(response, "500")
    with broken.app_context():
        db.engine.dispose()


def _app(env_name, database_url, tmp_path, **overrides):
    return create_app({"ENV_NAME": env_name, "SQLALCHEMY_DATABASE_URI": database_url,
                       "ARTIFACT_DIR": str(tmp_path / "artifacts"), **overrides})


@pytest.fixture
def instance_path(tmp_path, monkeypatch):
    """Keep development's generated secret key out of the repository's instance folder."""
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_hsts_in_production_only(app, database_url, tmp_path, instance_path):
    production = _app("production", database_url, tmp_path, SECRET_KEY="x" * 64)
    hsts = production.test_client().get("/login").headers.get("Strict-Transport-Security", "")
    assert "max-age=" in hsts
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000  # at least a year

    development = _app("development", database_url, tmp_path)
    assert "Strict-Transport-Security" not in development.test_client().get("/login").headers
    testing = _app("testing", database_url, tmp_path)
    assert "Strict-Transport-Security" not in testing.test_client().get("/login").headers
    for each in (production, development, testing):
        with each.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("missing", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(missing, database_url, tmp_path, instance_path,
                                                          monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    # ProductionConfig reads SECRET_KEY when config.py is imported, so mimic an environment without it.
    monkeypatch.setattr(config_module.ProductionConfig, "SECRET_KEY", missing)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        _app("production", database_url, tmp_path)
    assert not (instance_path / "secret_key").exists()  # no generated key to fall back on


def test_development_generates_and_keeps_a_secret_key(database_url, tmp_path, instance_path):
    first = _app("development", database_url, tmp_path)
    second = _app("development", database_url, tmp_path)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert (instance_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    for each in (first, second):
        with each.app_context():
            db.engine.dispose()


def set_cookie_headers(response) -> dict[str, str]:
    """Set-Cookie lines by cookie name."""
    return {line.split("=", 1)[0]: line for line in response.headers.getlist("Set-Cookie")}


def cookie_attributes(line: str) -> set[str]:
    return {part.strip().lower() for part in line.split(";")[1:]}


@pytest.mark.parametrize("env_name, secure", [("development", False), ("production", True)])
def test_session_and_remember_cookies(env_name, secure, app, make, database_url, tmp_path, instance_path):
    user = make.user("teacher")
    db.session.commit()
    built = _app(env_name, database_url, tmp_path, SECRET_KEY="k" * 64)
    client = built.test_client()
    response = sign_in(client, user, remember="y")
    assert response.status_code == 302
    cookies = set_cookie_headers(response)
    assert {"session", "remember_token"} <= set(cookies), cookies
    for name in ("session", "remember_token"):
        attributes = cookie_attributes(cookies[name])
        assert "httponly" in attributes, cookies[name]
        assert "samesite=lax" in attributes, cookies[name]
        assert ("secure" in attributes) is secure, cookies[name]
    with built.app_context():
        db.engine.dispose()
