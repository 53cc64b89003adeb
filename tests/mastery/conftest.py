"""Factories for validation requests and decisions: a small class with a scale, a framework,
two competencies, a teacher, two validators, a learner with a login, and evidence."""
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tracker.extensions import db
from tracker.timeutil import utcnow


@dataclass
class ValidationWorld:
    make: object
    teacher: object
    validator: object
    validator_two: object
    student: object
    learner: object
    section: object
    scale: object
    framework: object
    competency: object
    competency_two: object
    evidence: list = field(default_factory=list)

    def add_evidence(self, learner=None, competency=None, *, level=3, recorded_by=None, days_ago=5, **kw):
        from tracker.evidence.models import Evidence

        evidence = Evidence(learner_id=(learner or self.learner).id,
                            competency_id=(competency or self.competency).id,
                            recorded_by_id=(recorded_by or self.teacher).id, level=level,
                            observed_on=date(2026, 10, 1) - timedelta(days=days_ago),
                            feedback=kw.pop("feedback", f"Level {level} work."), **kw)
        db.session.add(evidence)
        db.session.flush()
        self.evidence.append(evidence)
        return evidence

    def add_request(self, learner=None, competency=None, *, requested_by=None, days_ago=0, section=None,
                    by_learner=False, status="open"):
        from tracker.mastery.models import ValidationRequest

        request = ValidationRequest(
            learner_id=(learner or self.learner).id, competency_id=(competency or self.competency).id,
            section_id=(section or self.section).id, requested_by_id=(requested_by or self.teacher).id,
            requested_by_learner=by_learner, status=status,
            requested_at=utcnow() - timedelta(days=days_ago),
        )
        db.session.add(request)
        db.session.flush()
        return request


def build_validation_world(make) -> ValidationWorld:
    from tracker.competencies.models import Competency, Framework, RubricDescriptor
    from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales

    scale = ensure_default_scales()[STANDARD_SCALE]
    framework = Framework(title="Grade 6 Math", scale=scale, status="published", estimate_method="latest",
                          estimate_parameter=None)
    competency = Competency(framework=framework, code="M.6.1", statement="Add and subtract fractions",
                            student_statement="I can add and subtract fractions.", position=1)
    competency.rubric = [RubricDescriptor(level_number=3, descriptor="Adds unlike fractions accurately.")]
    competency_two = Competency(framework=framework, code="M.6.2", statement="Multiply fractions", position=2)
    db.session.add_all([framework, competency, competency_two])
    teacher = make.user("teacher", name="Ana Teacher")
    validator = make.user("validator", name="Grace Validator")
    validator_two = make.user("validator", name="Sam Validator")
    student = make.user("student", name="Maya Student")
    section = make.section(teachers=[teacher], name="Studio 6A")
    learner = make.learner(section, user=student, given_name="Maya", family_name="Student")
    world = ValidationWorld(make=make, teacher=teacher, validator=validator, validator_two=validator_two,
                            student=student, learner=learner, section=section, scale=scale,
                            framework=framework, competency=competency, competency_two=competency_two)
    world.add_evidence(level=2, days_ago=20)
    world.add_evidence(level=3, days_ago=10)
    world.add_evidence(level=3, days_ago=2)
    db.session.commit()
    return world


@pytest.fixture
def vw(make) -> ValidationWorld:
    return build_validation_world(make)
