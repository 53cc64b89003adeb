"""Fixtures for the API tests: a small school with a token per role."""
import pytest

from tracker.api.tokens import create_token
from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def school(make):
    scale = ensure_default_scales()[STANDARD_SCALE]
    teacher = make.user("teacher", email="teacher@example.org")
    other_teacher = make.user("teacher")
    student = make.user("student", email="maya@example.org")
    guardian = make.user("guardian")
    admin = make.user("admin")
    mine = make.section(teachers=[teacher])
    theirs = make.section(term=mine.term, teachers=[other_teacher])
    learner = make.learner(mine, user=student, guardians=[guardian], given_name="Maya")
    stranger = make.learner(theirs, given_name="Zed")
    framework = Framework(title="Math", scale=scale, status="published")
    ratios = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, ratios])
    db.session.flush()
    db.session.add(MasteryDecision(learner_id=learner.id, competency_id=ratios.id,
                                   validator_id=admin.id, outcome="mastered", level=3, rationale="ok"))
    tokens = {name: create_token(user, "test")[1] for name, user in
              dict(teacher=teacher, other_teacher=other_teacher, student=student, guardian=guardian,
                   admin=admin).items()}
    db.session.commit()
    return dict(learner=learner, stranger=stranger, framework=framework, ratios=ratios, tokens=tokens,
                teacher=teacher, admin=admin)


