"""Factories for support tests: a class on a four-step progression (A → B → C, D alone), 1.5 weeks a step.

The school is judged as of MONDAY (2 November 2026) unless a test says otherwise; the term
runs from 24 August 2026 to 15 January 2027.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest

from tracker.extensions import db

MONDAY = date(2026, 11, 2)


@dataclass
class SupportWorld:
    make: object
    teacher: object
    validator: object
    section: object
    framework: object
    competencies: list
    progression: object
    learners: list = field(default_factory=list)

    @property
    def a(self):
        return self.competencies[0]

    @property
    def b(self):
        return self.competencies[1]

    @property
    def c(self):
        return self.competencies[2]

    @property
    def d(self):
        return self.competencies[3]

    def learner(self, *, placed_on: date | None = None, start_position: int = 1, section=None, **kw):
        """A learner in the section, placed on the progression (unless placed_on is False)."""
        from tracker.progressions.models import Placement

        learner = self.make.learner(section or self.section, **kw)
        if placed_on is not False:
            db.session.add(Placement(learner_id=learner.id, progression_id=self.progression.id,
                                     start_position=start_position, reason="Test",
                                     placed_on=placed_on or date(2026, 10, 26)))
            db.session.flush()
        self.learners.append(learner)
        return learner

    def evidence(self, learner, competency, level, observed_on: date, **kw):
        from tracker.evidence.models import Evidence

        evidence = Evidence(learner_id=learner.id, competency_id=competency.id, level=level,
                            observed_on=observed_on, recorded_by_id=self.teacher.id,
                            feedback=kw.pop("feedback", f"Level {level} work."), **kw)
        db.session.add(evidence)
        db.session.flush()
        return evidence

    def decide(self, learner, competency, outcome="mastered", on: date = date(2026, 10, 28)):
        from tracker.mastery.models import MasteryDecision

        decision = MasteryDecision(learner_id=learner.id, competency_id=competency.id, validator_id=self.validator.id,
                                   outcome=outcome, level=3 if outcome == "mastered" else None,
                                   rationale="Shown in class work.", decided_at=datetime.combine(on, time(15)))
        db.session.add(decision)
        db.session.flush()
        return decision


def build_support_world(make, *, title="Math 6") -> SupportWorld:
    from tracker.competencies.models import Competency, Framework
    from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
    from tracker.progressions.models import Prerequisite, Progression, ProgressionStep

    scale = ensure_default_scales()[STANDARD_SCALE]
    framework = Framework(title=title, scale=scale, status="published")
    competencies = [Competency(framework=framework, code=code, statement=f"Statement of {code}",
                               student_statement=f"I can do {code}.", position=n)
                    for n, code in enumerate(("A.1", "B.1", "C.1", "D.1"))]
    progression = Progression(framework=framework, title=f"{title} path", pace_mode="weeks_per_step",
                              weeks_per_step=1.5)
    progression.steps = [ProgressionStep(competency=c, position=n) for n, c in enumerate(competencies, start=1)]
    db.session.add_all([framework, *competencies, progression])
    db.session.add_all([Prerequisite(competency=competencies[1], prerequisite=competencies[0]),
                        Prerequisite(competency=competencies[2], prerequisite=competencies[1])])
    teacher = make.user("teacher", name="Ana Rivera")
    validator = make.user("validator", name="Grace Whitfield")
    section = make.section(teachers=[teacher], name="Studio 6A")
    db.session.flush()
    return SupportWorld(make=make, teacher=teacher, validator=validator, section=section, framework=framework,
                        competencies=competencies, progression=progression)


@pytest.fixture
def sw(make) -> SupportWorld:
    world = build_support_world(make)
    db.session.commit()
    return world


def as_refreshed() -> None:
    """Empty the refresh queue: flags written by hand in a test stand for what the rules raised, so the
    changes that built the world (placements, decisions) must not make the readers recompute them."""
    from tracker.supports.models import FlagRefresh

    db.session.execute(FlagRefresh.__table__.delete())


def days_before(day: date, n: int) -> date:
    return day - timedelta(days=n)


def waits_by_flag(learner_ids=None, *, now=None) -> dict:
    """{flag id: its wait (supports.measures.flag_waits, counted one flag at a time)} of every learner, or
    of these learners, refreshed first as the report does."""
    from sqlalchemy import select

    from tracker.rosters.models import Learner
    from tracker.supports.measures import flag_waits
    from tracker.supports.models import SupportFlag
    from tracker.supports.service import refresh_pending

    refresh_pending(learner_ids)
    learners = select(Learner.id)
    if learner_ids is not None:
        learners = learners.where(Learner.id.in_(learner_ids))
    return {row.keys[0]: row.wait for row in flag_waits([learners.subquery()], (SupportFlag.id,), now=now)}
