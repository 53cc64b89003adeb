"""The scale generator, at a tiny size: counts, relations, and that normal inserts still work after it."""
from datetime import date

from sqlalchemy import func, select

from tracker.demo import scale as scale_module
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision
from tracker.rosters.models import Enrollment, GuardianLink, Learner
from tracker.supports.models import FlagRefresh


def test_build_scale_makes_what_it_says(app, monkeypatch):
    monkeypatch.setitem(scale_module.SCALES, "tiny", scale_module.ScaleSpec(
        learners=40, competencies=12, domains=3, evidence_per_learner=36, big_section=40, small_section=5,
        small_framework_competencies=4, progression_steps=6))
    made = scale_module.build_scale("tiny")
    db.session.commit()
    assert db.session.scalar(select(func.count(Learner.id))) == 40
    assert db.session.scalar(select(func.count(GuardianLink.id))) == 40
    assert db.session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.section_id == made["big_section_id"])) == 40
    assert db.session.scalar(select(func.count(Enrollment.id)).where(
        Enrollment.section_id == made["small_section_id"])) == 5
    # 40 learners x 12 competencies x 3 each, plus 5 learners x 4 small-framework competencies x 6.
    assert made["evidence"] == 40 * 36 + 5 * 4 * 6 == db.session.scalar(select(func.count(Evidence.id)))
    assert made["decisions"] == db.session.scalar(select(func.count(MasteryDecision.id)))
    # Every learner built waits for its flag and rollup refresh, on both databases (COPY bypasses the events).
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 40
    levels = set(db.session.scalars(select(Evidence.level).distinct()))
    assert levels <= {1, 2, 3, 4} and len(levels) >= 3
    # Ordinary inserts after the bulk load get fresh ids (sequences moved past the explicit ids).
    learner = db.session.get(Learner, made["first_learner_id"])
    db.session.add(Evidence(learner_id=learner.id, competency_id=db.session.scalar(
        select(Evidence.competency_id).limit(1)), observed_on=date(2026, 11, 20), level=3))
    db.session.add(MasteryDecision(learner_id=learner.id, competency_id=made and db.session.scalar(
        select(Evidence.competency_id).limit(1)), validator_id=db.session.scalar(
        select(MasteryDecision.validator_id).limit(1)), outcome="mastered", level=3, rationale="x"))
    db.session.commit()
