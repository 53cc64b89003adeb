"""Learning progressions, prerequisites and placements."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency, Framework
from ..extensions import db
from ..rosters.models import Learner, Term
from ..timeutil import utcnow

PACE_MODES = ("weeks_per_step", "target_dates")


class Prerequisite(db.Model):
    """competency needs prerequisite mastered first (CASE "precedes": prerequisite precedes competency)."""

    __tablename__ = "prerequisite"
    __table_args__ = (
        UniqueConstraint("competency_id", "prerequisite_id"),
        CheckConstraint("competency_id <> prerequisite_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"), index=True)
    prerequisite_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"), index=True)
    identifier: Mapped[str | None] = mapped_column(String(255))  # CASE CFAssociation identifier

    competency: Mapped[Competency] = relationship(foreign_keys=[competency_id])
    prerequisite: Mapped[Competency] = relationship(foreign_keys=[prerequisite_id])


class Progression(db.Model):
    __tablename__ = "progression"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    pace_mode: Mapped[str] = mapped_column(String(20), default="weeks_per_step")
    weeks_per_step: Mapped[float | None] = mapped_column(default=1.5)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("term.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    framework: Mapped[Framework] = relationship()
    term: Mapped[Term | None] = relationship()
    steps: Mapped[list["ProgressionStep"]] = relationship(
        back_populates="progression", cascade="all, delete-orphan",
        order_by="ProgressionStep.position",
    )


class ProgressionStep(db.Model):
    __tablename__ = "progression_step"
    __table_args__ = (UniqueConstraint("progression_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    progression_id: Mapped[int] = mapped_column(ForeignKey("progression.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    position: Mapped[int]
    target_date: Mapped[date | None]

    progression: Mapped[Progression] = relationship(back_populates="steps")
    competency: Mapped[Competency] = relationship()


class Placement(db.Model):
    """Where a learner starts on a progression, who decided it and why.

    A learner has at most one current placement per progression; a re-placement
    ends the previous one (ended_at) rather than deleting it.
    """

    __tablename__ = "placement"
    __table_args__ = (
        # At most one current placement per learner and progression, even when two people place at once.
        Index("uq_placement_current", "learner_id", "progression_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    progression_id: Mapped[int] = mapped_column(ForeignKey("progression.id"), index=True)
    start_position: Mapped[int] = mapped_column(default=1)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    placed_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    learner: Mapped[Learner] = relationship()
    progression: Mapped[Progression] = relationship()
    placed_by: Mapped[User | None] = relationship()
