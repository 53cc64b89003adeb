"""The error pages: one handler per status, JSON for API callers, and a database outage answered
with a 503 page and one log line per failed request (the traceback at most once a minute)."""
import logging
import threading
import time

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import Forbidden

from .extensions import db
from .outages import is_outage

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    """Every error answers in the caller's kind (a page, or JSON for the API) and words."""
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

    @app.errorhandler(503)
    def unavailable(error):
        return page(503, _("Temporarily unavailable"), getattr(error, "description", "") or "")

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
