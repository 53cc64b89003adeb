"""Learner Progression Tracker: the application factory."""
import os
from pathlib import Path

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from .blueprints import register_blueprints
from . import error_pages, i18n, sqlite_connections
from .extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, fixed_digits=0, min=0, max=2**31 - 1, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _config_module():
    """The top-level config.py, found beside the package whatever the working directory is."""
    import importlib.util
    import sys

    if "config" in sys.modules and getattr(sys.modules["config"], "CONFIGS", None):
        return sys.modules["config"]
    spec = importlib.util.spec_from_file_location("config", ROOT / "config.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["config"] = module
    spec.loader.exec_module(module)
    return module


def create_app(config=None) -> Flask:
    """Build the app. `config` is a config class, a dict of overrides, or None for TRACKER_CONFIG."""
    config_module = _config_module()

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or str(ROOT / "instance"),
    )
    overrides = {}
    if config is None or isinstance(config, dict):
        overrides = config or {}
        name = overrides.get("ENV_NAME") or os.environ.get("TRACKER_CONFIG", "development")
        config = config_module.CONFIGS[name]
    app.config.from_object(config)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "tracker.db")
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in the environment in production.")
        app.config["SECRET_KEY"] = config_module.load_secret_key(app.instance_path)
    if not app.config.get("ARTIFACT_DIR"):
        app.config["ARTIFACT_DIR"] = str(Path(app.instance_path) / "artifacts")
    queue_url = app.config.get("JOB_QUEUE_URL") or ""
    app.config["RATELIMIT_STORAGE_URI"] = (app.config.get("RATELIMIT_STORAGE_URI")
                                           or (queue_url if queue_url.startswith("redis://") else "memory://"))
    _trust_proxies(app)
    from .monitoring.logs import configure_logging

    configure_logging(app)

    from . import models  # noqa: F401  (every table on the metadata)

    sqlite_connections.install()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.escape_lazy_strings()
    from .jobs import queue, tasks  # noqa: F401  (tasks: every task registered where jobs are sent)

    queue.init_app(app)

    _configure_login()
    # Ids in URLs stay within the database's integer range: 10**30 is "not found", not a crash.
    app.url_map.converters["int"] = BoundedIntConverter
    register_blueprints(app)
    error_pages.register(app)
    _register_security_headers(app)
    _register_template_helpers(app)
    from . import input_checks, instrumentation, static_assets

    input_checks.init_app(app)
    instrumentation.init_app(app)
    static_assets.init_app(app)
    from . import transactions

    transactions.init_app(app)  # last: its after_request hook runs first

    from .cli import register_cli

    register_cli(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N proxies, the client's address is the Nth X-Forwarded-For entry from the right (werkzeug's
    ProxyFix): the sign-in limits then count each client, not the proxy, and audit events name the client.
    With 0 (the default) the headers are ignored, so a client cannot forge its address."""
    given = app.config.get("TRUSTED_PROXY_HOPS")
    if given is None:
        given = os.environ.get("TRUSTED_PROXY_HOPS", "0")
    try:
        hops = int(given)
    except (TypeError, ValueError):
        hops = -1
    if hops < 0:
        raise RuntimeError(f"TRUSTED_PROXY_HOPS must be a whole number of proxies, 0 or more; got {given!r}.")
    app.config["TRUSTED_PROXY_HOPS"] = hops
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _configure_login() -> None:
    from .auth.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from .auth.service import user_for_session

        return user_for_session(token)


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("HSTS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from .auth import policy
    from .competencies.service import status_label
    from .competencies.translation import content, in_reader_language, lang_marked
    from .i18n import day, estimate_for_reader, number
    from .evidence.lists import method_description
    from .mastery.estimate_display import shown_estimate
    from .mastery.overrides import KIND_WORDS
    from .standing.labels import state_label

    # One display rule for estimates (number and "at mastery" words) in every template.
    app.jinja_env.globals["shown_estimate"] = shown_estimate
    app.jinja_env.filters["estimate_text"] = estimate_for_reader  # estimate_text in the reader's digits
    app.jinja_env.filters["day"] = day  # every date a page shows, in the reader's language
    app.jinja_env.filters["number"] = number  # 2.5 -> "2,5" for a Spanish reader
    # Schools' content in the reader's language, marked with its lang where it is not the page's.
    app.jinja_env.globals["content"] = content
    app.jinja_env.globals["status_label"] = status_label  # a framework's status in words: "(v1, borrador)"
    app.jinja_env.globals["in_reader_language"] = in_reader_language  # for attributes and SVG titles (no markup)
    app.jinja_env.filters["lang_marked"] = lang_marked
    app.jinja_env.globals["method_description"] = method_description  # "…, w = 0.65" on every page
    app.jinja_env.globals["override_words"] = KIND_WORDS  # how a decision went against the evidence
    app.jinja_env.globals["state_label"] = state_label  # one name per step state (standing/labels.py)

    @app.context_processor
    def inject():
        return {
            "policy": policy,
            "languages": app.config["LANGUAGES"],
            "current_locale": str(get_locale()),
        }
