from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..extensions import db
from . import access, bp
from .forms import ChangePasswordForm, LoginForm
from .login_limits import limit_failed_sign_ins
from .redirects import safe_next
from .service import authenticate, change_password, sign_in, sign_out


@bp.before_app_request
def note_sign_in_activity():
    """Load the signed-in user before the view runs and, when its sign-in's last activity was just noted
    (at most once a minute), commit that alone, before the view changes anything. API calls use tokens."""
    if request.endpoint == "static" or request.path.startswith(("/api/", "/xapi/")):
        return
    if current_user.is_authenticated and g.pop("sign_in_seen", False):
        # Its own transaction, before the view: the activity stands whatever the page answers, and a
        # view rolling back a refused attempt does not undo it.
        db.session.commit()


@bp.route("/login", methods=["GET", "POST"])
@access.public
@limit_failed_sign_ins
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or password is not right."))
        else:
            sign_in(user, remember=form.remember.data)
            audit.record(user, "user.login", user)
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    from ..sso.service import enabled_providers

    return render_template("auth/login.html", form=form, providers=enabled_providers())


@bp.route("/logout", methods=["POST"])
@access.signed_in
def logout():
    sign_out(current_user._get_current_object())
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@access.rule("signed_in", learner_data=False)
def change_own_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            revoked = change_password(current_user, form.new_password.data)
            audit.record(current_user, "user.change_password", current_user, api_tokens_revoked=revoked)
            # This browser goes on under the new session version; every other sign-in has ended.
            sign_in(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out and your API tokens have ended."),
                  "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)
