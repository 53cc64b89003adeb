from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from ..auth import access
from ..auth.redirects import safe_next
from ..extensions import db
from ..timeutil import today
from . import bp
from .service import home_summary


@bp.route("/")
@access.rule("signed_in", learner_data=False)
def index():
    return render_template("home/index.html", summary=home_summary(current_user), today=today())


@bp.route("/healthz")
@access.public
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/favicon.ico")
@access.public
def favicon():
    """Browsers and bookmarks ask for /favicon.ico whatever the page links: it lives in static/,
    at a URL with its content hash (cached for a year)."""
    return redirect(url_for("static", filename="favicon.ico"))


@bp.route("/language", methods=["POST"])
@access.public
def set_language():
    """Remember the chosen language: on the account when signed in, else for this visit."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale

    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


