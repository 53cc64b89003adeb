"""The demo term of evidence: thousands of rows, growth over the term, submissions to review."""
from datetime import date, timedelta

from sqlalchemy import func, select

from tracker.demo import evidence as demo_evidence
from tracker.demo import frameworks, school
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.timeutil import today


def test_demo_evidence_shows_growth_over_the_term(app):
    world = school.build_school()
    frameworks.build(world)
    db.session.flush()
    demo_evidence.build(world)
    db.session.flush()
    total = db.session.scalar(select(func.count(Evidence.id)))
    assert total == world["evidence_count"] and 2000 <= total <= 6000
    first, last = db.session.execute(select(func.min(Evidence.observed_on), func.max(Evidence.observed_on))).one()
    # The term's work slides by whole weeks so that it ends the school week before the load (issue 16)
    shift = timedelta(weeks=demo_evidence.weeks_later(today()))
    assert first >= date(2026, 9, 1) + shift and last <= date(2026, 11, 15) + shift
    assert shift.days % 7 == 0 and (today() - last).days <= 13
    by_kind = dict(db.session.execute(select(Evidence.kind, func.count()).group_by(Evidence.kind)).all())
    assert by_kind["formative"] > 3 * by_kind["summative"] > 0
    waiting = db.session.scalar(select(func.count()).where(Evidence.status == "to_review",
                                                           Evidence.source == "student", Evidence.level.is_(None)))
    assert 10 <= waiting <= 30
    step_ids = [step.competency_id for step in world["math_progression"].steps]
    assert set(db.session.scalars(select(Evidence.competency_id).distinct())) <= set(step_ids)

    def mean_level(start, end):
        return db.session.scalar(select(func.avg(Evidence.level)).where(
            Evidence.observed_on.between(start, end), Evidence.competency_id == step_ids[0]))

    assert mean_level(date(2026, 9, 20) + shift, date(2026, 10, 31) + shift) > mean_level(
        date(2026, 9, 1) + shift, date(2026, 9, 8) + shift)
    assert all(row.feedback for row in db.session.scalars(
        select(Evidence).where(Evidence.source == "teacher").limit(50)))


def test_demo_evidence_without_competencies_does_nothing(app):
    world = school.build_school()
    demo_evidence.build(world)
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
