"""Managing users as an admin: listing, creating, changing, deactivating, setting passwords.

Functions flush but never commit. An admin cannot lock itself out: it may not remove its
own admin role or deactivate its own account.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..form_helpers import FieldProblem
from ..listing import filter_status, search
from .models import User, UserRole
from .service import change_password, end_every_sign_in


@dataclass
class UserValues:
    email: str
    name: str
    roles: list[str] = field(default_factory=list)
    locale: str = "en"
    can_author_frameworks: bool = False
    phone: str | None = None


def user_list(q: str = "", status: str = "active", role: str | None = None):
    """Users by name (their roles come with one extra query per page, not per row)."""
    stmt = select(User).order_by(User.name, User.id)
    stmt = search(stmt, q, [User.name, User.email, User.phone])
    if role:
        stmt = stmt.where(User.roles.any(UserRole.role == role))
    return filter_status(stmt, status, User.active)


def save_user(user: User | None, values: UserValues, actor) -> tuple[User, list[str]]:
    """Create a user (user=None) or change one; returns it and the names of changed fields.

    Raises FieldProblem when the email belongs to someone else, or when the actor would
    remove its own admin role."""
    email = values.email.strip().lower()
    clash = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if clash is not None and clash is not user:
        raise FieldProblem("email", _("Another user already has this email."))
    if user is not None and user.id == getattr(actor, "id", None) and "admin" not in values.roles:
        raise FieldProblem("roles", _("You cannot remove your own administrator role."))
    if user is None:
        user = User(email=email, name=values.name)
        db.session.add(user)
    changed = []
    new = {"email": email, "name": values.name, "locale": values.locale,
           "can_author_frameworks": values.can_author_frameworks, "phone": values.phone or None}
    for name, value in new.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if user.role_names != set(values.roles):
        user.set_roles(values.roles)
        changed.append("roles")
    db.session.flush()
    return user, changed


def set_user_active(user: User, active: bool, actor) -> bool:
    """Deactivate (ending every sign-in and API token of the user) or reactivate; True when it changed.
    Reactivating brings back no sign-in or token: the person signs in again.

    Raises FieldProblem when the actor tries to deactivate itself."""
    if not active and user.id == getattr(actor, "id", None):
        raise FieldProblem("active", _("You cannot deactivate your own account."))
    if user.active == active:
        return False
    user.active = active
    if not active:
        end_every_sign_in(user)  # signed-in sessions and API tokens end now
    db.session.flush()
    return True


def set_password(user: User, new_password: str) -> int:
    """Set the user's password; the user's other sign-ins and API tokens end. Returns the tokens revoked."""
    revoked = change_password(user, new_password)
    db.session.flush()
    return revoked


def sign_out_everywhere(user: User) -> int:
    """End every sign-in and API token of the user (a lost phone, a shared password); their password
    stays. Returns the tokens revoked."""
    revoked = end_every_sign_in(user)
    db.session.flush()
    return revoked
