"""Rollups (tracker/standing/rollups.py) are kept current by the one flag refresh: after each kind of
change a learner's rollup is stale (the learner waits in the queue, the row still says the old figure)
until the queue's job runs, then current; and the admin report's figures read from them are the same
as worked out afresh from the standing engine, over the whole demo school."""
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tracker.dashboards import reports
from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.progressions import placement as placement_service
from tracker.rosters.models import Enrollment, Learner
from tracker.settings import service as settings
from tracker.standing.engine import standings_for
from tracker.standing.models import LearnerRollup, PlacementRollup
from tracker.supports.models import FlagRefresh
from tracker.timeutil import today

from ..supports.conftest import build_support_world
from ..supports.test_refresh import edit_pace


@pytest.fixture
def sw(make):
    world = build_support_world(make)
    db.session.commit()
    return world


def recent(days: int):
    return today() - timedelta(days=days)


def rollup(learner) -> tuple:
    """What the rollups say of a learner: (steps mastered, last evidence, [(progression, pace, mastered, steps)])."""
    row = db.session.get(LearnerRollup, learner.id, populate_existing=True)
    placements = db.session.execute(
        select(PlacementRollup.progression_id, PlacementRollup.pace_state, PlacementRollup.steps_mastered,
               PlacementRollup.steps_total).where(PlacementRollup.learner_id == learner.id)
        .order_by(PlacementRollup.progression_id)).all()
    return None if row is None else (row.steps_mastered, row.last_evidence_on, [tuple(p) for p in placements])


def queued(learner) -> bool:
    return db.session.scalar(select(func.count()).select_from(FlagRefresh)
                             .where(FlagRefresh.learner_id == learner.id)) == 1


def stale_then_current(learner, change, run_queued_jobs):
    """Make the change and commit: the learner is queued and its rollup unchanged; the queue's refresh
    runs: the rollup moved. Returns (before, after)."""
    run_queued_jobs(scheduled=True)
    before = rollup(learner)
    assert not queued(learner)
    change()
    db.session.commit()
    assert queued(learner) and rollup(learner) == before  # stale
    run_queued_jobs(scheduled=True)
    after = rollup(learner)
    assert not queued(learner) and after != before  # current
    return before, after


def test_evidence_moves_the_last_evidence_day(sw, run_queued_jobs):
    learner = sw.learner(placed_on=today())
    db.session.commit()
    before, after = stale_then_current(learner, lambda: evidence_service.create_evidence(
        sw.teacher, learner, sw.a, observed_on=recent(2), level=2), run_queued_jobs)
    assert before[1] is None and after[1] == recent(2)


def test_a_decision_moves_the_steps_mastered(sw, run_queued_jobs):
    learner = sw.learner(placed_on=today())
    db.session.commit()
    before, after = stale_then_current(learner, lambda: sw.decide(learner, sw.a, on=recent(1)), run_queued_jobs)
    assert before[0] == 0 and after[0] == 1 and after[2][0][2:] == (1, 4)


def test_a_placement_adds_a_row(sw, run_queued_jobs):
    learner = sw.learner(placed_on=False)
    db.session.commit()
    before, after = stale_then_current(learner, lambda: placement_service.place_learner(
        learner, sw.progression, start_position=1, reason="Start", placed_by=sw.teacher), run_queued_jobs)
    # a new learner has nothing to roll up until a change queues it (as for its flags)
    assert before is None and [p[0] for p in after[2]] == [sw.progression.id]


def test_a_progression_edit_moves_the_pace(sw, run_queued_jobs):
    learner = sw.learner(placed_on=recent(70))
    evidence_service.create_evidence(sw.teacher, learner, sw.d, observed_on=recent(1), level=3)
    db.session.commit()
    before, after = stale_then_current(learner, lambda: edit_pace(sw, weeks_per_step=30), run_queued_jobs)
    assert before[2][0][1] in ("behind", "far_behind") and after[2][0][1] not in ("behind", "far_behind")


def test_a_pace_setting_moves_the_pace(sw, run_queued_jobs):
    learner = sw.learner(placed_on=recent(70))
    sw.decide(learner, sw.a, on=recent(40))
    db.session.commit()
    before, after = stale_then_current(learner, lambda: settings.save_settings(
        {"pace_ahead_ratio": 1.0, "pace_behind_ratio": 0.05, "pace_far_behind_ratio": 0.01}, sw.teacher),
        run_queued_jobs)
    assert before[2][0][1] != after[2][0][1]


def test_a_learner_who_leaves_keeps_no_rollup(sw, run_queued_jobs):
    learner = sw.learner(placed_on=today())
    db.session.commit()

    def leave():
        learner.active = False

    _before, after = stale_then_current(learner, leave, run_queued_jobs)
    assert after is None
    assert db.session.scalar(select(func.count()).select_from(PlacementRollup)
                             .where(PlacementRollup.learner_id == learner.id)) == 0


def test_the_report_reads_the_same_figures_as_a_fresh_computation_over_the_demo_school(app):
    from tracker.demo.service import load_demo

    load_demo()
    db.session.commit()
    data = reports.load_report(reports.load_scope(None, None, None))  # refreshes the queued learners first
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 0
    learners = select(Learner.id).where(Learner.active.is_(True), Learner.is_educator.is_(False))
    engine = standings_for(learners, with_status=False)
    members = defaultdict(set)
    for section_id, learner_id in db.session.execute(select(Enrollment.section_id, Enrollment.learner_id)
                                                     .where(Enrollment.active.is_(True))):
        members[section_id].add(learner_id)

    def fresh_paces(learner_ids) -> dict:
        """{framework id: Counter of pace states} worked out afresh by the standing engine."""
        paces = defaultdict(Counter)
        for lid in learner_ids:
            for standing in engine.get(lid, []):
                paces[standing.progression.framework_id][standing.pace_state] += 1
        return dict(paces)

    def report_paces(group) -> dict:
        return {framework: +tally.pace for framework, tally in data.tallies.get(group, {}).items() if +tally.pace}

    assert sum(sum(c.values()) for c in fresh_paces(engine).values()) > 100  # the demo school, not an empty one
    assert report_paces(("all",)) == fresh_paces(engine)
    for section_id, learner_ids in members.items():
        assert report_paces(("section", section_id)) == fresh_paces(learner_ids)
    # and the learner rows: steps mastered over every placement
    steps = dict(db.session.execute(select(LearnerRollup.learner_id, LearnerRollup.steps_mastered)
                                    .where(LearnerRollup.learner_id.in_(learners))).all())
    assert steps == {lid: sum(len([s for s in st.progression.steps if s.competency_id in st.mastered_on])
                              for st in engine.get(lid, [])) for lid in db.session.scalars(learners)}
