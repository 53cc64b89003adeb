"""Estimate rules: a framework's estimate method with its scale, named so that a stored estimate
can say what computed it (`Rule.basis`), and found for many competencies at once."""
from dataclasses import dataclass

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.orm.util import identity_key

from ..competencies.models import Competency, Framework, ProficiencyScale, ScaleLevel
from ..evidence.service import usable_parameter
from ..mastery import estimates


# A method whose calculation changed names the change in the basis, so that summaries stored with the
# old calculation read as stale and are estimated again (power_law was a straight line until it
# followed the published log-log fit).
METHOD_REVISIONS = {"power_law": "loglog"}


@dataclass(frozen=True)
class Rule:
    method: str
    parameter: float | None
    threshold: int
    low: int
    high: int
    min_evidence: int = 1  # the framework's minimum evidence before a level shows

    @property
    def basis(self) -> str:
        method = f"{self.method}/{METHOD_REVISIONS[self.method]}" if self.method in METHOD_REVISIONS else self.method
        # a minimum above 1 is named, so summaries stored before it was set read as stale (the basis of
        # every framework without one stays as it was: nothing to recompute)
        gate = f":min{self.min_evidence}" if self.min_evidence > 1 else ""
        return f"{method}:{self.parameter}:{self.threshold}:{self.low}:{self.high}{gate}"

    def estimate(self, scores: list[int]) -> float | None:
        return estimates.estimate(self.method, scores, parameter=self.parameter, threshold=self.threshold,
                                  min_level=self.low, max_level=self.high,
                                  min_evidence=self.min_evidence) if scores else None


def rule_for(framework: Framework) -> Rule:
    """The estimate rule of a framework whose scale (with its levels) is loaded."""
    scale = framework.scale
    return Rule(framework.estimate_method, usable_parameter(framework.estimate_method, framework.estimate_parameter),
                scale.mastery_threshold, scale.min_level, scale.max_level, framework.min_evidence or 1)


def _rules_statement():
    bounds = (select(ScaleLevel.scale_id, func.min(ScaleLevel.number).label("low"),
                     func.max(ScaleLevel.number).label("high")).group_by(ScaleLevel.scale_id).subquery())
    return (
        select(Competency.id, Framework.estimate_method, Framework.estimate_parameter,
               ProficiencyScale.mastery_threshold, bounds.c.low, bounds.c.high, Framework.min_evidence)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .join(bounds, bounds.c.scale_id == ProficiencyScale.id))


# Built once: statements are immutable, and building this one (a subquery and its columns) cost more
# than running it on every evidence write.
RULES_ALL = _rules_statement()
RULES_OF = RULES_ALL.where(Competency.id.in_(bindparam("competency_ids", expanding=True)))


def rules_by_competency(connection, competency_ids=None) -> dict[int, Rule]:
    """The rule of each competency (of the given ids; of every competency with None)."""
    if competency_ids is None:
        rows = connection.execute(RULES_ALL)
    else:
        rows = connection.execute(RULES_OF, {"competency_ids": list(competency_ids)})
    return {cid: Rule(method, usable_parameter(method, parameter), threshold, low, high, min_evidence or 1)
            for cid, method, parameter, threshold, low, high, min_evidence in rows}


def _loaded(obj, *names) -> bool:
    state = inspect(obj)
    return not state.modified and all(name in state.dict for name in names)


def rules_in_session(session, competency_ids) -> dict[int, Rule]:
    """The rules of those competencies whose framework, scale and levels the session already holds
    unchanged (an evidence write has just loaded them to check the level): no query needed."""
    rules = {}
    for cid in competency_ids:
        competency = session.identity_map.get(identity_key(Competency, cid))
        if competency is None or not _loaded(competency, "framework_id", "framework"):
            continue
        framework = competency.framework
        if framework is None or not _loaded(framework, "estimate_method", "estimate_parameter", "min_evidence", "scale"):
            continue
        scale = framework.scale
        if (not _loaded(scale, "mastery_threshold", "levels") or not scale.levels
                or not all(_loaded(level, "number") for level in scale.levels)):
            continue
        rules[cid] = rule_for(framework)
    return rules
