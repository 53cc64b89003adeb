"""OpenID Connect providers and the accounts linked to them."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow


class IdentityProvider(db.Model):
    """A provider the login page offers. Its client secret is stored encrypted (see sso.secrets) and
    never shown back. `new_account_role`: when set, a person the school does not know yet, whose email
    the provider has verified, gets an account with this role; when None, nobody new gets in."""

    __tablename__ = "identity_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret_encrypted: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(default=True)
    new_account_role: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ExternalIdentity(db.Model):
    """A person's account at a provider (its `sub`), linked to one of ours the first time they sign in
    with an email the provider verified. Later sign-ins go by the subject alone."""

    __tablename__ = "external_identity"
    __table_args__ = (UniqueConstraint("provider_id", "subject"), UniqueConstraint("provider_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    email_at_link: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")
