"""Building progressions: steps, prerequisites (no cycles), target dates, details."""
from datetime import date

import pytest

from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.progressions import authoring, service
from tracker.progressions.models import Prerequisite


def test_create_progression_needs_the_pace_it_names(app, paths, make):
    framework, _ = paths.framework()
    with pytest.raises(FieldProblem) as problem:
        authoring.create_progression(framework, title="P", description=None, pace_mode="target_dates",
                                   weeks_per_step=None, term=None)
    assert problem.value.field == "term_id"
    with pytest.raises(FieldProblem) as problem:
        authoring.create_progression(framework, title="P", description=None, pace_mode="weeks_per_step",
                                   weeks_per_step=None, term=None)
    assert problem.value.field == "weeks_per_step"
    progression = authoring.create_progression(framework, title="  Grade 6 path ", description="",
                                             pace_mode="target_dates", weeks_per_step=None, term=make.term())
    assert progression.title == "Grade 6 path" and progression.steps == []


def test_steps_are_added_at_the_end_moved_and_removed_with_renumbering(app, paths):
    framework, (a, b, c) = paths.framework()
    progression = authoring.create_progression(framework, title="P", description=None,
                                             pace_mode="weeks_per_step", weeks_per_step=1.5, term=None)
    for competency in (a, b, c):
        authoring.add_step(progression, competency)
    assert [(s.position, s.competency.code) for s in progression.steps] == [(1, "C.1"), (2, "C.2"), (3, "C.3")]
    assert authoring.move_step(progression, progression.steps[2], "up")
    assert [s.competency.code for s in sorted(progression.steps, key=lambda s: s.position)] == ["C.1", "C.3", "C.2"]
    assert not authoring.move_step(progression, progression.steps[0], "up")  # already first
    authoring.remove_step(progression, progression.steps[0])
    assert [(s.position, s.competency.code) for s in progression.steps] == [(1, "C.3"), (2, "C.2")]
    assert [c.code for c in service.addable_competencies(progression)] == ["C.1"]


def test_a_step_must_come_from_the_framework_and_only_once(app, paths):
    framework, (a, *_rest) = paths.framework()
    _other, (foreign, *_more) = paths.framework(codes=("X.1",))
    progression = paths.progression(framework, [a])
    with pytest.raises(FieldProblem, match="already a step"):
        authoring.add_step(progression, a)
    with pytest.raises(FieldProblem, match="Choose a competency from"):
        authoring.add_step(progression, foreign)


def test_the_framework_cannot_change_under_existing_steps(app, paths):
    framework, (a, *_rest) = paths.framework()
    other, _ = paths.framework()
    progression = paths.progression(framework, [a])
    with pytest.raises(FieldProblem) as problem:
        authoring.update_progression(progression, framework=other, title="P", description=None,
                                   pace_mode="weeks_per_step", weeks_per_step=1, term=None, active=True)
    assert problem.value.field == "framework_id"
    assert progression.framework_id == framework.id


def test_a_prerequisite_that_closes_a_cycle_is_refused_naming_the_cycle(app, paths):
    framework, (rp1, rp2, rp3) = paths.framework(codes=("MATH.6.RP.1", "MATH.6.RP.2", "MATH.6.RP.3"))
    authoring.add_prerequisite(rp2, rp1)  # RP.1 before RP.2
    with pytest.raises(FieldProblem) as problem:
        authoring.add_prerequisite(rp1, rp2)  # RP.2 before RP.1: a loop
    assert "MATH.6.RP.2 → MATH.6.RP.1 → MATH.6.RP.2" in problem.value.message
    assert problem.value.field == "prerequisite_id"
    authoring.add_prerequisite(rp3, rp2)
    with pytest.raises(FieldProblem) as problem:
        authoring.add_prerequisite(rp1, rp3)
    assert "MATH.6.RP.3 → MATH.6.RP.1 → MATH.6.RP.2 → MATH.6.RP.3" in problem.value.message
    assert db.session.query(Prerequisite).count() == 2


def test_duplicate_and_self_prerequisites_are_refused(app, paths):
    framework, (a, b, _c) = paths.framework()
    authoring.add_prerequisite(b, a)
    with pytest.raises(FieldProblem, match="already a prerequisite"):
        authoring.add_prerequisite(b, a)
    with pytest.raises(FieldProblem, match="its own prerequisite"):
        authoring.add_prerequisite(a, a)


def test_prerequisites_of_a_published_framework_do_not_change(app, paths):
    framework, (a, b, _c) = paths.framework(status="published")
    with pytest.raises(FieldProblem, match="new version"):
        authoring.add_prerequisite(b, a)
    edge = Prerequisite(competency=b, prerequisite=a)
    db.session.add(edge)
    db.session.flush()
    with pytest.raises(FieldProblem, match="new version"):
        authoring.remove_prerequisite(edge)


def test_target_dates_must_be_dates_inside_the_term_and_bad_ones_change_nothing(app, paths, make):
    term = make.term(starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15), name="Fall 2026")
    framework, competencies = paths.framework()
    progression = paths.progression(framework, competencies, pace_mode="target_dates", term=term)
    s1, s2, s3 = progression.steps
    errors = authoring.set_target_dates(progression, {s1.id: "2026-09-10", s2.id: "10/09/2026",
                                                    s3.id: "2027-03-01"})
    messages = dict(errors)
    assert set(messages) == {s2.id, s3.id}
    assert "Step 2 (C.2)" in messages[s2.id] and "10/09/2026" in messages[s2.id]
    assert "outside Fall 2026" in messages[s3.id]
    assert s1.target_date is None  # nothing saved while anything is wrong
    assert authoring.set_target_dates(progression, {s1.id: "2026-09-10", s2.id: "", s3.id: "2026-12-01"}) == []
    assert (s1.target_date, s2.target_date, s3.target_date) == (date(2026, 9, 10), None, date(2026, 12, 1))


def test_framework_competencies_come_in_tree_order(app, paths):
    from tracker.competencies.models import Competency

    framework, (domain_a, domain_b, _c) = paths.framework()
    child = Competency(framework=framework, parent_id=domain_a.id, code="C.1.a", statement="child", position=0)
    db.session.add(child)
    db.session.flush()
    codes = [c.code for c in service.framework_competencies(framework.id)]
    assert codes.index("C.1.a") == codes.index("C.1") + 1 and codes.index("C.2") > codes.index("C.1.a")
