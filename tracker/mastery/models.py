"""Validation requests and summative mastery decisions (calibration is in tracker/calibration/)."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..competencies.models import Competency
from ..evidence.models import Evidence
from ..extensions import db
from ..rosters.models import Learner, Section
from ..timeutil import utcnow

REQUEST_STATUSES = ("open", "decided", "withdrawn")
OUTCOMES = ("mastered", "not_yet")


OPEN = text("status = 'open'")


class ValidationRequest(db.Model):
    """A learner waiting for a validator's decision on a competency.

    At most one request per learner and competency is open: a partial unique index on the
    open ones, so two staff proposing at the same moment cannot both add one.
    """

    __tablename__ = "validation_request"
    __table_args__ = (
        Index("ix_validation_request_status_requested", "status", "requested_at"),
        Index("uq_validation_request_open", "learner_id", "competency_id", unique=True,
              sqlite_where=OPEN, postgresql_where=OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    requested_by_learner: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    competency: Mapped[Competency] = relationship()
    section: Mapped[Section | None] = relationship()
    requested_by: Mapped[User | None] = relationship()


class MasteryDecision(db.Model):
    """A validator's summative decision. Append-only: a later decision supersedes, none is edited.

    request_id is unique, so two validators deciding the same request at once
    cannot both succeed: the database refuses the second. supersedes_id is unique too:
    a decision is superseded at most once, so the history of a learner on a competency
    is one chain.
    """

    __tablename__ = "mastery_decision"
    __table_args__ = (
        UniqueConstraint("request_id"),
        UniqueConstraint("supersedes_id"),
        Index("ix_mastery_decision_learner_competency", "learner_id", "competency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("validation_request.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), index=True)
    validator_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(Text)
    estimate_value: Mapped[float | None]
    estimate_method: Mapped[str | None] = mapped_column(String(30))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("mastery_decision.id"))
    supersede_reason: Mapped[str | None] = mapped_column(Text)
    separation_relaxed: Mapped[bool] = mapped_column(default=False)
    # Decided against the evidence (overrides.py): "mastered" below the estimate's mastery, or a
    # level above every cited piece; estimate_value keeps the estimate as it was.
    overrode_estimate: Mapped[bool] = mapped_column(default=False, server_default=false())
    override_kind: Mapped[str | None] = mapped_column(String(30))
    override_rationale: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[ValidationRequest | None] = relationship()
    learner: Mapped[Learner] = relationship()
    competency: Mapped[Competency] = relationship()
    validator: Mapped[User] = relationship()
    supersedes: Mapped["MasteryDecision | None"] = relationship(remote_side=[id])
    citations: Mapped[list["DecisionCitation"]] = relationship(
        back_populates="decision", cascade="all, delete-orphan"
    )


class DecisionCitation(db.Model):
    """A piece of evidence a decision relied on, as it was when decided.

    The evidence may be edited or deleted afterwards (its history keeps each version); the
    citation keeps the version it cited and a copy of what the validator read: level, date
    observed, kind, feedback and who set the level. `version` is None only for citations
    written without a snapshot (none since migration e52b8f7c3d02, which filled in the older ones).
    """

    __tablename__ = "decision_citation"
    __table_args__ = (UniqueConstraint("decision_id", "evidence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("mastery_decision.id"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    version: Mapped[int | None]  # Evidence.version when decided
    level: Mapped[int | None]
    observed_on: Mapped[date | None]
    kind: Mapped[str | None] = mapped_column(String(20))
    feedback: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # who had set the level

    decision: Mapped[MasteryDecision] = relationship(back_populates="citations")
    evidence: Mapped[Evidence] = relationship()
    author: Mapped[User | None] = relationship()

    @classmethod
    def of(cls, evidence: Evidence, author_id: int | None) -> "DecisionCitation":
        """A citation of the evidence in its present state."""
        return cls(evidence_id=evidence.id, version=evidence.version, level=evidence.level,
                   observed_on=evidence.observed_on, kind=evidence.kind, feedback=evidence.feedback,
                   author_id=author_id)

    @property
    def has_snapshot(self) -> bool:
        return self.version is not None

    @property
    def changed_since(self) -> bool:
        """The cited piece was edited after the decision (deleted is told apart by evidence.deleted_at)."""
        return self.has_snapshot and self.evidence.version != self.version
