"""The latest method comparison of a framework (method_comparison.py), kept so the framework page reads
it instead of replaying the evidence on every view. One row per framework, replaced by each run."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class MethodComparisonResult(db.Model):
    __tablename__ = "method_comparison"

    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    evidence_count: Mapped[int]  # the framework's scored, accepted pieces when it ran (to tell when it is old)
    result: Mapped[dict] = mapped_column(JSON)  # Comparison.as_dict()
