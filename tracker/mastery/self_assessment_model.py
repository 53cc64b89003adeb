"""An educator's self-assessment against the badge descriptors (issue 21): the level they place
themselves at in a domain, waiting for their coach, who confirms it (or another level). Rows are
not edited once confirmed; a new self-assessment of a domain replaces a waiting one."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..extensions import db
from ..timeutil import utcnow

WAITING, CONFIRMED, REPLACED = "waiting", "confirmed", "replaced"


class SelfAssessment(db.Model):
    __tablename__ = "self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"))  # the domain
    level: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default=WAITING)
    confirmed_level: Mapped[int | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]

    competency: Mapped[Competency] = relationship()
    confirmed_by: Mapped[User | None] = relationship()
