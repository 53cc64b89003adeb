"""The projected finish as a range, in words on the student and family pages and as a band on the chart."""
from datetime import datetime, time, timedelta

from tracker.extensions import db
from tracker.mastery.models import MasteryDecision
from tracker.progressions.models import Placement, Progression, ProgressionStep
from tracker.timeutil import today


def test_the_finish_range_is_said_and_drawn(client, auth, make):
    now = today()
    term = make.term(starts_on=now - timedelta(days=200), ends_on=now + timedelta(days=300), name="Year")
    guardian = make.user("guardian")
    teacher = make.user("teacher")
    section = make.section(term=term, teachers=[teacher])
    learner = make.learner(section, guardians=[guardian], given_name="Maya")
    framework = make.framework()
    steps = [make.competency(framework, code=f"S.{n}") for n in range(1, 13)]
    progression = Progression(framework=framework, title="Number sense", pace_mode="weeks_per_step", weeks_per_step=1)
    progression.steps = [ProgressionStep(competency=c, position=n) for n, c in enumerate(steps, start=1)]
    db.session.add(progression)
    db.session.flush()
    db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=1,
                             placed_on=now - timedelta(days=49), reason="Start"))
    validator = make.user("validator")
    for step, days_ago in zip(steps, (42, 35, 14)):  # steps of one, one and three weeks
        db.session.add(MasteryDecision(learner_id=learner.id, competency_id=step.id, validator_id=validator.id,
                                       outcome="mastered", level=3, rationale="Shown.",
                                       decided_at=datetime.combine(now - timedelta(days=days_ago), time(12))))
    db.session.commit()

    auth.as_user(teacher)
    page = client.get(f"/learners/{learner.id}/progress").get_data(as_text=True)
    assert "At this pace, Maya finishes between" in page
    assert "Weeks here are school weeks of five school days" in page
    assert "Likely finish range" in page  # the band on the chart (its JSON block)
    assert "likely finish range" in page  # and its row in the table behind the chart
    auth.as_user(guardian)
    family = client.get(f"/learners/{learner.id}/family").get_data(as_text=True)
    assert "At this pace, Maya finishes between" in family
