"""Migration e52b8f7c3d02 on a database that already has what the new constraints forbid:
duplicate open requests (withdrawn, all but the oldest, with an audit event) and citations
without a snapshot (filled from the evidence history as it was when decided)."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from tracker.audit.models import AuditEvent
from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.mastery.models import DecisionCitation, MasteryDecision, ValidationRequest

from ..conftest import Factory
from ..test_migrations import downgrade, empty_database, upgrade  # noqa: F401  (fixture)

BEFORE = "7c1d2e3f4a5b"

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


def _world():
    from tracker.competencies.models import Competency, Framework
    from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales

    make = Factory()
    scale = ensure_default_scales()[STANDARD_SCALE]
    framework = Framework(title="Math", scale=scale, status="published", estimate_method="latest")
    competency = Competency(framework=framework, code="M.1", statement="Fractions", position=1)
    db.session.add_all([framework, competency])
    teacher, editor, validator = make.user("teacher"), make.user("teacher"), make.user("validator")
    learner = make.learner(make.section(teachers=[teacher, editor]))
    db.session.flush()
    return teacher, editor, validator, learner, competency


def test_the_migration_withdraws_duplicates_and_fills_in_snapshots(empty_database):  # noqa: F811
    upgrade()
    teacher, editor, validator, learner, competency = _world()
    piece = evidence_service.create_evidence(teacher, learner, competency, observed_on=date(2026, 9, 1), level=3,
                                             feedback="Solid.")
    evidence_service.edit_evidence(editor, piece, level=4)  # before the decision: the editor set level 4
    request = ValidationRequest(learner_id=learner.id, competency_id=competency.id, requested_by_id=teacher.id,
                                status="decided", requested_at=datetime(2026, 9, 2))
    db.session.add(request)
    db.session.flush()
    decided_at = datetime(2026, 9, 3)
    decision = MasteryDecision(request_id=request.id, learner_id=learner.id, competency_id=competency.id,
                               validator_id=validator.id, outcome="mastered", level=4, rationale="ok",
                               decided_at=decided_at)
    decision.citations = [DecisionCitation(evidence_id=piece.id)]
    db.session.add(decision)
    db.session.flush()
    evidence_service.edit_evidence(teacher, piece, level=1, feedback="Copied.")  # after the decision
    db.session.execute(text("UPDATE evidence_version SET changed_at = :at WHERE version = 1"),
                       {"at": decided_at - timedelta(days=1)})
    db.session.execute(text("UPDATE evidence_version SET changed_at = :at WHERE version = 2"),
                       {"at": decided_at + timedelta(days=1)})
    ids = {"learner": learner.id, "competency": competency.id, "teacher": teacher.id, "editor": editor.id,
           "decision": decision.id, "piece": piece.id}
    db.session.commit()

    downgrade(BEFORE)  # the old schema: duplicates allowed, citations without a snapshot
    for days in (5, 3, 1):
        db.session.execute(text(
            "INSERT INTO validation_request (learner_id, competency_id, requested_by_learner, status, requested_at)"
            " VALUES (:learner, :competency, false, 'open', :at)"),
            {"learner": ids["learner"], "competency": ids["competency"], "at": datetime(2026, 11, 1) - timedelta(days=days)})
    db.session.commit()
    upgrade()

    db.session.expire_all()
    open_ones = db.session.scalars(select(ValidationRequest).where(ValidationRequest.requested_at >= datetime(2026, 10, 1))
                                   .order_by(ValidationRequest.requested_at)).all()
    assert [r.status for r in open_ones] == ["open", "withdrawn", "withdrawn"]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "validation_request.withdraw")
                                .order_by(AuditEvent.object_id)).all()
    assert [e.object_id for e in events] == [open_ones[1].id, open_ones[2].id]
    assert all(e.detail["kept_request_id"] == open_ones[0].id for e in events)
    citation = db.session.scalar(select(DecisionCitation).where(DecisionCitation.decision_id == ids["decision"]))
    assert (citation.version, citation.level, citation.feedback, citation.observed_on, citation.author_id) == (
        2, 4, "Solid.", date(2026, 9, 1), ids["editor"])
    db.session.remove()
