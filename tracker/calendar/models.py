"""Days a school is closed inside its terms: holidays, breaks and closures."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rosters.models import School
from ..textmarks import N_
from ..timeutil import utcnow

NON_SCHOOL_DAY_KINDS = ("holiday", "break", "closure", "staff_day")
NON_SCHOOL_DAY_KIND_LABELS = {
    "holiday": N_("Holiday"),
    "break": N_("Break"),
    "closure": N_("Closure"),
    "staff_day": N_("Staff day (no classes)"),
}


class NonSchoolDay(db.Model):
    """One day or a run of days (first to last, both included) with no instruction at a school."""

    __tablename__ = "non_school_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="holiday")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship()
