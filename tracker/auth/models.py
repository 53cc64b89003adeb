"""People and their roles."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..timeutil import utcnow

# The staff roles, defined once: every check of "is this member of staff" reads this tuple.
STAFF_ROLES = ("admin", "teacher", "validator")
ROLES = (*STAFF_ROLES, "student", "guardian")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    can_author_frameworks: Mapped[bool] = mapped_column(default=False)
    # Bumped on password change: every session signed with the old value ends.
    session_version: Mapped[int] = mapped_column(default=1)
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    # Flask-Login ---------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    # The sign-in this request belongs to (a LoginSession nonce); set by sign_in and the user loader.
    login_nonce = None  # not a column: the nonce of the sign-in serving this request

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}:{self.login_nonce or ''}"

    # Roles ----------------------------------------------------------------
    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names.intersection(names))

    def set_roles(self, names) -> None:
        wanted = {n for n in names if n in ROLES}
        self.roles[:] = [r for r in self.roles if r.role in wanted]
        for name in sorted(wanted - {r.role for r in self.roles}):
            self.roles.append(UserRole(role=name))

    # Passwords ------------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[User] = relationship(back_populates="roles")


class LoginSession(db.Model):
    """One sign-in. Signing out ends it, so a copied session or remember-me cookie stops working;
    a password change ends every sign-in of the user (through User.session_version). It also ends
    on the server after SESSION_ABSOLUTE_LIFETIME from created_at, or after an idle timeout from
    last_seen_at (longer when `remembered`: the person asked to stay signed in on this device)."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)  # noted at most once a minute
    remembered: Mapped[bool] = mapped_column(default=False)
    ended_at: Mapped[datetime | None]
