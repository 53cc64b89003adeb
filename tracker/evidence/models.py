"""Evidence of learning, its history, and uploaded artifacts."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..extensions import db
from ..rosters.models import Learner
from ..timeutil import utcnow

EVIDENCE_KINDS = ("formative", "summative")
CONTEXTS = ("class", "online", "internship", "project", "other")
SOURCES = ("teacher", "student", "xapi", "import")
STATUSES = ("accepted", "to_review")


class Artifact(db.Model):
    """An uploaded file, stored outside static/ under a random name."""

    __tablename__ = "artifact"

    id: Mapped[int] = mapped_column(primary_key=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(db.Model):
    """One observation of a learner on a competency."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_learner_competency_observed", "learner_id", "competency_id", "observed_on"),
        Index("ix_evidence_competency_learner", "competency_id", "learner_id"),
        # A learner's latest evidence first (the student page's recent feedback) without sorting it all.
        Index("ix_evidence_learner_observed", "learner_id", "observed_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="teacher")
    status: Mapped[str] = mapped_column(String(20), default="accepted")
    observed_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20), default="formative")
    level: Mapped[int | None]  # a level number on the framework's scale; None until reviewed
    feedback: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[str | None] = mapped_column(Text)  # the learner's own words
    # the learner's own view of the level it shows (a student's submission): shown beside the teacher's
    # level, never read by an estimate, a grade or a credit
    self_level: Mapped[int | None]
    context: Mapped[str] = mapped_column(String(20), default="class")
    artifact_id: Mapped[int | None] = mapped_column(ForeignKey("artifact.id"))
    link_url: Mapped[str | None] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    learner: Mapped[Learner] = relationship()
    competency: Mapped[Competency] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])
    artifact: Mapped[Artifact | None] = relationship()


class EvidenceVersion(db.Model):
    """An earlier state of an evidence record, kept when it is edited or deleted."""

    __tablename__ = "evidence_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    version: Mapped[int]
    observed_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None]
    feedback: Mapped[str | None] = mapped_column(Text)
    context: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    link_url: Mapped[str | None] = mapped_column(String(1000))
    artifact_id: Mapped[int | None] = mapped_column(ForeignKey("artifact.id"))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    changed_by: Mapped[User | None] = relationship()
