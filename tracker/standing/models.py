"""Rollups: where each learner stands, stored, so reports over a district read rows instead of
working out 50,000 paces per request (see rollups.py for how they stay current)."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class LearnerRollup(db.Model):
    """One learner: steps mastered over its current placements, its last evidence, and the day the
    figures were worked out for (pace moves with time alone: the nightly refresh moves it on).
    Derived data, never edited by hand."""

    __tablename__ = "learner_rollup"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    steps_mastered: Mapped[int] = mapped_column(default=0)
    last_evidence_on: Mapped[date | None]
    as_of: Mapped[date]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlacementRollup(db.Model):
    """One learner on one progression it is placed on now: its pace in one word
    (standing.days.PACE_STATES) and how many of the progression's steps it has mastered."""

    __tablename__ = "placement_rollup"
    __table_args__ = (
        UniqueConstraint("learner_id", "progression_id"),
        Index("ix_placement_rollup_framework", "framework_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    progression_id: Mapped[int] = mapped_column(ForeignKey("progression.id", ondelete="CASCADE"))
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    pace_state: Mapped[str] = mapped_column(String(20))
    steps_mastered: Mapped[int] = mapped_column(default=0)
    steps_total: Mapped[int] = mapped_column(default=0)
