"""Placing learners and reading where they stand, from the database."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.audit.models import AuditEvent
from tracker.competencies.models import Competency
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.progressions import placement as placements
from tracker.progressions import service
from tracker.progressions.models import Placement
from tracker.rosters import members


def test_a_re_placement_ends_the_previous_one_and_records_who_and_why(app, paths, make):
    teacher = make.user("teacher")
    learner = make.learner(make.section(teachers=[teacher]))
    framework, competencies = paths.framework()
    progression = paths.progression(framework, competencies)
    first = placements.place_learner(learner, progression, start_position=1, reason="Start of year",
                                     placed_by=teacher)
    second = placements.place_learner(learner, progression, start_position=3, reason="Diagnostic: fractions secure",
                                      placed_by=teacher)
    assert first.ended_at is not None and second.ended_at is None
    assert placements.current_placement(learner.id, progression.id) == second
    assert [p.id for p in placements.placement_history(learner.id, progression.id)] == [second.id, first.id]
    assert second.placed_by == teacher and second.reason == "Diagnostic: fractions secure"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "placement.create")).all()
    assert len(events) == 2 and events[-1].learner_id == learner.id


def test_a_placement_needs_a_step_in_range_and_a_reason(app, paths, make):
    learner = make.learner(make.section())
    framework, competencies = paths.framework()
    progression = paths.progression(framework, competencies)
    with pytest.raises(FieldProblem) as problem:
        placements.place_learner(learner, progression, start_position=4, reason="x", placed_by=None)
    assert problem.value.field == "start_position"
    with pytest.raises(FieldProblem) as problem:
        placements.place_learner(learner, progression, start_position=2, reason="  ", placed_by=None)
    assert problem.value.field == "reason"


def test_the_database_refuses_two_current_placements(app, paths, make):
    learner = make.learner(make.section())
    framework, competencies = paths.framework()
    progression = paths.progression(framework, competencies)
    from datetime import date

    db.session.add_all([Placement(learner=learner, progression=progression, placed_on=date.today()),
                        Placement(learner=learner, progression=progression, placed_on=date.today())])
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_learner_status_uses_decisions_roll_up_and_placement(app, paths, make):
    teacher = make.user("teacher")
    learner = make.learner(make.section(teachers=[teacher]))
    framework, (a, b, c) = paths.framework()
    # b is a competency with two learning targets and an "all" rule.
    b.rollup_rule = "all"
    targets = [Competency(framework=framework, parent_id=b.id, code=f"C.2.{x}", statement=x) for x in "ab"]
    db.session.add_all(targets)
    progression = paths.progression(framework, [a, b, c], edges=[(0, 1), (1, 2)])

    status = placements.learner_status(learner.id, progression)
    assert [s.state for s in status.steps] == ["open", "locked", "locked"]
    assert status.steps[2].unmet == ["C.2"]

    def states():
        return [s.state for s in placements.learner_status(learner.id, progression).steps]

    paths.decide(learner, a)
    paths.decide(learner, targets[0])
    assert states() == ["mastered", "open", "locked"]
    paths.decide(learner, targets[1])
    assert states() == ["mastered", "mastered", "open"]
    # A later "not yet" supersedes a mastered decision on a target: the roll-up no longer holds.
    paths.decide(learner, targets[1], outcome="not_yet")
    assert states() == ["mastered", "open", "locked"]


def test_mid_way_placement_in_the_database(app, paths, make):
    learner = make.learner(make.section())
    framework, competencies = paths.framework(codes=("A", "B", "C", "D"))
    progression = paths.progression(framework, competencies, edges=[(0, 1), (1, 2), (2, 3)])
    placements.place_learner(learner, progression, start_position=3, reason="Diagnostic", placed_by=None)
    status = placements.learner_status(learner.id, progression)
    assert [s.state for s in status.steps] == ["placed_past", "placed_past", "open", "locked"]
    assert status.counts["placed_past"] == 2 and status.counts["mastered"] == 0


def _class_of(make, paths, section, n):
    for _ in range(n):
        learner = make.learner(section)
        placements.place_learner(learner, paths.current_progression, start_position=2, reason="r", placed_by=None)
        paths.decide(learner, paths.current_competencies[0])


def test_class_progress_uses_a_fixed_number_of_queries(app, paths, make, count_queries):
    framework, competencies = paths.framework(codes=tuple(f"K.{i}" for i in range(1, 9)))
    progression = paths.progression(framework, competencies, edges=[(0, 1), (1, 2), (2, 5), (3, 5)])
    paths.current_progression, paths.current_competencies = progression, competencies
    small, large = make.section(), make.section()
    _class_of(make, paths, small, 3)
    _class_of(make, paths, large, 25)
    db.session.commit()
    counts = []
    for section, size in ((small, 3), (large, 25)):
        db.session.expire_all()
        with count_queries() as counter:
            progression = service.load_progression(paths.current_progression.id)
            rows = placements.class_progress(progression, members.section_learners(section, include_inactive=False))
            assert len(rows) == size
            assert all(r.status.counts["placed_past"] == 0 and r.status.counts["mastered"] == 1 for r in rows)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_learner_progressions_lists_placed_ones_and_for_staff_the_others(app, paths, make):
    learner = make.learner(make.section())
    framework, competencies = paths.framework()
    placed = paths.progression(framework, competencies, title="Placed")
    paths.progression(framework, competencies[:1], title="Other")
    placements.place_learner(learner, placed, start_position=1, reason="r", placed_by=None)
    assert [r.progression.title for r in placements.learner_progressions(learner)] == ["Placed"]
    rows = placements.learner_progressions(learner, include_unplaced=True)
    assert [(r.progression.title, r.placement is not None) for r in rows] == [("Other", False), ("Placed", True)]


def test_standings_roll_up_and_read_the_framework_tree_only_for_progressions_that_roll_up(
        app, paths, make, count_queries):
    from tracker.standing.engine import standings_for

    learner = make.learner(make.section())
    framework, (a, b, c) = paths.framework()
    targets = [Competency(framework=framework, parent_id=b.id, code=f"C.2.{x}", statement=x) for x in "ab"]
    db.session.add_all(targets)
    progression = paths.progression(framework, [a, b, c], edges=[(0, 1), (1, 2)])
    placements.place_learner(learner, progression, start_position=1, reason="Start", placed_by=None)
    for competency in (a, *targets):
        paths.decide(learner, competency)
    db.session.commit()

    def read():
        db.session.expire_all()
        with count_queries() as counter:
            standing = standings_for([learner.id])[learner.id][0]
        return [s.state for s in standing.status.steps], counter.count

    states, plain = read()
    assert states == ["mastered", "open", "locked"]  # no rule: b needs its own decision
    b.rollup_rule = "all"
    db.session.commit()
    states, rolling = read()
    assert states == ["mastered", "mastered", "open"]  # both targets mastered: b is, through them
    assert rolling == plain + 1  # the framework's tree is read only now
