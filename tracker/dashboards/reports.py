"""The administrator's continuous-improvement report: facts counted by the database per group of learners
in a fixed number of queries (never read learner by learner: a district has 50,000), figures from
report_metrics, groups under 10 learners hidden by suppression.suppress. Paces are read from the rollups
(standing/rollups.py), not worked out per request."""
from collections import Counter, defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Integer, cast, func, null, select, true

from ..competencies.models import Competency, Framework
from ..counting import count_by_group
from ..extensions import db
from ..mastery.models import MasteryDecision, ValidationRequest
from ..rosters.equity import GENDERS, RACE_ETHNICITIES, label
from ..rosters.members import learner_counts, learner_ids_select
from ..rosters.models import Enrollment, EquityAttributes, Learner, School, Section
from ..standing.rollups import pace_counts
from ..supports.measures import flag_waits
from ..supports.service import refresh_pending
from .report_metrics import Metrics, Tally, measure
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


# The columns that name a learner's groups in the report's queries: a section (its own rows), or the
# learner's school and attributes, and whether it is in the chosen scope.
GROUP_COLUMNS = ("section_id", "in_scope", "school_id", *ATTRIBUTES)
Group = tuple  # ("all",) | ("school", id) | ("section", id) | ("framework", id) | (attribute, value)


@dataclass
class ReportData:
    """The report's facts, counted: the learners and a Tally per group and framework."""

    scope: Scope
    learners: Counter  # group -> learners
    tallies: dict  # group -> {framework id (None: a flag about the whole learner) -> Tally}

    @property
    def learner_count(self) -> int:
        """The learners in scope: the section's, else the school's, else everyone's."""
        return self.learners[("all",)]

    def measure(self, group: Group, framework_id: int | None = None) -> Metrics:
        """The figures for a group, over every framework or one."""
        tallies = self.tallies.get(group, {})
        if framework_id is not None:
            return measure([tallies[framework_id]] if framework_id in tallies else [], self.learners[group])
        return measure(tallies.values(), self.learners[group])


def _groups(scope: Scope):
    """The learners the report counts (active, not educators) with their groups (GROUP_COLUMNS), as two
    subqueries for counting.count_by_group: a row per learner with its school, its attributes and whether
    it is in scope, and a row per section it is enrolled in."""
    if scope.section is not None:
        in_scope = Learner.id.in_(learner_ids_select(scope.section.id, include_inactive=True))
    elif scope.school is not None:
        in_scope = Learner.school_id == scope.school.id
    else:
        in_scope = true()
    counted = (Learner.active.is_(True), Learner.is_educator.is_(False))
    attributes = [getattr(EquityAttributes, name) for name in ATTRIBUTES]
    learners = (select(Learner.id.label("learner_id"), cast(null(), Integer).label("section_id"),
                       in_scope.label("in_scope"), Learner.school_id, *attributes)
                .outerjoin(EquityAttributes, EquityAttributes.learner_id == Learner.id).where(*counted))
    sections = (select(Enrollment.learner_id, Enrollment.section_id, cast(null(), Boolean).label("in_scope"),
                       cast(null(), Integer).label("school_id"),
                       *(cast(null(), column.type).label(column.key) for column in attributes))
                .join(Learner, Learner.id == Enrollment.learner_id).where(Enrollment.active.is_(True), *counted))
    return learners.subquery("report_learners"), sections.subquery("report_sections")


def _groups_of(key: tuple) -> list[Group]:
    """The groups a counted row of learners or facts belongs to (its `GROUP_COLUMNS` values): each row is
    added to all of them in one pass, instead of each unit reading the rows again."""
    values = dict(zip(GROUP_COLUMNS, key))
    if values["section_id"] is not None:
        return [("section", values["section_id"])]
    belongs = [("school", values["school_id"])]
    if values["in_scope"]:
        belongs += [("all",)] + [(name, _recorded(values[name])) for name in ATTRIBUTES]
    return belongs


