"""Credits and grades read from where learners stand (the standing engine and the shown estimates)."""
from datetime import date

import pytest

from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.grading import service

from .world import course, credit, period, place, progression_of, scheme


def test_a_credit_is_earned_on_the_day_the_last_competency_was_shown(app, make):
    framework, competencies = course(make, 3)
    learner = make.learner()
    for n, competency in enumerate(competencies):
        make.decision(learner, competency, decided_days_ago=10 - n)
    saved = credit(framework, competencies)
    line = service.credits_for_learner(learner)[0]
    assert line.credit.id == saved.id and line.progress.earned
    assert line.progress.earned_on == max(service.course_levels([learner.id], [saved])[learner.id][saved.id][i].mastered_on
                                          for i in range(3))


def test_partial_progress_in_words_names_what_is_still_needed(app, make):
    framework, competencies = course(make, 4)
    learner = make.learner()
    make.decision(learner, competencies[0])
    make.decision(learner, competencies[1])
    credit(framework, competencies)
    line = service.credits_for_learner(learner)[0]
    assert line.words == "2 of 4 mastered; needs G.3, G.4"


def test_steps_placed_past_count_toward_a_credit_made_from_a_progression(app, make):
    framework, competencies = course(make, 4)
    progression = progression_of(framework, competencies)
    learner = make.learner()
    place(learner, progression, start_position=3, placed_on=date(2026, 9, 1))  # G.1 and G.2 placed past
    make.decision(learner, competencies[2])
    saved = credit(framework, competencies, progression_id=progression.id)
    levels = service.course_levels([learner.id], [saved])[learner.id][saved.id]
    assert [level.mastered for level in levels] == [True, True, True, False]
    assert levels[0].mastered_on == date(2026, 9, 1)
    # the same competencies as a plain credit (no progression): placement does not count
    plain = credit(framework, competencies, title="Plain")
    assert [lv.mastered for lv in service.course_levels([learner.id], [plain])[learner.id][plain.id]] == [
        False, False, True, False]


def test_estimates_are_the_shown_ones_and_decide_the_grade(app, make):
    framework, competencies = course(make, 5)
    learner = make.learner()
    for competency in competencies[:4]:
        make.decision(learner, competency)
    make.evidence(learner, competencies[4], level=2)  # shown 2.0: below the A floor, at the B floor
    saved = credit(framework, competencies)
    grading = scheme(framework.scale)
    line = service.grade_lines([learner.id], saved, grading)[learner.id]
    assert line.result.grade == "B"
    assert line.result.deciding == ["G.5"]
    assert [(w.name, w.grade) for w in line.what_ifs] == [("G.5", "A")]
    assert service.what_if(line, grading, [competencies[4].id]).grade == "A"


def test_too_little_evidence_gives_no_grade(app, make):
    framework, competencies = course(make, 4)
    learner = make.learner()
    make.evidence(learner, competencies[0], level=3)
    saved = credit(framework, competencies)
    line = service.grade_lines([learner.id], saved, scheme(framework.scale))[learner.id]
    assert line.result.grade is None and not line.result.enough_evidence


def test_bad_definitions_are_refused_naming_the_rule_and_nothing_is_saved(app, make):
    from tracker.grading.models import Credit, GradeScheme, GradingPeriod

    framework, competencies = course(make, 2)
    with pytest.raises(FieldProblem) as refused:
        credit(framework, [], title="Empty")
    assert "Empty" in refused.value.message and refused.value.field == "competency_codes"
    with pytest.raises(FieldProblem) as refused:
        scheme(framework.scale, rows=[("A", 80, 3, None, 4), ("B", 90, 3, 3, 3)])
    assert "“B” can never match" in refused.value.message
    with pytest.raises(FieldProblem) as refused:
        scheme(framework.scale, rows=[("A", 80, 7, None, 4)], title="Impossible")
    assert "“A” can never match" in refused.value.message
    with pytest.raises(FieldProblem) as refused:
        period(starts_on=date(2026, 11, 1), ends_on=date(2026, 10, 1))
    assert refused.value.field == "ends_on" and "Q1" in refused.value.message
    with pytest.raises(FieldProblem) as refused:
        credit(framework, competencies, title="Codes", rule="points", points_needed=5)
    assert "never" in refused.value.message
    db.session.rollback()
    assert not db.session.query(Credit).count() and not db.session.query(GradeScheme).count()
    assert not db.session.query(GradingPeriod).count()


def test_points_are_typed_after_a_colon_and_a_progression_gives_its_steps(app, make):
    from tracker.grading import editing

    framework, competencies = course(make, 3)
    worth = editing.save_credit(None, title="Points", code=None, rule="points", share_percent=None, floor_level=None,
                                points_needed=3, framework_id=framework.id, competency_codes="G.1:2, G.2\nG.3",
                                progression_id=None)
    assert [(p.competency.code, p.points) for p in worth.parts] == [("G.1", 2), ("G.2", 1), ("G.3", 1)]
    learner = make.learner()
    make.decision(learner, competencies[0])
    line = service.credit_lines([learner.id], [worth])[learner.id][0]
    assert line.words == "2 of 3 points; 1 more to earn from: G.2, G.3"
    with pytest.raises(FieldProblem) as refused:
        editing.save_credit(None, title="Bad", code=None, rule="points", share_percent=None, floor_level=None,
                            points_needed=1, framework_id=framework.id, competency_codes="G.1:two",
                            progression_id=None)
    assert refused.value.field == "competency_codes" and "G.1:two" in refused.value.message
    progression = progression_of(framework, competencies[1:])
    stepped = editing.save_credit(None, title="Path", code=None, rule="all", share_percent=None, floor_level=None,
                                  points_needed=None, framework_id=None, competency_codes="",
                                  progression_id=progression.id)
    assert [p.competency.code for p in stepped.parts] == ["G.2", "G.3"] and stepped.progression_id == progression.id


def test_share_credit_words_name_the_floor(app, make):
    framework, competencies = course(make, 5)
    learner = make.learner()
    for competency in competencies[:4]:
        make.decision(learner, competency)
    make.evidence(learner, competencies[4], level=1)
    saved = credit(framework, competencies, rule="share", share_percent=80, floor_level=2)
    line = service.credit_lines([learner.id], [saved])[learner.id][0]
    assert not line.progress.earned
    assert line.words == "4 of 5 mastered; none may be below 2: G.5"
