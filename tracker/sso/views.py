"""Signing in through an OpenID Connect provider: off to the provider, and back."""
import logging

from authlib.integrations.base_client import OAuthError
from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError
from requests import RequestException

from ..audit import service as audit
from ..auth import access
from ..auth.forms import LoginForm
from ..auth.loaders import get_or_404
from ..auth.redirects import safe_next
from ..auth.service import sign_in
from . import bp
from .models import IdentityProvider
from .service import CLOCK_LEEWAY, SignInRefused, account_for, check_discovered_issuer, enabled_providers, oauth_client

log = logging.getLogger(__name__)
# What can go wrong talking to a provider or checking what it sent (Authlib raises these).
PROVIDER_ERRORS = (OAuthError, JoseError, RequestException, ValueError, KeyError, RuntimeError)


def _enabled_provider_or_404(provider_id: int) -> IdentityProvider:
    provider = get_or_404(IdentityProvider, provider_id)
    if not provider.enabled:
        abort(404)
    return provider


def _login_page_with(message: str, status: int):
    form = LoginForm(formdata=None)
    return render_template("auth/login.html", form=form, providers=enabled_providers(),
                           sso_problem=message), status


@bp.route("/sso/<int:provider_id>/start")
@access.rule("public", learner_data=False)
def start_sign_in(provider_id: int):
    provider = _enabled_provider_or_404(provider_id)
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    session["sso_next"] = safe_next(request.args.get("next"))
    client = oauth_client(provider)
    try:
        check_discovered_issuer(client, provider)
        return client.authorize_redirect(url_for("sso.finish_sign_in", provider_id=provider.id, _external=True))
    except SignInRefused as refusal:
        return _login_page_with(str(refusal), 200)
    except PROVIDER_ERRORS as error:
        log.warning("sign-in provider %s unreachable: %s", provider.issuer, error)
        return _login_page_with(_("%(provider)s cannot be reached just now. Try again in a moment, or sign in "
                                  "with your password.", provider=provider.name), 200)


@bp.route("/sso/<int:provider_id>/callback")
@access.rule("public", learner_data=False)
def finish_sign_in(provider_id: int):
    provider = _enabled_provider_or_404(provider_id)
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    client = oauth_client(provider)
    try:
        check_discovered_issuer(client, provider)
        # Checks state (against this browser's session), sends the PKCE verifier, and verifies the
        # ID token: signature, issuer, audience, expiry and nonce.
        token = client.authorize_access_token(leeway=CLOCK_LEEWAY)
        claims = token.get("userinfo")
        if not claims:
            raise SignInRefused(_("%(provider)s sent no ID token.", provider=provider.name))
        claims = dict(claims)
        if not claims.get("email"):
            extra = dict(client.userinfo(token=token))
            if extra.get("sub") == claims["sub"]:  # OpenID Connect Core 5.3.2
                claims = {**extra, **claims}
        user = account_for(provider, claims)
    except SignInRefused as refusal:
        audit.record(None, "user.login_refused", provider, reason=str(refusal))
        return _login_page_with(str(refusal), 403)
    except PROVIDER_ERRORS as error:
        log.warning("sign-in through %s refused: %s: %s", provider.issuer, type(error).__name__, error)
        return _login_page_with(_("Signing in with %(provider)s did not work: the answer could not be "
                                  "checked. Start again from this page.", provider=provider.name), 400)
    sign_in(user)
    audit.record(user, "user.login", user, provider=provider.name)
    return redirect(session.pop("sso_next", None) or url_for("home.index"))
