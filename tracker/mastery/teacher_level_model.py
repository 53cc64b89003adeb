"""A teacher's hand-set level for a learner on a competency (issue 19), replacing the estimate
wherever the level shows until new evidence arrives, or for good when the teacher chose "keep".

Append-only: setting a new level or removing one closes the open row (`ended_at`), never edits it.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow


class TeacherLevel(db.Model):
    __tablename__ = "teacher_level"
    __table_args__ = (
        # at most one open override per learner and competency
        Index("uq_teacher_level_open", "learner_id", "competency_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"), index=True)
    level: Mapped[float]
    reason: Mapped[str] = mapped_column(Text)
    keep: Mapped[bool] = mapped_column(default=False, server_default=false())
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    set_by: Mapped[User | None] = relationship()
