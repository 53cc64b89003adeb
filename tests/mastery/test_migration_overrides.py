"""Migration b7d2c9e1a3f4 classifies the decisions recorded before it by the override rule, from the
estimate and the cited levels they kept (they have no sentence: nobody was asked)."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.mastery.models import DecisionCitation, MasteryDecision, ValidationRequest

from ..test_migrations import downgrade, empty_database, upgrade  # noqa: F401  (fixture)
from .test_migration_duties import _world

BEFORE = "e1f2a3b4c5d6"

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


def test_earlier_decisions_are_classified_by_the_same_rule(empty_database):  # noqa: F811
    upgrade()
    teacher, _editor, validator, learner, competency = _world()
    piece = evidence_service.create_evidence(teacher, learner, competency, observed_on=date(2026, 9, 1), level=3)
    cases = {  # (outcome, level, estimate) -> the kind the migration should find
        ("mastered", 3, 3.0): None,
        ("mastered", 3, 2.95): "below_mastery",          # shown 2.9
        ("mastered", 4, 3.0): "above_evidence",          # the cited piece is level 3
        ("mastered", 4, 2.0): "below_mastery_above_evidence",
        ("not_yet", None, 2.0): None,
    }
    ids = {}
    for n, (outcome, level, estimate) in enumerate(cases):
        request = ValidationRequest(learner_id=learner.id, competency_id=competency.id, requested_by_id=teacher.id,
                                    status="decided", requested_at=datetime(2026, 9, 2 + n))
        db.session.add(request)
        db.session.flush()
        decision = MasteryDecision(request_id=request.id, learner_id=learner.id, competency_id=competency.id,
                                   validator_id=validator.id, outcome=outcome, level=level, rationale="ok",
                                   estimate_value=estimate, decided_at=datetime(2026, 9, 3 + n))
        decision.citations = [DecisionCitation.of(piece, teacher.id)]
        db.session.add(decision)
        db.session.flush()
        ids[decision.id] = cases[(outcome, level, estimate)]
    db.session.commit()

    downgrade(BEFORE)
    upgrade()

    db.session.expire_all()
    found = {d.id: (d.overrode_estimate, d.override_kind, d.override_rationale)
             for d in db.session.scalars(select(MasteryDecision))}
    assert found == {i: (kind is not None, kind, None) for i, kind in ids.items()}
