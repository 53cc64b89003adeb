"""The page an invitation or reset link opens: set a password, once."""
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _, refresh

from ..audit import service as audit
from ..auth.login_limits import lift_account_lock
from ..auth.service import sign_in
from ..extensions import db
from ..sso.service import enabled_providers
from .forms import SetPasswordForm
from .service import LinkNotUsable, redeem, usable_link


def link_page(token: str, kind: str):
    """The set-password page a link opens (an invitation or a reset): refused when the link cannot be used."""
    link = usable_link(token, kind)
    if link is None:
        return render_template("invitations/link_not_usable.html", kind=kind), 400
    if "locale" not in session and link.user.locale in current_app.config["LANGUAGES"]:
        # The page speaks the language the mail was written in, unless this visitor chose another.
        session["locale"] = link.user.locale
        refresh()
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = redeem(token, kind, form.new_password.data)
        except LinkNotUsable:
            db.session.rollback()
            return render_template("invitations/link_not_usable.html", kind=kind), 400
        audit.record(user, "user.accept_invitation" if kind == "invitation" else "user.reset_password", user)
        lift_account_lock(user.email)
        sign_in(user)
        flash(_("Your password is set. Welcome!") if kind == "invitation" else
              _("Your password is changed. Other devices are signed out."), "success")
        return redirect(url_for("home.index"))
    return render_template("invitations/set_password.html", form=form, kind=kind, person=link.user,
                           providers=enabled_providers() if kind == "invitation" else []), 400 if form.errors else 200
