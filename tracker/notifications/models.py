"""A notification to one person, a person's choice per kind, and the digests already sent."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class Notification(db.Model):
    """Something one person is told. The words are not stored: `text_key` (kinds.TEXTS) and `params`
    render in the reader's language when read. `delivery` is the reader's choice when it was made
    (app, immediate, daily, weekly); a daily or weekly one is mailed in that digest (`mailed_at`)."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_recipient_id_read_at", "recipient_id", "read_at"),
                      Index("ix_notification_delivery_mailed_at", "delivery", "mailed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int | None]  # the request or evidence it is about (never told twice of one request)
    text_key: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    delivery: Mapped[str] = mapped_column(String(10), default="app")
    read_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationPreference(db.Model):
    """A person's choice for one kind; a kind with no row follows kinds.KINDS' default."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    delivery: Mapped[str] = mapped_column(String(10))


class DigestSent(db.Model):
    """One digest of `kind` (daily, weekly, family) to one person for the period starting on
    `period_start`: the unique row makes a digest task that runs twice send it once."""

    __tablename__ = "digest_sent"
    __table_args__ = (UniqueConstraint("user_id", "kind", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
