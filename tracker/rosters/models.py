"""Schools, terms, sections, learners, enrollments, teaching assignments and guardian links."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import utcnow


class School(db.Model):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Term(db.Model):
    __tablename__ = "term"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The OneRoster academic session type (schoolYear, semester, term, gradingPeriod); None for a
    # term entered by hand. A school year spans the breaks between its semesters: the calendar
    # (tracker.calendar) uses it only when a school has nothing finer.
    kind: Mapped[str | None] = mapped_column(String(20))

    school: Mapped[School] = relationship()


class Section(db.Model):
    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), index=True)
    course_title: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    class_code: Mapped[str | None] = mapped_column(String(200))  # OneRoster's classCode, beside the title
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship()
    term: Mapped[Term] = relationship()
    # A class that runs over more than one term (OneRoster termSourcedIds "s1,s2"): `term` is the
    # first, these the others, in the order the roster gave them.
    other_term_links: Mapped[list["SectionTerm"]] = relationship(
        order_by="SectionTerm.position", cascade="all, delete-orphan"
    )
    teaching_assignments: Mapped[list["TeachingAssignment"]] = relationship(
        back_populates="section", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        return f"{self.course_title} – {self.name}"

    @property
    def terms(self) -> list[Term]:
        """Every term the section runs in: its own first, then the others."""
        return [self.term, *(link.term for link in self.other_term_links)]


class SectionTerm(db.Model):
    """A further term of a section that runs over several (its first is Section.term)."""

    __tablename__ = "section_term"

    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"), primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=1)

    term: Mapped[Term] = relationship()


class Learner(db.Model):
    """Someone whose learning is tracked: a student, or an educator in professional learning.

    A learner may have no login (young children): user_id is then empty.
    """

    __tablename__ = "learner"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    student_number: Mapped[str | None] = mapped_column(String(50))
    grade_level: Mapped[str | None] = mapped_column(String(20))
    is_educator: Mapped[bool] = mapped_column(default=False)
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()
    school: Mapped[School] = relationship()
    equity: Mapped["EquityAttributes | None"] = relationship(
        back_populates="learner", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.given_name


class EducatorCoach(db.Model):
    """A coach of an educator-learner: a member of staff who sees and validates that educator's
    professional learning (policy.coaches_educator). Nobody else but the educator and admins does."""

    __tablename__ = "educator_coach"
    __table_args__ = (UniqueConstraint("learner_id", "coach_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    coach: Mapped[User] = relationship()


class EquityAttributes(db.Model):
    """Attributes used only for disaggregated reports; visible to admins only."""

    __tablename__ = "equity_attributes"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), unique=True)
    english_learner: Mapped[bool | None]
    iep_504: Mapped[bool | None]
    free_reduced_lunch: Mapped[bool | None]
    gender: Mapped[str | None] = mapped_column(String(40))
    race_ethnicity: Mapped[str | None] = mapped_column(String(80))

    learner: Mapped[Learner] = relationship(back_populates="equity")


class TeachingAssignment(db.Model):
    __tablename__ = "teaching_assignment"
    __table_args__ = (UniqueConstraint("section_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    section: Mapped[Section] = relationship(back_populates="teaching_assignments")
    teacher: Mapped[User] = relationship()


class Enrollment(db.Model):
    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("section_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    sourced_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    section: Mapped[Section] = relationship()
    learner: Mapped[Learner] = relationship()


class GuardianLink(db.Model):
    __tablename__ = "guardian_link"
    __table_args__ = (UniqueConstraint("guardian_id", "learner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    relationship_label: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)

    guardian: Mapped[User] = relationship()
    learner: Mapped[Learner] = relationship()


class RosterImport(db.Model):
    """One OneRoster upload: its dry-run report, then the result of applying it.

    The upload is kept in the instance folder (stored_name) so that "Apply" needs no second
    upload; large imports run in a background thread and report progress (done of total).
    """

    __tablename__ = "roster_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    # planning -> planned | needs_confirmation | refused -> applying -> applied | refused | failed
    # (needs_confirmation: the only errors are rows that would take over an existing account)
    status: Mapped[str] = mapped_column(String(20), default="planning")
    source_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(100))
    oneroster_version: Mapped[str | None] = mapped_column(String(10))
    report: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    counts: Mapped[dict | None] = mapped_column(JSON)
    change_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    warning_count: Mapped[int] = mapped_column(default=0)
    progress_phase: Mapped[str | None] = mapped_column(String(20))
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    # Account collisions an administrator confirmed ("<sourcedId>#<account id>"), see oneroster/people.py.
    confirmed_links: Mapped[list | None] = mapped_column(JSON)
    # The accounts this import created when applied (ids): "invite everyone this import created".
    created_user_ids: Mapped[list | None] = mapped_column(JSON, deferred=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    planned_at: Mapped[datetime | None]
    applied_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()

    @property
    def running(self) -> bool:
        return self.status in ("planning", "applying")
