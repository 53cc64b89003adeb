"""Forgot password: ask for a link by email, then set a new password through it."""
from flask import current_app, render_template
from flask_login import current_user

from ..auth import access
from ..extensions import limiter
from . import bp
from .forms import ForgotPasswordForm
from .service import ask_for_reset
from .link_page import link_page

ACCOUNT_SCOPE = "reset-account"
ADDRESS_SCOPE = "reset-address"


def _account_key() -> str:
    from flask import request

    return f"{ACCOUNT_SCOPE}:{(request.form.get('email') or '').strip().lower()}"


@bp.route("/password/forgot", methods=["GET", "POST"])
@access.rule("public", learner_data=False)
@limiter.shared_limit(lambda: current_app.config["PASSWORD_RESET_LIMIT_PER_ACCOUNT"], ACCOUNT_SCOPE,
                      key_func=_account_key, methods=["POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"], methods=["POST"], scope=ADDRESS_SCOPE)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        ask_for_reset(form.email.data)
        # The same page whether or not the address has an account.
        return render_template("invitations/reset_sent.html", email=form.email.data)
    email = current_user.email if current_user.is_authenticated and not form.email.data else None
    if email:
        form.email.data = email
    return render_template("invitations/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@access.rule("public", learner_data=False)
def reset_password(token: str):
    return link_page(token, "password_reset")
