"""The report's figures, counted by the database per group (reports.load_report), are the figures worked out
the way the report did before: every learner's facts read one by one (each flag with its wait from the school
calendar, each placement's pace, each decided request) and measured per group in Python. Checked over the
demo school (flags waiting, supported and resolved, interventions, equity attributes, several sections) for
every scope and framework filter, on SQLite and PostgreSQL alike."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

import pytest
from sqlalchemy import func, select

from tracker.calendar.models import NonSchoolDay
from tracker.calendar.service import calendars_for
from tracker.competencies.models import Competency
from tracker.dashboards import reports
from tracker.dashboards.report_metrics import PACE_BUCKETS, Metrics
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision, ValidationRequest
from tracker.progressions.models import Progression
from tracker.rosters.models import Enrollment, EquityAttributes, Learner
from tracker.standing.models import PlacementRollup
from tracker.supports.models import Intervention, SupportFlag
from tracker.supports.survival import Wait, support_curve
from tracker.timeutil import utcnow


@dataclass
class Facts:
    paces: list = field(default_factory=list)  # (framework id, pace state)
    validations: list = field(default_factory=list)  # (framework id, days, mastered)
    supports: list = field(default_factory=list)  # (framework id, Wait, open)


def facts_one_by_one(now: datetime):
    """(facts per learner, attributes per learner, school per learner, members per section), read as the
    report read them before its figures were counted by the database."""
    rows = db.session.execute(
        select(Learner.id, Learner.school_id, *(getattr(EquityAttributes, name) for name in reports.ATTRIBUTES))
        .outerjoin(EquityAttributes, EquityAttributes.learner_id == Learner.id)
        .where(Learner.active.is_(True), Learner.is_educator.is_(False))).all()
    attributes = {r[0]: dict(zip(reports.ATTRIBUTES, r[2:])) for r in rows}
    learner_school = {r[0]: r[1] for r in rows}
    members = defaultdict(set)
    for section_id, learner_id in db.session.execute(
            select(Enrollment.section_id, Enrollment.learner_id).where(Enrollment.active.is_(True))):
        members[section_id].add(learner_id)
    facts = {lid: Facts() for lid in learner_school}
    for lid, framework_id, state in db.session.execute(
            select(PlacementRollup.learner_id, PlacementRollup.framework_id, PlacementRollup.pace_state)):
        if lid in facts:
            facts[lid].paces.append((framework_id, state))
    for lid, framework_id, requested_at, decided_at, outcome in db.session.execute(
            select(ValidationRequest.learner_id, Competency.framework_id, ValidationRequest.requested_at,
                   MasteryDecision.decided_at, MasteryDecision.outcome)
            .join(MasteryDecision, MasteryDecision.request_id == ValidationRequest.id)
            .join(Competency, Competency.id == ValidationRequest.competency_id)):
        if lid in facts:
            days = max(0.0, (decided_at - requested_at).total_seconds() / 86400.0)
            facts[lid].validations.append((framework_id, days, outcome == "mastered"))
    competency_framework = dict(db.session.execute(select(Competency.id, Competency.framework_id)).all())
    progression_framework = dict(db.session.execute(select(Progression.id, Progression.framework_id)).all())
    first = dict(db.session.execute(select(Intervention.flag_id, func.min(Intervention.opened_at))
                                    .where(Intervention.flag_id.is_not(None)).group_by(Intervention.flag_id)).all())
    flags = db.session.scalars(select(SupportFlag)).all()
    calendars = calendars_for({learner_school.get(f.learner_id) for f in flags})
    for flag in flags:
        if flag.learner_id not in facts:
            continue
        until = first.get(flag.id) or flag.resolved_at or now
        days = calendars[learner_school[flag.learner_id]].school_days_between(flag.raised_at.date(), until.date())
        framework_id = competency_framework.get(flag.competency_id) or progression_framework.get(flag.progression_id)
        facts[flag.learner_id].supports.append((framework_id, Wait(days, flag.id in first), flag.resolved_at is None))
    return facts, attributes, learner_school, members


def measure_one_by_one(facts, learner_ids, framework_id=None) -> Metrics:
    def wanted(item):
        return framework_id is None or item[0] == framework_id

    pace = dict.fromkeys(PACE_BUCKETS, 0)
    days, mastered, waits, open_flags, waiting = [], 0, [], 0, 0
    for lid in set(learner_ids):
        learner = facts.get(lid)
        if learner is None:
            continue
        for item in filter(wanted, learner.paces):
            pace[item[1]] += 1
        for item in filter(wanted, learner.validations):
            days.append(item[1])
            mastered += item[2]
        for _framework, wait, still_open in filter(wanted, learner.supports):
            waits.append(wait)
            open_flags += still_open
            waiting += still_open and not wait.supported
    return Metrics(learners=len(set(learner_ids)), pace=pace, decided=len(days), mastered=mastered,
                   median_days_to_validation=median(days) if days else None, support=support_curve(Counter(waits)),
                   open_flags=open_flags, waiting_for_support=waiting)


def figures_one_by_one(scope, now):
    """{(kind, key): Metrics} for the subgroup rows and the units, the old way."""
    facts, attributes, learner_school, members = facts_one_by_one(now)
    if scope.section is not None:
        in_scope = set(members.get(scope.section.id, set()))
    elif scope.school is not None:
        in_scope = {lid for lid, school in learner_school.items() if school == scope.school.id}
    else:
        in_scope = set(learner_school)
    framework_id = scope.framework.id if scope.framework else None
    figures = {("all", "all"): measure_one_by_one(facts, in_scope, framework_id)}
    for attribute in reports.ATTRIBUTES:
        groups = defaultdict(set)
        for lid in in_scope:
            value = attributes.get(lid, {}).get(attribute)
            groups[reports.NOT_RECORDED if value is None or value == "" else value].add(lid)
        if attribute in ("english_learner", "iep_504", "free_reduced_lunch"):
            for value in (True, False):
                groups.setdefault(value, set())
        for key, ids in groups.items():
            figures[(attribute, key)] = measure_one_by_one(facts, ids, framework_id)
    by_school = defaultdict(set)
    for lid, school_id in learner_school.items():
        by_school[school_id].add(lid)
    for school in scope.schools:
        figures[("school", school.id)] = measure_one_by_one(facts, by_school[school.id], framework_id)
    for section in scope.sections:
        if scope.school is None or section.school_id == scope.school.id:
            figures[("section", section.id)] = measure_one_by_one(facts, members.get(section.id, set()), framework_id)
    for framework in scope.frameworks:
        if not framework.is_educator_framework:
            figures[("framework", framework.id)] = measure_one_by_one(facts, in_scope, framework.id)
    return figures


def figures_counted(scope):
    data = reports.load_report(scope)
    figures = {}
    for row in reports.subgroup_rows(data):
        key = ("all", "all") if row.attribute is None else (row.attribute, row.key)
        figures[key] = row.metrics if row.metrics is not None else data.measure(
            ("all",) if row.attribute is None else (row.attribute, row.key),
            scope.framework.id if scope.framework else None)
    for kind, rows in reports.unit_rows(data).items():
        for row in rows:
            figures[(kind, row.unit.id)] = row.metrics
    return figures


@pytest.fixture
def demo_school(app):
    from tracker.demo.service import load_demo

    load_demo()
    db.session.commit()
    reports.load_report(reports.load_scope(None, None, None))  # refreshes every queued learner
    db.session.commit()
    learners = list(db.session.scalars(select(Learner).where(Learner.is_educator.is_(False)).order_by(Learner.id)))
    # waits of every kind beside the demo's: an open flag under a break, one resolved unsupported, an old one
    # supported weeks later, one inactive learner (enrolled in a section: counted there, its flags not counted)
    now = utcnow()
    calendar_school = learners[0].school_id
    db.session.add(NonSchoolDay(school_id=calendar_school, name="Break", kind="break",
                                starts_on=(now - timedelta(days=9)).date(), ends_on=(now - timedelta(days=6)).date()))
    for n, learner in enumerate(learners[:30]):
        flag = SupportFlag(learner_id=learner.id, kind="stalled", reason="r", raised_at=now - timedelta(days=3 + n),
                           resolved_at=now - timedelta(days=n // 2) if n % 3 == 1 else None)
        db.session.add(flag)
        db.session.flush()
        if n % 3 == 2:
            db.session.add(Intervention(learner_id=learner.id, flag_id=flag.id, kind="reteach", provider="Ana",
                                        plan="p", starts_on=date.today(), opened_at=now - timedelta(days=n // 3)))
        if n % 4 == 0:  # attributes typed empty, not recorded, and a learner with none at all
            equity = learner.equity or EquityAttributes(learner_id=learner.id)
            equity.english_learner, equity.gender = (None if n % 8 else True), ""
            equity.race_ethnicity = "" if n % 3 else "Imported value"
            db.session.add(equity)
        elif n == 1 and learner.equity is not None:
            db.session.delete(learner.equity)
    learners[-1].active = False
    db.session.commit()
    return learners


def scopes():
    """Every scope and framework filter the report can be asked for over the demo school."""
    everyone = reports.load_scope(None, None, None)
    asked = [(None, None, None)]
    asked += [(school.id, None, None) for school in everyone.schools]
    asked += [(section.school_id, section.id, None) for section in everyone.sections]
    asked += [(None, None, framework.id) for framework in everyone.frameworks]
    asked += [(everyone.sections[0].school_id, everyone.sections[0].id, everyone.frameworks[0].id)]
    return asked


def test_the_counted_figures_are_the_figures_worked_out_learner_by_learner(demo_school):
    asked = scopes()
    assert len(asked) > 4
    flags = db.session.scalar(select(func.count()).select_from(SupportFlag))
    assert flags >= 30
    for school_id, section_id, framework_id in asked:
        scope = reports.load_scope(school_id, section_id, framework_id)
        counted = figures_counted(scope)  # first: it refreshes the learners queued by the changes above
        old = figures_one_by_one(scope, utcnow())
        assert counted == old, (school_id, section_id, framework_id)
        assert counted[("all", "all")].learners > 0
    everything = figures_counted(reports.load_scope(None, None, None))[("all", "all")]
    assert everything.flags == flags - 1 and everything.supported and everything.open_flags  # the inactive one left out
