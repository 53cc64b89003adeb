"""A learner's decision history: every decision, grouped by competency, with what superseded it."""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..competencies.models import Competency, Framework
from ..extensions import db
from .models import DecisionCitation, MasteryDecision


@dataclass
class HistoryEntry:
    decision: MasteryDecision
    superseded_by: MasteryDecision | None = None

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None


@dataclass
class CompetencyHistory:
    competency: Competency
    entries: list[HistoryEntry] = field(default_factory=list)  # newest first

    @property
    def current(self) -> MasteryDecision:
        return self.entries[0].decision


def decision_history(learner_id: int) -> list[CompetencyHistory]:
    """Every decision on a learner, grouped by competency, newest first (groups too, by their
    latest decision), each with the decision that superseded it. A fixed number of queries."""
    decisions = db.session.scalars(
        select(MasteryDecision).where(MasteryDecision.learner_id == learner_id)
        .options(
            joinedload(MasteryDecision.validator),
            joinedload(MasteryDecision.competency).joinedload(Competency.framework)
            .joinedload(Framework.scale),
            selectinload(MasteryDecision.citations).joinedload(DecisionCitation.evidence),
        )
        .order_by(MasteryDecision.decided_at.desc(), MasteryDecision.id.desc())
    ).unique().all()
    superseded_by = {d.supersedes_id: d for d in decisions if d.supersedes_id is not None}
    groups: dict[int, CompetencyHistory] = {}
    for decision in decisions:
        group = groups.setdefault(decision.competency_id, CompetencyHistory(decision.competency))
        # Without an explicit supersedes link (older data), a later decision still replaces it.
        later = superseded_by.get(decision.id) or (group.entries[-1].decision if group.entries else None)
        group.entries.append(HistoryEntry(decision, later))
    return list(groups.values())  # the competency decided most recently first
