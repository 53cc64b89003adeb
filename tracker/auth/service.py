"""Signing in and passwords."""
from functools import lru_cache
from importlib import resources

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..timeutil import utcnow
from .models import User


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


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same answer for every failure)."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password; every other session of this user ends (session_version is bumped)."""
    user.set_password(new_password)
