"""Limits on failed sign-ins: per account (the email typed) and per client address.

Only failed attempts count. The account limit is a shared limit with a fixed scope, so its key in the
limiter's store (memory or Redis) can be named again here to lift it when an admin sets a new password.
"""
from flask import current_app, request
from limits import parse_many

from ..extensions import limiter

ACCOUNT_SCOPE = "login-account"
ADDRESS_SCOPE = "login-address"


def _account_key_for(email: str) -> str:
    return f"{ACCOUNT_SCOPE}:{(email or '').strip().lower()}"


def account_key() -> str:
    return _account_key_for(request.form.get("email") or "")


def failed(response) -> bool:
    return response.status_code != 302


def limit_failed_sign_ins(view):
    """Apply both limits to the sign-in view (POST only; viewing the page never counts)."""
    view = limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], ACCOUNT_SCOPE,
                                key_func=account_key, methods=["POST"], deduct_when=failed)(view)
    return limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
                         deduct_when=failed, scope=ADDRESS_SCOPE)(view)


def lift_account_lock(email: str) -> None:
    """Forget the failed sign-ins counted against this email, so its owner can sign in at once."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    identifiers = [_account_key_for(email), ACCOUNT_SCOPE]
    if prefix:
        identifiers.insert(0, prefix)
    for item in parse_many(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]):
        limiter.limiter.clear(item, *identifiers)
