"""Credits (a course's competencies and the rule that earns it), grade schemes and grading periods."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..competencies.models import Competency, ProficiencyScale
from ..extensions import db
from ..progressions.models import Progression
from ..timeutil import utcnow


class Credit(db.Model):
    """A course credit: a set of competencies and the rule that earns it (grading.rules.CreditRule).

    `progression_id`: the credit was made from a progression's steps; a learner placed past some of
    them has them counted as met on the day of the placement (as the progression map shows them).
    """

    __tablename__ = "credit"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str | None] = mapped_column(String(50))
    rule: Mapped[str] = mapped_column(String(10), default="all")
    share_percent: Mapped[int | None]
    floor_level: Mapped[int | None]
    points_needed: Mapped[int | None]
    progression_id: Mapped[int | None] = mapped_column(ForeignKey("progression.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    progression: Mapped[Progression | None] = relationship()
    parts: Mapped[list["CreditCompetency"]] = relationship(
        back_populates="credit", cascade="all, delete-orphan", order_by="CreditCompetency.position")


class CreditCompetency(db.Model):
    __tablename__ = "credit_competency"
    __table_args__ = (UniqueConstraint("credit_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_id: Mapped[int] = mapped_column(ForeignKey("credit.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"), index=True)
    points: Mapped[int] = mapped_column(default=1)  # what it is worth under a "points" rule
    position: Mapped[int] = mapped_column(default=0)

    credit: Mapped[Credit] = relationship(back_populates="parts")
    competency: Mapped[Competency] = relationship()


class GradeScheme(db.Model):
    """The school's conversion of levels into a report-card grade: ordered conjunctive rules, the
    first that matches wins. Below `min_assessed_percent` of a course's competencies with a level,
    no grade is given ("not enough evidence yet")."""

    __tablename__ = "grade_scheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("proficiency_scale.id"))
    min_assessed_percent: Mapped[int] = mapped_column(default=50)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    scale: Mapped[ProficiencyScale] = relationship()
    rules: Mapped[list["GradeRule"]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan", order_by="GradeRule.position")


class GradeRule(db.Model):
    """"A: 90 % at 3 or above, none below 3" (grade, share_percent, at_level, floor_level), with the
    number the SIS receives for it (score)."""

    __tablename__ = "grade_rule"
    __table_args__ = (UniqueConstraint("scheme_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("grade_scheme.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    grade: Mapped[str] = mapped_column(String(20))
    share_percent: Mapped[int]
    at_level: Mapped[int]
    floor_level: Mapped[int | None]
    score: Mapped[float | None]

    scheme: Mapped[GradeScheme] = relationship(back_populates="rules")


class GradingPeriod(db.Model):
    """A report-card period; `sourced_id` is the SIS's gradingPeriod (academicSession) id, if known."""

    __tablename__ = "grading_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
