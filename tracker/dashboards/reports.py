"""The administrator's continuous-improvement report: facts read in a fixed number of queries,
figures from report_metrics, groups under 10 learners hidden by suppression.suppress. Paces are read
from the rollups (standing/rollups.py), not worked out per request."""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..competencies.models import Competency, Framework
from ..extensions import db
from ..mastery.models import MasteryDecision, ValidationRequest
from ..progressions.models import Progression
from ..rosters.equity import GENDERS, RACE_ETHNICITIES, label
from ..rosters.models import Enrollment, EquityAttributes, Learner, School, Section
from ..supports.measures import flag_to_intervention_times
from .report_metrics import LearnerFacts, Metrics, PaceFact, SupportFact, ValidationFact, measure
from ..standing.rollups import paces_of
from .suppression import MINIMUM_GROUP, SUPPRESSED_TEXT, Suppression, suppress

ATTRIBUTES = {
    "english_learner": _l("English learner"),
    "iep_504": _l("IEP or 504 plan"),
    "free_reduced_lunch": _l("Free or reduced-price lunch"),
    "gender": _l("Gender"),
    "race_ethnicity": _l("Race or ethnicity"),
}
NOT_RECORDED = "not_recorded"
RECORDED_VALUES = {**GENDERS, **RACE_ETHNICITIES}
DAY = 86400.0


@dataclass
class Scope:
    schools: list[School]
    sections: list[Section]
    frameworks: list[Framework]
    school: School | None = None
    section: Section | None = None
    framework: Framework | None = None

    @property
    def args(self) -> dict:
        return {key: value.id for key, value in (("school_id", self.school), ("section_id", self.section),
                                                 ("framework_id", self.framework)) if value is not None}


def load_scope(school_id: int | None, section_id: int | None, framework_id: int | None) -> Scope:
    """The filter choices and the chosen school, section and framework (unknown ids are ignored;
    a section outside the chosen school is dropped)."""
    schools = list(db.session.scalars(select(School).where(School.active.is_(True)).order_by(School.name)))
    sections = list(db.session.scalars(select(Section).where(Section.active.is_(True))
                                       .order_by(Section.course_title, Section.name)))
    frameworks = list(db.session.scalars(select(Framework).where(Framework.status != "retired")
                                         .order_by(Framework.title, Framework.id)))
    scope = Scope(schools=schools, sections=sections, frameworks=frameworks)
    scope.school = next((s for s in schools if s.id == school_id), None)
    scope.section = next((s for s in sections if s.id == section_id and (
        scope.school is None or s.school_id == scope.school.id)), None)
    scope.framework = next((f for f in frameworks if f.id == framework_id), None)
    return scope


@dataclass
class ReportData:
    scope: Scope
    facts: dict[int, LearnerFacts]
    attributes: dict[int, dict]  # learner id -> {attribute: value or None}
    learner_school: dict[int, int]
    section_members: dict[int, set[int]]

    @property
    def learner_ids(self) -> set[int]:
        """The learners in scope: the section's, else the school's, else everyone's."""
        if self.scope.section is not None:
            return set(self.section_members.get(self.scope.section.id, set()))
        if self.scope.school is not None:
            return {lid for lid, school in self.learner_school.items() if school == self.scope.school.id}
        return set(self.learner_school)


