"""OpenID Connect sign-in: providers, their Authlib clients, and who a verified ID token is.

Authlib does the protocol: discovery from the issuer's /.well-known/openid-configuration, PKCE (S256),
`state` (kept in the signed session cookie and checked on return) and `nonce`, and the ID token's
signature (the provider's JWKS), issuer, audience and expiry. This module decides which account the
verified claims belong to (`account_for`).
"""
import base64
import hashlib

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import ROLES, User
from ..auth.service import find_user_by_email
from ..extensions import db
from ..form_helpers import FieldProblem
from ..timeutil import utcnow
from .models import ExternalIdentity, IdentityProvider

SCOPE = "openid email profile"
# Seconds of clock difference allowed when checking the ID token's expiry and issue time.
CLOCK_LEEWAY = 60


class SignInRefused(ValueError):
    """The provider answered, but this person may not sign in (the message says why, in words)."""


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY: a database dump alone does not reveal client secrets.
    digest = hashlib.sha256(b"tracker-oidc-client-secrets:" + current_app.config["SECRET_KEY"].encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def client_secret(provider: IdentityProvider) -> str:
    try:
        return _fernet().decrypt(provider.client_secret_encrypted.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed since the secret was stored: the admin enters it again
        return ""


def enabled_providers() -> list[IdentityProvider]:
    return list(db.session.scalars(select(IdentityProvider).where(IdentityProvider.enabled.is_(True))
                                   .order_by(IdentityProvider.name, IdentityProvider.id)))


def provider_list():
    return select(IdentityProvider).order_by(IdentityProvider.name, IdentityProvider.id)


def save_provider(provider: IdentityProvider | None, *, name: str, issuer: str, client_id: str,
                  secret: str | None, enabled: bool, new_account_role: str | None) -> IdentityProvider:
    """Create or change a provider. An empty `secret` keeps the stored one (it is never shown back);
    a new provider needs one. Raises FieldProblem."""
    issuer = issuer.strip().rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        raise FieldProblem("issuer", _("Give the issuer's address, starting with https://."))
    if new_account_role and new_account_role not in ROLES:
        raise FieldProblem("new_account_role", _("Choose one of the roles."))
    if provider is None:
        if not secret:
            raise FieldProblem("client_secret", _("Enter the client secret the provider gave you."))
        provider = IdentityProvider(name=name, issuer=issuer, client_id=client_id,
                                    client_secret_encrypted=encrypt_secret(secret))
        db.session.add(provider)
    provider.name, provider.issuer, provider.client_id = name.strip(), issuer, client_id.strip()
    if secret:
        provider.client_secret_encrypted = encrypt_secret(secret)
    provider.enabled = enabled
    provider.new_account_role = new_account_role or None
    db.session.flush()
    return provider


def oauth_client(provider: IdentityProvider) -> FlaskOAuth2App:
    """Authlib's client for the provider. Built per request from the stored settings (its discovery
    document and keys are fetched as it needs them), so a change on the admin page applies at once."""
    metadata_url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    return FlaskOAuth2App(
        FlaskIntegration(f"oidc{provider.id}"), f"oidc{provider.id}",
        client_id=provider.client_id, client_secret=client_secret(provider),
        server_metadata_url=metadata_url,
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": 10},
    )


def check_discovered_issuer(client: FlaskOAuth2App, provider: IdentityProvider) -> None:
    """OpenID Connect Discovery: the document must name the issuer it was fetched from; Authlib then
    checks every ID token's `iss` against it."""
    issuer = (client.load_server_metadata().get("issuer") or "").rstrip("/")
    if issuer != provider.issuer.rstrip("/"):
        raise SignInRefused(_("The provider's configuration names another issuer (%(issuer)s).", issuer=issuer[:200]))


def _verified(claims: dict) -> bool:
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.lower() == "true")


def account_for(provider: IdentityProvider, claims: dict) -> User:
    """The account whose person the provider vouched for (claims of a verified ID token).

    - by the provider's subject when it was linked before;
    - else by the email, only when the provider says it verified it; the link is then kept;
    - else, when the admin allowed it for this provider, a new account with the provider's role;
    - never a deactivated account. Raises SignInRefused; flushes."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused(_("The provider did not say who you are."))
    identity = db.session.scalar(select(ExternalIdentity).where(ExternalIdentity.provider_id == provider.id,
                                                                ExternalIdentity.subject == subject))
    now = utcnow()
    if identity is not None:
        user = identity.user
    else:
        email = (claims.get("email") or "").strip().lower()
        if not email or not _verified(claims):
            raise SignInRefused(_("%(provider)s did not confirm your email address, so we cannot tell which "
                                  "account is yours.", provider=provider.name))
        user = find_user_by_email(email)
        if user is None:
            if not provider.new_account_role:
                raise SignInRefused(_("There is no account for %(email)s here. Ask your school office to "
                                      "add you.", email=email))
            user = User(email=email, name=(claims.get("name") or email)[:200],
                        locale=current_app.config["BABEL_DEFAULT_LOCALE"])
            user.set_roles([provider.new_account_role])
            db.session.add(user)
            db.session.flush()
        elif db.session.scalar(select(ExternalIdentity.id).where(ExternalIdentity.provider_id == provider.id,
                                                                 ExternalIdentity.user_id == user.id)):
            raise SignInRefused(_("The account for %(email)s is linked to another %(provider)s account.",
                                  email=email, provider=provider.name))
        identity = ExternalIdentity(provider_id=provider.id, user_id=user.id, subject=subject, email_at_link=email)
        if user.active:
            db.session.add(identity)
    if not user.active:
        raise SignInRefused(_("This account is deactivated. Ask your school office."))
    identity.last_used_at = now
    user.last_login_at = now
    db.session.flush()
    return user