def _tally(tallies: dict, key: tuple, framework_id: int | None) -> list[Tally]:
    """The tallies a counted row of facts about `framework_id` adds to: its groups', and for learners in
    scope the framework's own (the report's row for the framework)."""
    groups = _groups_of(key)
    if ("all",) in groups:
        groups.append(("framework", framework_id))
    return [tallies[group][framework_id] for group in groups]


def _recorded(value):
    return NOT_RECORDED if value is None or value == "" else value


def load_report(scope: Scope) -> ReportData:
    """Every fact the report needs about active learners, counted by the database per group, in a fixed
    number of queries; each counted row is added to every group it belongs to, in one pass."""
    # First: the learners waiting in the flag_refresh queue are refreshed, flags and rollups both, so
    # the flags and paces read next are current (standing/rollups.py).
    refresh_pending()
    groups = _groups(scope)
    by_learner = list(groups[0].c)[1:]
    learners: Counter = Counter()
    for *key, count in db.session.execute(select(*by_learner, func.count()).group_by(*by_learner)):
        for group in _groups_of(tuple(key)):
            learners[group] += count
    # a section's learners are all it enrolls; in a section's scope, those the report does not count
    # (inactive, educators) are learners with nothing recorded
    for section_id, count in learner_counts([s.id for s in scope.sections], include_inactive=True).items():
        learners[("section", section_id)] = count
    if scope.section is not None:
        others = learners[("section", scope.section.id)] - learners[("all",)]
        learners[("all",)] += others
        for name in ATTRIBUTES:
            learners[(name, NOT_RECORDED)] += others

    tallies: dict = defaultdict(lambda: defaultdict(Tally))
    width = len(GROUP_COLUMNS)
    for key, count in pace_counts(groups).items():
        for tally in _tally(tallies, key[:width], key[width]):
            tally.pace[key[width + 1]] += count
    decided = (select(Competency.framework_id, ValidationRequest.requested_at, MasteryDecision.decided_at,
                      MasteryDecision.outcome)
               .select_from(ValidationRequest)
               .join(MasteryDecision, MasteryDecision.request_id == ValidationRequest.id)
               .join(Competency, Competency.id == ValidationRequest.competency_id))
    for row in count_by_group(groups, decided, ValidationRequest.learner_id):
        key, (framework_id, requested_at, decided_at, outcome, count) = row[:width], row[width:]
        days = max(0.0, (decided_at - requested_at).total_seconds() / DAY)
        for tally in _tally(tallies, key, framework_id):
            tally.validations[(days, outcome == "mastered")] += count
    for waits in flag_waits(groups):
        for tally in _tally(tallies, waits.keys, waits.framework_id):
            tally.supports[(waits.wait, waits.open)] += waits.flags
    return ReportData(scope=scope, learners=learners, tallies={group: dict(by) for group, by in tallies.items()})


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
    framework_id = data.scope.framework.id if data.scope.framework else None
    total = suppress({"all": data.learner_count})
    rows = [GroupRow(None, "all", _("All learners"),
                     None if total.total_hidden else data.measure(("all",), framework_id),
                     "small_total" if total.total_hidden else "shown")]
    for attribute in attribute_names or ATTRIBUTES:
        groups = {group[1]: count for group, count in data.learners.items() if group[0] == attribute and count}
        if attribute in ("english_learner", "iep_504", "free_reduced_lunch"):
            for value in (True, False):
                groups.setdefault(value, 0)
        decision: Suppression = suppress(groups)
        for key in sorted(groups, key=_group_order):
            rows.append(GroupRow(attribute, key, value_label(key),
                                 None if decision.hidden(key) else data.measure((attribute, key), framework_id),
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
    schools = [UnitRow("school", s, s.name, data.measure(("school", s.id), framework_id)) for s in data.scope.schools]
    sections = [UnitRow("section", s, s.label, data.measure(("section", s.id), framework_id))
                for s in data.scope.sections if data.scope.school is None or s.school_id == data.scope.school.id]
    frameworks = [UnitRow("framework", f, f.title, measure(data.tallies.get(("framework", f.id), {}).values(),
                                                          data.learner_count))
                  for f in data.scope.frameworks if not f.is_educator_framework]
    return {"school": schools, "section": sections, "framework": frameworks}
