"""Learner Progression Tracker: the application factory."""
import logging
import os
import threading
import time
from pathlib import Path

from flask import Flask, g, render_template, request
from werkzeug.exceptions import Forbidden
from werkzeug.routing import IntegerConverter
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError

from .blueprints import register_blueprints
from . import i18n, sqlite_connections
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .outages import is_outage

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


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
    _register_error_pages(app)
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


def _register_error_pages(app: Flask) -> None:
    def wants_json() -> bool:
        from .auth.access import wants_json as _wants_json

        return _wants_json()

    def page(code: int, title: str, message: str):
        if wants_json():
            return {"error": title, "message": message}, code
        return render_template("error.html", code=code, title=title, message=message), code

    @app.errorhandler(400)
    def bad_request(error):
        description = getattr(error, "description", "") or ""
        if "CSRF" in description:
            return page(400, _("Form expired"), _(
                "This form could not be accepted because its security token was missing or "
                "out of date. Go back, reload the page and submit it again."))
        return page(400, _("Bad request"), description or _("The request could not be understood."))

    @app.errorhandler(401)
    def unauthorized(_error):
        return page(401, _("Sign-in needed"), _("Sign in, or send a valid API token."))

    @app.errorhandler(403)
    def forbidden(error):
        # a reason given where access is refused (abort(403, description=...)) is shown; else the usual words
        given = getattr(error, "description", None)
        return page(403, _("Not allowed"), given if given and given != Forbidden.description
                    else _("You do not have access to this page."))

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, _("Not found"), _("There is nothing at this address."))

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return page(405, _("Not allowed"), _("This address does not accept that kind of request."))

    @app.errorhandler(409)
    def conflict(error):
        return page(409, _("Already changed"), getattr(error, "description", "") or "")

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return page(413, _("File too large"), _("The upload is larger than %(mb)s MB.", mb=limit))

    @app.errorhandler(429)
    def too_many(_error):
        if request.endpoint == "invitations.forgot_password":
            return page(429, _("Too many attempts"), _(
                "Too many requests for a new password for this address or from this address. Wait an hour "
                "and try again, or ask your school office."))
        message = _("Too many failed sign-in attempts for this account or from this address. "
                    "Wait 15 minutes and try again, or ask an administrator to reset your password.")
        if request.endpoint == "auth.login" and not wants_json():
            from .auth.forms import LoginForm

            form = LoginForm()
            form.email.errors = [message]
            return render_template("auth/login.html", form=form), 429
        return page(429, _("Too many attempts"), message)

    # An outage fails every request: each logs one line, the traceback is logged at most once per
    # interval (per worker), so 1,600 failing requests do not bury the log in identical tracebacks.
    traceback_logged_at = [float("-inf")]
    traceback_lock = threading.Lock()

    def traceback_due() -> bool:
        with traceback_lock:
            now = time.monotonic()
            if now - traceback_logged_at[0] < app.config.get("OUTAGE_TRACEBACK_INTERVAL", 60):
                return False
            traceback_logged_at[0] = now
            return True

    @app.errorhandler(DBAPIError)
    def database_error(error):
        from flask_login import AnonymousUserMixin

        db.session.rollback()
        if not is_outage(error):
            # The database refused this request's values (a value it cannot bind, too long for its
            # column): a bug to fix, not an outage to wait out.
            log.exception("database refused %s %s: %s", request.method, request.path, error)
            return page(500, _("Something went wrong"), _(
                "An unexpected error occurred. It has been logged; please try again."))
        reason = " ".join(str(error.orig if error.orig is not None else error).split())[:500]
        log.error("database error (unavailable) on %s %s: %s: %s", request.method, request.path,
                  type(error.orig or error).__name__, reason, exc_info=error if traceback_due() else None)
        # The page must not ask the database who is signed in (the header shows the account; a
        # user loaded before the rollback would reload): that would fail again and turn this
        # friendly page into a bare 500.
        g._login_user = AnonymousUserMixin()
        return page(503, _("Temporarily unavailable"), _(
            "The tracker cannot reach its database right now. Nothing you saved earlier is lost; "
            "please try again in a minute."))

    @app.errorhandler(500)
    def server_error(error):
        if getattr(error, "original_exception", None) is None:
            # (an exception the view raised is logged once already, with its traceback, by Flask)
            log.error("server error: %s", error)
        db.session.rollback()
        return page(500, _("Something went wrong"), _(
            "An unexpected error occurred. It has been logged; please try again."))


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
