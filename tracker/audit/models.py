"""Audit events: who did what to which record, when. Append-only."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..rosters.models import Learner
from ..timeutil import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
        # The audit page filters by action and lists newest first; its action list reads the index.
        Index("ix_audit_event_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))  # e.g. evidence.create, learner.view
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learner.id"), index=True)
    detail: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()
    learner: Mapped[Learner | None] = relationship()
