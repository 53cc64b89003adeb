"""A per-cell summary of the evidence, kept up to date on every write (see summaries.py)."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class EvidenceSummary(db.Model):
    """One learner on one competency: how much evidence, when last observed, the scores in the
    order observed and the estimate they give. Derived data, never edited by hand: rebuilt from
    the evidence table by `flask --app tracker summaries rebuild` at any time.

    `estimate_basis` names the method, parameter and scale the estimate was computed with; a
    reader whose framework now says otherwise recomputes the estimate from `scores`.
    """

    __tablename__ = "evidence_summary"
    __table_args__ = (
        UniqueConstraint("learner_id", "competency_id"),
        Index("ix_evidence_summary_competency_learner", "competency_id", "learner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"))
    evidence_count: Mapped[int] = mapped_column(default=0)  # every piece not deleted, scored or not
    scored_count: Mapped[int] = mapped_column(default=0)  # accepted pieces with a level: they make the estimate
    scores: Mapped[str] = mapped_column(Text, default="")  # those levels, oldest first: "2,3,3"
    last_observed_on: Mapped[date | None]
    estimate: Mapped[float | None]
    estimate_basis: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def parse_scores(text: str | None) -> list[int]:
    return [int(part) for part in text.split(",")] if text else []
