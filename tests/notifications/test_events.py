"""Who is told what, from the services where things happen; nobody about a learner they may not see."""
from datetime import date, timedelta

from sqlalchemy import select

from tracker.evidence.submissions import submit_student_evidence
from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.mail.models import OutgoingMail
from tracker.mastery import service as mastery_service
from tracker.notifications import events
from tracker.notifications.models import Notification
from tracker.notifications.service import notification_text, set_preference
from tracker.timeutil import utcnow


def _told(user, kind=None):
    query = select(Notification).where(Notification.recipient_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def _school(make):
    teacher, other_teacher = make.user("teacher"), make.user("teacher")
    student = make.user("student")
    section = make.section(teachers=[teacher])
    make.section(teachers=[other_teacher])
    learner = make.learner(section, user=student, given_name="Maya", family_name="Hernández")
    competency = make.competency(code="M.1", statement="Add fractions")
    return teacher, other_teacher, student, learner, competency


def test_a_students_evidence_is_told_to_their_teachers_only(app, make):
    teacher, other_teacher, student, learner, competency = _school(make)
    submit_student_evidence(student, learner, competency, observed_on=date(2026, 9, 14),
                                             reflection="I did it")
    db.session.commit()
    [told] = _told(teacher)
    assert told.kind == "evidence_submitted" and told.learner_id == learner.id
    assert notification_text(told) == "Maya Hernández submitted evidence on M.1 Add fractions for your review."
    assert told.link.startswith("/evidence/")
    assert _told(other_teacher) == []  # teaches another section: may not see Maya


def test_a_review_is_told_to_the_student_and_a_decision_too(app, make):
    teacher, _other, student, learner, competency = _school(make)
    evidence = submit_student_evidence(student, learner, competency, observed_on=date(2026, 9, 14),
                                                        reflection="I did it")
    evidence_service.review_evidence(teacher, evidence, level=3, feedback="Well explained")
    validator = make.user("validator")
    request = mastery_service.open_request(learner, competency, requested_by=teacher)
    mastery_service.record_decision(request, validator, outcome="mastered", level=3, rationale="Clear",
                                    cited_ids=[evidence.id])
    db.session.commit()
    kinds = [(n.kind, n.text_key) for n in _told(student)]
    assert kinds == [("evidence_feedback", "evidence_feedback"), ("request_decided", "request_decided_mastered")]
    [new_request] = _told(validator)
    assert new_request.kind == "request_new" and new_request.subject_id == request.id


def test_nobody_is_told_about_a_learner_they_may_not_see(app, make):
    _teacher, other_teacher, _student, learner, _competency = _school(make)
    guardian = make.user("guardian")  # not Maya's
    from tracker.notifications.service import notify

    made = notify([other_teacher, guardian], "evidence_submitted", learner=learner, params={})
    assert made == []


def test_switched_off_is_not_told_and_immediate_is_mailed_in_the_readers_language(app, make):
    teacher, _other, student, learner, competency = _school(make)
    second = make.user("teacher", locale="es", email="profe@example.org")
    from tracker.rosters.models import Enrollment, TeachingAssignment

    section_id = db.session.scalar(select(Enrollment.section_id).where(Enrollment.learner_id == learner.id))
    db.session.add(TeachingAssignment(section_id=section_id, user_id=second.id))
    set_preference(teacher, "evidence_submitted", "off")
    set_preference(second, "evidence_submitted", "immediate")
    submit_student_evidence(student, learner, competency, observed_on=date(2026, 9, 14),
                                             reflection="Hecho")
    db.session.commit()
    assert _told(teacher) == []
    [told] = _told(second)
    assert told.mailed_at is not None
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.to_address == "profe@example.org"))
    assert "Maya Hernández envió evidencias sobre M.1 Add fractions para que las revises." in mail.body_text


def test_support_needed_is_one_notification_per_teacher_naming_the_learners(app, make):
    from tracker.supports.service import recompute_flags

    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    framework = make.framework()
    competency = make.competency(framework=framework)
    learners = [make.learner(section, given_name=name, family_name="Test") for name in ("Ana", "Ben", "Cleo")]
    for learner in learners:  # three "not yet" in a row: a flag each
        for days in (3, 2, 1):
            make.evidence(learner, competency, level=1, observed_on=date.today() - timedelta(days=days))
    db.session.commit()
    recompute_flags([learner.id for learner in learners])
    db.session.commit()
    [told] = _told(teacher, "support_needed")
    assert notification_text(told) == "These learners of yours need support: Ana Test, Ben Test, Cleo Test."
    recompute_flags([learner.id for learner in learners])  # the same flags, kept: nobody told again
    db.session.commit()
    assert len(_told(teacher, "support_needed")) == 1


def test_a_long_list_of_learners_is_cut_and_counted(app, make):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section, given_name=f"L{n:02d}", family_name="Test") for n in range(11)]
    events.flags_raised([learner.id for learner in learners])
    [told] = _told(teacher, "support_needed")
    assert notification_text(told).endswith("L07 Test and 3 more.")


def test_a_request_past_the_target_is_told_to_validators_once(app, make):
    _teacher, _other, _student, learner, competency = _school(make)
    validator, admin = make.user("validator"), make.user("admin")
    request = mastery_service.open_request(learner, competency, requested_by=make.user("teacher"))
    request.requested_at = utcnow() - timedelta(days=8)
    from tracker.settings import service as settings

    settings.set_value("validation_target_days", 10)  # the school's target, set on the settings page
    assert events.overdue_requests() == 0
    settings.set_value("validation_target_days", 5)
    db.session.commit()
    assert events.overdue_requests() == 2  # the validator and the admin
    assert len(_told(admin, "request_overdue")) == 1
    assert events.overdue_requests() == 0  # once per request
    db.session.commit()
    [told] = _told(validator, "request_overdue")
    assert "has waited 8 days" in notification_text(told) and "target is 5 days" in notification_text(told)
