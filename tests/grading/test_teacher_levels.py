"""A teacher's override of an estimate (issue 19): set by hand with a reason, marked wherever the
level shows (through estimate_display), audited, read by grades and credits, ended by new evidence
unless kept."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.grading import service
from tracker.mastery import teacher_levels
from tracker.mastery.estimate_display import SET_BY_TEACHER, SET_BY_TEACHER_KEPT, shown_estimate
from tracker.mastery.teacher_level_model import TeacherLevel

from .world import course, credit, period, scheme


def test_the_display_rule_shows_the_teachers_level_marked():
    assert shown_estimate(2.1, 3, SimpleNamespace(level=3.0, keep=False)).value == 3.0
    shown = shown_estimate(2.1, 3, SimpleNamespace(level=2.96, keep=True))
    assert (shown.text, shown.at_mastery, shown.marker) == ("2.9", False, SET_BY_TEACHER_KEPT)
    assert shown_estimate(None, 3, SimpleNamespace(level=3, keep=False)).marker == SET_BY_TEACHER
    assert shown_estimate(None, 3, SimpleNamespace(level=3, keep=False)).at_mastery  # exactly the threshold
    assert shown_estimate(2.1, 3).marker is None and not shown_estimate(2.1, 3).set_by_teacher


def _one(make):
    framework, competencies = course(make, 5)
    teacher = make.user("teacher")
    learner = make.learner()
    return framework, competencies, teacher, learner


def test_a_level_outside_the_scale_or_without_a_reason_is_refused_naming_the_field(app, make):
    framework, (g1, *_rest), teacher, learner = _one(make)
    scale = framework.scale
    for level, reason, fields in [(scale.max_level + 0.1, "seen in class", ["level"]),
                                  (scale.min_level - 0.1, "seen in class", ["level"]),
                                  (None, "seen in class", ["level"]),
                                  (3, "   ", ["reason"]), (99, "", ["level", "reason"]),
                                  (3, "x" * (teacher_levels.REASON_MAX + 1), ["reason"])]:
        with pytest.raises(FieldProblem) as refused:
            teacher_levels.set_level(teacher, learner, g1, level=level, reason=reason, keep=False)
        assert [field for field, _message in refused.value.problems] == fields
    assert db.session.scalar(select(func.count()).select_from(TeacherLevel)) == 0
    for level in (scale.min_level, scale.max_level):  # both ends of the scale are allowed
        teacher_levels.set_level(teacher, learner, g1, level=level, reason="seen in class", keep=False)
    assert teacher_levels.holding([learner.id])[(learner.id, g1.id)].level == scale.max_level
    assert db.session.scalar(select(func.count()).select_from(TeacherLevel).where(TeacherLevel.ended_at.is_(None))) == 1


def test_new_evidence_ends_it_unless_kept(app, make):
    _f, (g1, g2, *_rest), teacher, learner = _one(make)
    moved = teacher_levels.set_level(teacher, learner, g1, level=3, reason="oral check", keep=False)
    kept = teacher_levels.set_level(teacher, learner, g2, level=2, reason="IEP goal", keep=True)
    make.evidence(learner, g1, level=1, created_at=moved.set_at)  # at the same instant: not newer
    make.evidence(learner, g2, level=4, created_at=kept.set_at + timedelta(seconds=1))
    assert set(teacher_levels.holding([learner.id])) == {(learner.id, g1.id), (learner.id, g2.id)}
    make.evidence(learner, g1, level=1, created_at=moved.set_at + timedelta(microseconds=1))
    assert set(teacher_levels.holding([learner.id])) == {(learner.id, g2.id)}
    assert teacher_levels.holding([learner.id], [g1.id]) == {}
    teacher_levels.remove_level(teacher, learner, g2)
    assert teacher_levels.holding([learner.id]) == {}
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.learner_id == learner.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["teacher_level.set", "teacher_level.set", "teacher_level.removed"]


def test_grades_and_credits_read_the_teachers_level(app, make):
    framework, competencies, teacher, learner = _one(make)
    for competency in competencies[:4]:
        make.decision(learner, competency)
    make.evidence(learner, competencies[4], level=2)
    made = credit(framework, competencies, rule="share", share_percent=100, floor_level=1)
    made_scheme = scheme(framework.scale)
    db.session.flush()
    assert service.grade_lines([learner.id], made, made_scheme)[learner.id].result.grade == "B"
    teacher_levels.set_level(teacher, learner, competencies[4], level=3, reason="showed it orally", keep=False)
    line = service.grade_lines([learner.id], made, made_scheme)[learner.id]
    assert line.result.grade == "A"  # 100 % at 3 or above now, none below 3
    assert [level.marker for level in line.levels] == [None] * 4 + [SET_BY_TEACHER]
    # a level set by hand is a level, not a mastery decision: the credit still needs G.5 mastered
    assert not service.credit_lines([learner.id], [made])[learner.id][0].progress.earned


def test_the_teacher_sets_it_on_the_page_the_student_sees_it_marked(app, make, client, auth):
    framework, competencies = course(make, 3)
    teacher = make.user("teacher")
    student = make.user("student")
    section = make.section(teachers=[teacher])
    learner = make.learner(section=section, user=student)
    make.evidence(learner, competencies[0], level=2)
    credit(framework, competencies)
    scheme(framework.scale)
    period(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    db.session.commit()
    auth.as_user(teacher)
    url = f"/learners/{learner.id}/teacher-level"
    refused = client.post(url, data={"competency_id": competencies[0].id, "level": "9", "reason": "oral"})
    assert refused.status_code == 400 and "The level must be between 1 and 4." in refused.get_data(as_text=True)
    refused = client.post(url, data={"competency_id": competencies[0].id, "level": "3", "reason": ""})
    assert refused.status_code == 400 and "Say why you set this level." in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(TeacherLevel)) == 0
    done = client.post(url, data={"competency_id": competencies[0].id, "level": "3.5", "reason": "oral", "keep": "y"})
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "set by the teacher, kept when new evidence arrives" in page and "3.5" in page
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/grades").get_data(as_text=True)
    assert "set by the teacher, kept when new evidence arrives" in page and "Set a level by hand" not in page
    assert client.post(url, data={"competency_id": competencies[0].id, "level": "4", "reason": "me"}).status_code == 403
    auth.as_user(teacher)
    assert client.post(url + "/remove", data={"competency_id": competencies[0].id}).status_code == 302
    assert "set by the teacher" not in client.get(f"/learners/{learner.id}/grades").get_data(as_text=True)
