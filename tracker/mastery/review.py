"""What a validator reads before deciding: the request, the competency and its rubric, the
evidence with artifacts, the computed estimate, and the decisions already made."""
from dataclasses import dataclass

from ..auth import policy
from ..evidence import service as evidence_service
from ..evidence.models import Evidence
from ..timeutil import utcnow
from . import duties, service
from .estimate_display import shown_estimate
from .models import MasteryDecision, ValidationRequest


@dataclass
class RequestReview:
    request: ValidationRequest
    competency: object
    levels: list  # evidence_service.LevelChoice, lowest first, with the rubric where there is one
    evidence: list[Evidence]  # oldest observation first, deleted evidence left out
    estimate: float | None
    decision: MasteryDecision | None  # the decision on this request, once decided
    current_decision: MasteryDecision | None  # the learner's latest decision on the competency
    authored_by_viewer: set[int]  # evidence whose level the viewer set (recorded, edited, reviewed)
    proposed_by_viewer: bool  # the viewer proposed this request (separation of duties)

    @property
    def framework(self):
        return self.competency.framework

    @property
    def scale(self):
        return self.competency.framework.scale

    @property
    def estimate_method(self) -> str:
        return self.framework.estimate_method

    @property
    def shown_estimate(self):
        """The estimate as every page shows it (the override rule reads the same number)."""
        return shown_estimate(self.estimate, self.scale.mastery_threshold)

    @property
    def mastery_levels(self) -> list:
        return [level for level in self.levels if level.is_mastery]

    @property
    def age_days(self) -> int:
        return max(0, (utcnow().date() - self.request.requested_at.date()).days)

    @property
    def cited_ids(self) -> set[int]:
        return {c.evidence_id for c in self.decision.citations} if self.decision else set()

    @property
    def scored_count(self) -> int:
        return sum(1 for e in self.evidence if evidence_service.counts_toward_estimate(e))

    def suggested_level(self) -> int:
        """The level the estimate has reached (3.5 has reached 3), but never below the threshold."""
        threshold = self.scale.mastery_threshold
        if self.estimate is None:
            return threshold
        return min(max(int(self.estimate), threshold), self.scale.max_level)


def _authored_by(evidence: list[Evidence], viewer) -> set[int]:
    if viewer is None or not policy.can_decide(viewer):
        return set()
    return {evidence_id for evidence_id, author in duties.level_authors(evidence).items() if author == viewer.id}


def review_request(validation_request: ValidationRequest, viewer) -> RequestReview:
    """Everything the request page shows, in a fixed number of queries."""
    competency = evidence_service.load_competency(validation_request.competency_id)
    evidence = evidence_service.evidence_for_learner_competency(
        validation_request.learner_id, validation_request.competency_id)
    scores = [e.level for e in evidence if evidence_service.counts_toward_estimate(e)]
    decision = (service.decision_for_request(validation_request.id)
                if validation_request.status == "decided" else None)
    return RequestReview(
        request=validation_request,
        competency=competency,
        levels=evidence_service.level_choices(competency),
        evidence=evidence,
        estimate=evidence_service.estimate_for_scores(competency.framework, scores),
        decision=decision,
        current_decision=service.current_decision(validation_request.learner_id,
                                                  validation_request.competency_id),
        authored_by_viewer=_authored_by(evidence, viewer),
        proposed_by_viewer=viewer is not None and validation_request.requested_by_id == viewer.id,
    )
