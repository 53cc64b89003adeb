"""Admin pages for the OpenID Connect providers the sign-in page offers."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from ..auth.admin_forms import ROLE_LABELS
from ..auth.loaders import get_or_404
from ..extensions import db
from ..form_helpers import FieldProblem, show_problem
from . import bp
from .forms import ProviderForm
from .models import IdentityProvider
from .service import provider_list, save_provider


@bp.route("/admin/sign-in-providers")
@access.rule("admin", learner_data=False)
def list_providers():
    providers = db.session.scalars(provider_list()).all()
    return render_template("sso/providers.html", providers=providers, role_labels=ROLE_LABELS)


@bp.route("/admin/sign-in-providers/new", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def create_provider():
    return _provider_form(None)


@bp.route("/admin/sign-in-providers/<int:provider_id>", methods=["GET", "POST"])
@access.rule("admin", learner_data=False)
def edit_provider(provider_id: int):
    return _provider_form(get_or_404(IdentityProvider, provider_id))


def _provider_form(provider: IdentityProvider | None):
    data = {} if provider is None else {
        "name": provider.name, "issuer": provider.issuer, "client_id": provider.client_id,
        "enabled": provider.enabled, "new_account_role": provider.new_account_role or ""}
    form = ProviderForm(data=data)
    if form.validate_on_submit():
        try:
            saved = save_provider(provider, name=form.name.data, issuer=form.issuer.data,
                                  client_id=form.client_id.data, secret=form.client_secret.data,
                                  enabled=form.enabled.data, new_account_role=form.new_account_role.data)
        except FieldProblem as problem:
            db.session.rollback()
            show_problem(form, problem)
        else:
            audit.record(current_user, "sso_provider.create" if provider is None else "sso_provider.update", saved,
                         secret_changed=bool(form.client_secret.data))
            flash(_("Sign-in provider saved."), "success")
            return redirect(url_for("sso.list_providers"))
    callback = url_for("sso.finish_sign_in", provider_id=provider.id, _external=True) if provider else None
    return render_template("sso/provider_form.html", form=form, provider=provider,
                           callback=callback), 400 if form.errors else 200
