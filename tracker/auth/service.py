"""Signing in and passwords."""
from functools import cache, lru_cache
import secrets
from importlib import resources

from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ..api import tokens
from ..extensions import db
from ..timeutil import utcnow
from .models import LoginSession, User


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("tracker").joinpath("data/common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problems(password: str) -> list[str]:
    """What is wrong with a proposed password, in words; empty when it is acceptable."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(_("Use at least %(n)s characters.", n=minimum))
    if password.lower() in common_passwords():
        problems.append(_("This password is on a list of commonly used passwords; choose another."))
    return problems


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@cache
def _stand_in_password_hash() -> str:
    """A hash of a random password nobody knows, made once per process the way real ones are made
    (same method, same cost), to check against when there is no real hash to check."""
    return generate_password_hash(secrets.token_urlsafe(32), method="scrypt")


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same answer for every failure).

    Every attempt costs one scrypt check, so the time taken does not tell whether the email has an
    account: an unknown email, a deactivated account or one without a password is checked against a
    stand-in hash that never matches."""
    stand_in = _stand_in_password_hash()  # made before looking, so even the first attempt costs the same
    user = find_user_by_email(email)
    if user is None or not user.active or not user.password_hash:
        check_password_hash(stand_in, password)
        return None
    if not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, new_password: str) -> int:
    """Set a new password; every other sign-in of this user ends (session_version is bumped) and so do
    their API tokens. Returns how many tokens were revoked."""
    user.set_password(new_password)
    return tokens.revoke_all(user)


def end_every_sign_in_of(user_ids) -> int:
    """end_every_sign_in for many users at once (a roster import deactivating them): two statements."""
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    db.session.execute(update(User).where(User.id.in_(user_ids))
                       .values(session_version=User.session_version + 1)
                       .execution_options(synchronize_session=False))
    return tokens.revoke_all_of(user_ids)


def end_every_sign_in(user: User) -> int:
    """End every sign-in of this user on every device (session_version is bumped) and revoke their
    API tokens, so nothing they had open works again, even after a reactivation. Returns how many
    tokens were revoked."""
    user.session_version = (user.session_version or 0) + 1
    return tokens.revoke_all(user)


def sign_in(user: User, remember: bool = False) -> None:
    """Start a new sign-in (a LoginSession) and put it in this browser's session cookie."""
    from flask_login import login_user

    user.login_nonce = secrets.token_urlsafe(24)
    db.session.add(LoginSession(user_id=user.id, nonce=user.login_nonce, remembered=bool(remember)))
    db.session.flush()
    login_user(user, remember=remember)


def sign_out(user: User) -> None:
    """End this sign-in only: the same person stays signed in on their other devices."""
    from flask_login import logout_user

    if user.login_nonce:
        row = db.session.scalar(select(LoginSession).where(LoginSession.nonce == user.login_nonce))
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
    logout_user()


@cache
def _session_user_statement():
    """The user of a live sign-in, with the sign-in itself and the roles in the same statement (every
    page asks for them); built once, as building it cost more than running it."""
    return (select(User, LoginSession).join(LoginSession, LoginSession.user_id == User.id)
            .where(LoginSession.nonce == bindparam("nonce"), LoginSession.ended_at.is_(None),
                   User.id == bindparam("user_id"))
            .options(joinedload(User.roles)))


def sign_in_expired(login: LoginSession, now) -> bool:
    """Whether a sign-in has outlived SESSION_ABSOLUTE_LIFETIME, or its idle timeout (the longer
    REMEMBERED_SESSION_IDLE_TIMEOUT when the person chose to stay signed in on that device)."""
    config = current_app.config
    idle = config["REMEMBERED_SESSION_IDLE_TIMEOUT"] if login.remembered else config["SESSION_IDLE_TIMEOUT"]
    return now - login.created_at > config["SESSION_ABSOLUTE_LIFETIME"] or now - login.last_seen_at > idle


def user_for_session(token: str) -> User | None:
    """The user of a live sign-in "id:version:nonce", or None (ended, expired, password changed, deactivated).

    Notes the sign-in's last activity at most once a minute (g.sign_in_seen tells the request to commit
    it), so that reading pages does not turn into a write per page."""
    parts = token.split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2]:
        return None
    user_id, version, nonce = parts
    row = db.session.execute(_session_user_statement(), {"nonce": nonce, "user_id": int(user_id)}).unique().first()
    if row is None:
        return None
    user, login = row
    now = utcnow()
    if not user.active or str(user.session_version) != version or sign_in_expired(login, now):
        return None
    if (now - login.last_seen_at).total_seconds() > 60:
        login.last_seen_at = now
        g.sign_in_seen = True
    user.login_nonce = nonce
    return user
