"""Invitation and password-reset links: made, mailed, redeemed once.

A link's token is 32 random bytes; only its SHA-256 is stored, so a copy of the database opens no
account. A link works once, before it expires, for an active account; setting a password through it
ends every other open link of that person, their other sign-ins and their API tokens.
"""
import hashlib
import secrets
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..auth.models import User
from ..auth.service import change_password, find_user_by_email
from ..extensions import db
from ..mail.service import queue_templated
from ..rosters import members
from ..rosters.models import GuardianLink, RosterImport
from ..timeutil import utcnow
from .models import AccountLink


class LinkNotUsable(ValueError):
    """The link is unknown, used, expired, or its account is deactivated (one answer for all)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: under PUBLIC_URL when set (production), else this request's host."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def create_link(user: User, kind: str, actor=None) -> str:
    """A new link of `kind` for the user; earlier unused links of that kind end. Returns the token."""
    now = utcnow()
    db.session.execute(update(AccountLink)
                       .where(AccountLink.user_id == user.id, AccountLink.kind == kind, AccountLink.used_at.is_(None))
                       .values(used_at=now).execution_options(synchronize_session=False))
    lifetime = current_app.config["INVITATION_LIFETIME" if kind == "invitation" else "PASSWORD_RESET_LIFETIME"]
    token = secrets.token_urlsafe(32)
    db.session.add(AccountLink(kind=kind, user_id=user.id, token_hash=token_hash(token), created_at=now,
                               expires_at=now + lifetime, created_by_id=getattr(actor, "id", None)))
    db.session.flush()
    return token


def usable_link(token: str, kind: str) -> AccountLink | None:
    """The link if it can still be used (unused, not expired, account active), else None."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == token_hash(token),
                                                       AccountLink.kind == kind))
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.user.active:
        return None
    return link


def redeem(token: str, kind: str, new_password: str) -> User:
    """Use the link once to set the account's password. Raises LinkNotUsable.

    The link is marked used by one conditional UPDATE, so of two submissions racing with the same
    link exactly one sets the password."""
    link = usable_link(token, kind)
    if link is None:
        raise LinkNotUsable()
    now = utcnow()
    taken = db.session.execute(update(AccountLink)
                               .where(AccountLink.id == link.id, AccountLink.used_at.is_(None))
                               .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise LinkNotUsable()
    user = link.user
    change_password(user, new_password)
    db.session.execute(update(AccountLink)
                       .where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None))
                       .values(used_at=now).execution_options(synchronize_session=False))
    db.session.flush()
    return user


# Invitations -----------------------------------------------------------------------------------

@dataclass
class InvitationReport:
    sent: list[User] = field(default_factory=list)
    already_signing_in: list[User] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each names the line or the person


def send_invitation(user: User, actor) -> None:
    token = create_link(user, "invitation", actor)
    link = public_url("invitations.accept_invitation", token=token)
    queue_templated("invitation", user, lambda: _l("Your account on the Learner Progression Tracker"),
                    link=link, inviter=actor, expires_days=current_app.config["INVITATION_LIFETIME"].days,
                    providers=_provider_names())


def _provider_names() -> list[str]:
    from ..sso.service import enabled_providers

    return [provider.name for provider in enabled_providers()]


def _address_problem(email: str) -> str | None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


def invite(users, actor, *, include_signed_up: bool = False) -> InvitationReport:
    """Mail an invitation to each active user whose address is valid. People who can already sign in
    (a password or a linked provider) are left alone unless include_signed_up; a person whose stored
    address is not a valid one is named in the report's problems, and the rest are sent."""
    from ..sso.models import ExternalIdentity

    report = InvitationReport()
    users = list(dict.fromkeys(users))
    linked = set(db.session.scalars(select(ExternalIdentity.user_id)
                                    .where(ExternalIdentity.user_id.in_([u.id for u in users]))))
    for user in users:
        if not user.active:
            report.problems.append(str(_l("%(name)s (%(email)s): the account is deactivated.",
                                          name=user.name, email=user.email)))
            continue
        problem = _address_problem(user.email)
        if problem:
            report.problems.append(str(_l("%(name)s: “%(email)s” is not an email address we can send to (%(problem)s).",
                                          name=user.name, email=user.email, problem=problem)))
            continue
        if not include_signed_up and (user.password_hash or user.id in linked):
            report.already_signing_in.append(user)
            continue
        send_invitation(user, actor)
        report.sent.append(user)
    return report


def users_from_lines(text: str) -> tuple[list[User], list[str]]:
    """The accounts named by a list of addresses, one a line; the problems name each line."""
    users, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        email = line.strip().strip(",;")
        if not email:
            continue
        problem = _address_problem(email)
        if problem:
            problems.append(str(_l("Line %(n)s, “%(email)s”: not an email address (%(problem)s).",
                                   n=number, email=email[:100], problem=problem)))
            continue
        user = find_user_by_email(email)
        if user is None:
            problems.append(str(_l("Line %(n)s, “%(email)s”: no account has this address; add the person "
                                   "first (Administration › Users).", n=number, email=email[:100])))
            continue
        users.append(user)
    return users, problems


def section_guardians(section_id: int) -> list[User]:
    """The guardians of the section's learners (one query)."""
    return list(db.session.scalars(
        select(User).join(GuardianLink, GuardianLink.guardian_id == User.id)
        .where(GuardianLink.learner_id.in_(members.learner_ids_select(section_id, include_inactive=False)),
               GuardianLink.active.is_(True))
        .distinct().order_by(User.name, User.id)))


def import_created_users(roster_import: RosterImport) -> list[User]:
    """The accounts an applied roster import created."""
    ids = roster_import.created_user_ids or []
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name, User.id)))


# Password resets -------------------------------------------------------------------------------

def ask_for_reset(email: str) -> None:
    """Mail a reset link when the address belongs to an active account; do nothing otherwise (the
    page answers the same either way, so it does not tell who has an account)."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = create_link(user, "password_reset")
    queue_templated("password_reset", user, lambda: _l("Set a new password"),
                    link=public_url("invitations.reset_password", token=token),
                    expires_minutes=int(current_app.config["PASSWORD_RESET_LIFETIME"].total_seconds() // 60))
