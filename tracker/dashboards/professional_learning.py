"""Where staff stand in their professional learning, domain by domain: the admin's view of the
educator-learners on an educator framework (a table of staff by badge domain, the spread of
levels per domain with small-group suppression, and the support the school could offer).

An educator's level in a domain is the highest badge level they have reached there, read as
every page reads levels: a coach's current "mastered" decision gives its level, on the domain or
any of its key questions (roll-ups included, standing.engine.mastery_for); below that, the whole
level of the estimate as pages show it (mastery.estimate_display.shown_estimate, a coach's
hand-set level included) on any of them, up to the level below mastery: the levels from mastery
up are reached by a coach's decision only. None: nothing shown in that domain yet. A fixed
number of statements, whatever the number of educators.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..competencies.domains import Domain, domains_of
from ..competencies.models import Framework, ProficiencyScale
from ..extensions import db
from ..mastery.estimate_display import shown_estimate
from ..mastery.service import current_decisions
from ..mastery.teacher_levels import holding
from ..rosters.models import Learner
from ..standing.engine import mastery_for
from .estimate_rules import rule_for
from .summaries import cells_for, estimates_as_of
from .suppression import MINIMUM_GROUP, suppress

# A domain where at least this share of the educators shown is at the first level (or has no
# level yet) is named as one where the school could offer professional learning.
SUPPORT_SHARE = 0.5


@dataclass
class DomainSpread:
    domain: Domain
    counts: dict  # level number (None: no level yet) -> educators
    hidden: dict  # level number -> True when that count is suppressed
    total_hidden: bool
    needs_support: bool  # most educators at the first level or without one


@dataclass
class StaffLearning:
    framework: Framework | None
    frameworks: list[Framework]
    domains: list[Domain] = field(default_factory=list)
    educators: list[Learner] = field(default_factory=list)
    levels: dict = field(default_factory=dict)  # learner id -> {domain competency id: level or None}
    spreads: list[DomainSpread] = field(default_factory=list)

    @property
    def level_numbers(self) -> list[int]:
        return sorted(level.number for level in self.framework.scale.levels) if self.framework else []

    def label(self, number: int | None) -> str | None:
        return None if number is None else self.framework.scale.label_for(number)


def educator_frameworks() -> list[Framework]:
    return list(db.session.scalars(
        select(Framework).where(Framework.is_educator_framework.is_(True), Framework.status != "draft")
        .options(selectinload(Framework.scale).selectinload(ProficiencyScale.levels))
        .order_by(Framework.title, Framework.id)))


def domain_levels(learner_ids: list[int], framework: Framework, domains: list[Domain],
                  as_of: date | None = None) -> dict[int, dict]:
    """{learner id: {domain competency id: level or None}}: see the module docstring. `as_of`: as the
    records stood at the end of that day."""
    if not learner_ids or not domains:
        return {lid: {} for lid in learner_ids}
    rule = rule_for(framework)
    members = {cid: domain.competency.id for domain in domains for cid in domain.member_ids}
    mastered = mastery_for(learner_ids, {framework.id}, as_of=as_of)
    decided = current_decisions(learner_ids, list(members), as_of=as_of)
    cells = (cells_for(learners=learner_ids, framework_id=framework.id, rule=rule, competency_ids=list(members))
             if as_of is None else estimates_as_of(learner_ids, list(members), lambda _cid: rule, as_of))
    by_teacher = holding(learner_ids, list(members), as_of)
    result = {}
    for lid in learner_ids:
        best: dict[int, int] = {}

        def reach(cid, level):
            domain = members.get(cid)
            if domain is not None and level is not None and level > best.get(domain, 0):
                best[domain] = level

        for cid in mastered.get(lid, {}):
            decision = decided.get((lid, cid))
            # a roll-up has no decision of its own: it stands at the mastery threshold
            reach(cid, decision.level if decision is not None and decision.level else rule.threshold)
        for cid in members:
            cell = cells.get((lid, cid))
            shown = shown_estimate(cell[0] if cell else None, rule.threshold, by_teacher.get((lid, cid)))
            if shown is not None and cid not in mastered.get(lid, {}):
                reach(cid, min(shown.level, rule.threshold - 1))
        result[lid] = {domain.competency.id: best.get(domain.competency.id) for domain in domains}
    return result


def _spread(domain: Domain, levels: dict, numbers: list[int]) -> DomainSpread:
    counts = Counter(by_domain.get(domain.competency.id) for by_domain in levels.values())
    sizes = {number: counts.get(number, 0) for number in [*numbers, None]}
    hidden = suppress(sizes, minimum=MINIMUM_GROUP)
    first = numbers[0] if numbers else None
    total = sum(sizes.values())
    low = sizes.get(first, 0) + sizes[None]
    return DomainSpread(domain, sizes, {k: hidden.hidden(k) for k in sizes}, hidden.total_hidden,
                        needs_support=bool(total) and low / total >= SUPPORT_SHARE)


def staff_learning(framework_id: int | None = None) -> StaffLearning:
    """The admin's view of one educator framework (the chosen one, else the first)."""
    frameworks = educator_frameworks()
    framework = next((f for f in frameworks if f.id == framework_id), frameworks[0] if frameworks else None)
    view = StaffLearning(framework, frameworks)
    if framework is None:
        return view
    view.domains = domains_of(framework)
    view.educators = list(db.session.scalars(
        select(Learner).where(Learner.is_educator.is_(True), Learner.active.is_(True))
        .order_by(Learner.family_name, Learner.given_name, Learner.id)))
    view.levels = domain_levels([e.id for e in view.educators], framework, view.domains)
    view.spreads = [_spread(domain, view.levels, view.level_numbers) for domain in view.domains]
    return view


@dataclass
class DomainLine:
    domain: Domain
    level: int | None
    label: str | None
    descriptor: str | None  # the badge level's words on the framework's scale


def educator_domains(learner: Learner, framework: Framework, as_of: date | None = None) -> list[DomainLine]:
    """The educator's level in each domain of an educator framework, with the badge's words, as the
    admin's view reads it (domain_levels): for the educator's own page (as of a day, when given)."""
    domains = domains_of(framework)
    levels = domain_levels([learner.id], framework, domains, as_of).get(learner.id, {})
    by_number = {level.number: level for level in framework.scale.levels}
    lines = []
    for domain in domains:
        number = levels.get(domain.competency.id)
        level = by_number.get(number)
        lines.append(DomainLine(domain, number, level.label if level else None, level.descriptor if level else None))
    return lines
