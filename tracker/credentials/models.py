"""Signing keys and issued Open Badges 3.0 credentials."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..mastery.models import MasteryDecision
from ..timeutil import utcnow


class SigningKey(db.Model):
    """An Ed25519 key held by a school. The private half is encrypted with a key derived from SECRET_KEY.

    Rotation retires a key (retired_at) and makes a new one; retired public keys stay published
    so credentials signed with them still verify.
    """

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    public_multibase: Mapped[str] = mapped_column(String(100), unique=True)
    private_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class IssuedCredential(db.Model):
    """A signed AchievementCredential for one mastery decision, kept exactly as issued."""

    __tablename__ = "issued_credential"
    __table_args__ = (UniqueConstraint("decision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("mastery_decision.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    signing_key_id: Mapped[int] = mapped_column(ForeignKey("signing_key.id"))
    document: Mapped[dict] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Revoked (status_list.py: its bit, the row id, is set in its school's published list); never undone.
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[MasteryDecision] = relationship()
    signing_key: Mapped[SigningKey] = relationship()
