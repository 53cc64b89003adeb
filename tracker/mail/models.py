"""The outbox: one row per message, kept after it is sent."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

STATUSES = ("queued", "sent", "failed")


class OutgoingMail(db.Model):
    """A message to one address. `queued` until delivered (`sent`); a message SMTP kept refusing
    after MAIL_MAX_ATTEMPTS is `failed`, still stored with its last error. Nothing is deleted."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # invitation, password_reset, notification, digest, family_digest
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # A digest's one-click unsubscribe link (RFC 8058: sent as List-Unsubscribe and List-Unsubscribe-Post).
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
