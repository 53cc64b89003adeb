"""Pace in school time through the standing engine, and calendar changes refreshing flags at once.

Cases from issue 15: the winter break, the late joiner, the re-placement past mastered steps.
"""
from datetime import date, datetime, time, timedelta

import pytest

from tracker.calendar.models import NonSchoolDay
from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision
from tracker.progressions.models import Placement, Progression, ProgressionStep
from tracker.standing.engine import standings_for
from tracker.supports.service import recompute_flags
from tracker.timeutil import today

from ..supports.conftest import build_support_world
from ..supports.test_triggers import open_flags

TERM = (date(2026, 8, 24), date(2027, 6, 11))
BREAK = (date(2026, 12, 21), date(2027, 1, 1))


@pytest.fixture
def school_year(make):
    """A school with a year-long term, a class on a twelve-step progression (a step a school week)."""
    term = make.term(starts_on=TERM[0], ends_on=TERM[1], name="2026-27")
    section = make.section(term=term)
    validator = make.user("validator")
    framework = make.framework()
    steps = [make.competency(framework, code=f"S.{n}") for n in range(1, 13)]
    progression = Progression(framework=framework, title="Steps", pace_mode="weeks_per_step", weeks_per_step=1)
    progression.steps = [ProgressionStep(competency=c, position=n) for n, c in enumerate(steps, start=1)]
    db.session.add(progression)
    db.session.flush()
    return term, section, validator, steps, progression


def place(learner, progression, on, start_position=1):
    db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=start_position,
                             placed_on=on, reason="Test"))
    db.session.flush()


def master(learner, competency, validator, on):
    db.session.add(MasteryDecision(learner_id=learner.id, competency_id=competency.id, validator_id=validator.id,
                                   outcome="mastered", level=3, rationale="Shown.",
                                   decided_at=datetime.combine(on, time(15))))
    db.session.flush()


def the_pace(learner, on):
    return standings_for([learner.id], today=on)[learner.id][0]


def test_winter_break_on_pace_in_school_weeks_reads_on_pace_and_the_break_refreshes_the_flag(make, school_year):
    term, section, validator, steps, progression = school_year
    learner = make.learner(section)
    start, monday = date(2026, 11, 30), date(2027, 2, 1)
    place(learner, progression, start)
    school_weeks = [date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 18), date(2027, 1, 8), date(2027, 1, 15),
                    date(2027, 1, 22), date(2027, 1, 29)]
    for step, day in zip(steps, school_weeks):
        master(learner, step, validator, day)
    db.session.commit()
    without_break = the_pace(learner, monday)
    assert (without_break.pace.expected_steps_by_today, without_break.pace_state) == (9, "behind")
    recompute_flags([learner.id], today=monday)
    assert ("behind_pace", None) in [(f.kind, f.competency_id) for f in _open(learner)]

    db.session.add(NonSchoolDay(school_id=section.school_id, name="Winter break", kind="break",
                                starts_on=BREAK[0], ends_on=BREAK[1]))
    db.session.commit()
    standing = the_pace(learner, monday)
    assert (standing.pace.expected_steps_by_today, standing.pace.steps_mastered) == (7, 7)
    assert standing.pace_state == "on_pace"
    # the break queued the school's learners: the next refresh (no nightly job) drops the flag
    from tracker.supports.service import refresh_pending
    refresh_pending([learner.id], today=monday)
    assert ("behind_pace", None) not in [(f.kind, f.competency_id) for f in _open(learner)]


def _open(learner):
    from sqlalchemy import select

    from tracker.supports.models import SupportFlag
    return list(db.session.scalars(select(SupportFlag).where(SupportFlag.learner_id == learner.id,
                                                             SupportFlag.resolved_at.is_(None))))


def test_a_late_joiner_one_week_in_is_not_far_behind(make, school_year):
    term, section, validator, steps, progression = school_year
    progression.pace_mode, progression.term_id = "target_dates", term.id
    for step in progression.steps:  # a step every two school weeks from the term's first day
        step.target_date = term.starts_on + timedelta(weeks=2 * step.position)
    learner = make.learner(section)
    place(learner, progression, date(2026, 11, 2))
    db.session.commit()
    standing = the_pace(learner, date(2026, 11, 9))
    assert standing.pace_state == "on_pace"
    assert standing.pace.target_shift == 50  # the school days from 24 August to 2 November


def test_re_placement_past_mastered_steps_is_not_ahead(make, school_year):
    term, section, validator, steps, progression = school_year
    progression.weeks_per_step = 1.5
    learner = make.learner(section)
    place(learner, progression, date(2026, 9, 7))
    for step, day in zip(steps[:4], (date(2026, 9, 18), date(2026, 10, 2), date(2026, 10, 16), date(2026, 10, 30))):
        master(learner, step, validator, day)
    first = db.session.query(Placement).filter_by(learner_id=learner.id).one()
    first.ended_at = datetime(2026, 11, 2, 9)
    db.session.flush()
    place(learner, progression, date(2026, 11, 2), start_position=3)  # steps 3 and 4 already mastered
    db.session.commit()
    pace = the_pace(learner, date(2026, 11, 9)).pace
    assert (pace.steps_mastered, pace.steps_total) == (0, 8)  # counted from step 5, the first not mastered
    assert pace.status == "on_pace" and pace.projected_finish is None
    master(learner, steps[4], validator, date(2026, 11, 13))
    db.session.commit()
    later = the_pace(learner, date(2026, 11, 16)).pace  # 10 school days: 1.33 steps expected, 1 mastered
    assert (later.steps_mastered, later.status) == (1, "on_pace")


def test_a_non_school_day_added_edited_or_deleted_refreshes_the_stalled_flag(make):
    world = build_support_world(make)
    learner = world.learner(placed_on=today())
    evidence_service.create_evidence(world.teacher, learner, world.d, observed_on=today() - timedelta(days=25),
                                     level=3)
    db.session.commit()
    assert open_flags(learner) == [("stalled", None)]
    closure = NonSchoolDay(school_id=learner.school_id, name="Flood repairs", kind="closure",
                           starts_on=today() - timedelta(days=24), ends_on=today())
    db.session.add(closure)
    db.session.commit()
    assert open_flags(learner) == []
    closure.starts_on = today()
    db.session.commit()
    assert open_flags(learner) == [("stalled", None)]
    closure.starts_on = today() - timedelta(days=24)
    db.session.commit()
    assert open_flags(learner) == []
    db.session.delete(closure)
    db.session.commit()
    assert open_flags(learner) == [("stalled", None)]