def load_report(scope: Scope) -> ReportData:
    """Every fact the report needs about active learners, in a fixed number of queries."""
    learners = select(Learner.id).where(Learner.active.is_(True), Learner.is_educator.is_(False))
    rows = db.session.execute(
        select(Learner.id, Learner.school_id, EquityAttributes.english_learner, EquityAttributes.iep_504,
               EquityAttributes.free_reduced_lunch, EquityAttributes.gender, EquityAttributes.race_ethnicity)
        .outerjoin(EquityAttributes, EquityAttributes.learner_id == Learner.id)
        .where(Learner.active.is_(True), Learner.is_educator.is_(False))).all()
    attributes = {r.id: {name: getattr(r, name) for name in ATTRIBUTES} for r in rows}
    learner_school = {r.id: r.school_id for r in rows}
    members: dict[int, set[int]] = defaultdict(set)
    for section_id, learner_id in db.session.execute(
            select(Enrollment.section_id, Enrollment.learner_id).where(Enrollment.active.is_(True))):
        members[section_id].add(learner_id)

    facts = {lid: LearnerFacts(lid) for lid in learner_school}
    # First: it refreshes the learners waiting in the flag_refresh queue, flags and rollups both, so the
    # paces read next are current (standing/rollups.py) without working out one here.
    flags = flag_to_intervention_times()
    for lid, paces in paces_of(learners).items():
        if lid in facts:
            facts[lid].paces.extend(PaceFact(framework_id, state) for framework_id, state in paces)
    for lid, framework_id, requested_at, decided_at, outcome in db.session.execute(
            select(ValidationRequest.learner_id, Competency.framework_id, ValidationRequest.requested_at,
                   MasteryDecision.decided_at, MasteryDecision.outcome)
            .join(MasteryDecision, MasteryDecision.request_id == ValidationRequest.id)
            .join(Competency, Competency.id == ValidationRequest.competency_id)
            .where(ValidationRequest.learner_id.in_(learners))):
        if lid in facts:
            days = max(0.0, (decided_at - requested_at).total_seconds() / DAY)
            facts[lid].validations.append(ValidationFact(framework_id, days, outcome == "mastered"))
    competency_framework = dict(db.session.execute(select(Competency.id, Competency.framework_id)).all())
    progression_framework = dict(db.session.execute(select(Progression.id, Progression.framework_id)).all())
    for flag in flags:
        if flag.learner_id not in facts:
            continue
        framework_id = competency_framework.get(flag.competency_id) or progression_framework.get(flag.progression_id)
        facts[flag.learner_id].supports.append(SupportFact(framework_id, flag.wait, flag.resolved_at is None))
    return ReportData(scope=scope, facts=facts, attributes=attributes, learner_school=learner_school,
                      section_members=members)


# Groups ---------------------------------------------------------------------------------------

@dataclass
class GroupRow:
    attribute: str | None  # None for "all learners"
    key: object
    label: str
    metrics: Metrics | None  # None when suppressed
    reason: str  # suppression reason ("shown" when shown)

    @property
    def suppressed(self) -> bool:
        return self.metrics is None


def value_label(value) -> str:
    if value is None or value == NOT_RECORDED:
        return _("Not recorded")
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return label(RECORDED_VALUES, value)  # "female" → "Female" ("Femenino"); an imported value as it came


def subgroup_rows(data: ReportData, attribute_names=None) -> list[GroupRow]:
    """"All learners" then each attribute's groups, with suppression applied per attribute."""
    learner_ids = data.learner_ids
    framework_id = data.scope.framework.id if data.scope.framework else None
    total = suppress({"all": len(learner_ids)})
    rows = [GroupRow(None, "all", _("All learners"),
                     None if total.total_hidden else measure(data.facts, learner_ids, framework_id),
                     "small_total" if total.total_hidden else "shown")]
    for attribute in attribute_names or ATTRIBUTES:
        groups: dict[object, set[int]] = defaultdict(set)
        for lid in learner_ids:
            value = data.attributes.get(lid, {}).get(attribute)
            groups[NOT_RECORDED if value is None or value == "" else value].add(lid)
        if attribute in ("english_learner", "iep_504", "free_reduced_lunch"):
            for value in (True, False):
                groups.setdefault(value, set())
        decision: Suppression = suppress({key: len(ids) for key, ids in groups.items()})
        for key in sorted(groups, key=_group_order):
            rows.append(GroupRow(attribute, key, value_label(key),
                                 None if decision.hidden(key) else measure(data.facts, groups[key], framework_id),
                                 decision.reasons[key]))
    return rows


def _group_order(key):
    if key is True:
        return (0, "")
    if key is False:
        return (1, "")
    if key == NOT_RECORDED:
        return (3, "")
    return (2, str(key).casefold())


def suppressed_text() -> str:
    return _(SUPPRESSED_TEXT, n=MINIMUM_GROUP)


# Units: by school, section, framework -------------------------------------------------------

@dataclass
class UnitRow:
    kind: str  # school | section | framework
    unit: object
    label: str
    metrics: Metrics


def unit_rows(data: ReportData) -> dict[str, list[UnitRow]]:
    """The figures for each school, each section (of the chosen school) and each framework."""
    framework_id = data.scope.framework.id if data.scope.framework else None
    by_school = defaultdict(set)
    for lid, school_id in data.learner_school.items():
        by_school[school_id].add(lid)
    schools = [UnitRow("school", s, s.name, measure(data.facts, by_school[s.id], framework_id))
               for s in data.scope.schools]
    sections = [UnitRow("section", s, s.label, measure(data.facts, data.section_members.get(s.id, set()), framework_id))
                for s in data.scope.sections if data.scope.school is None or s.school_id == data.scope.school.id]
    in_scope = data.learner_ids
    frameworks = [UnitRow("framework", f, f.title, measure(data.facts, in_scope, f.id))
                  for f in data.scope.frameworks if not f.is_educator_framework]
    return {"school": schools, "section": sections, "framework": frameworks}
