"""Planning, changing and closing support, through the pages a teacher uses."""
from datetime import date

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.form_helpers import FieldProblem
from tracker.supports import interventions
from tracker.supports.models import Intervention, SupportFlag


@pytest.fixture
def flagged(sw):
    learner = sw.learner(given_name="Maya", family_name="Hernández")
    flag = SupportFlag(learner_id=learner.id, kind="repeated_not_yet", competency_id=sw.a.id,
                       reason="3 attempts in a row not yet at the mastery level (flag after 3)",
                       reason_template="%(count)d attempts in a row not yet at the mastery level (flag after %(limit)d)",
                       reason_values={"count": 3, "limit": 3})
    db.session.add(flag)
    db.session.commit()
    return learner, flag


def plan_form(**changes):
    data = {"kind": "small_group", "provider": "Ana Rivera", "plan": "Small group on Tuesdays.",
            "starts_on": "2026-11-03", "review_on": "2026-11-17", "status": "active"}
    data.update(changes)
    return data


def test_a_teacher_plans_support_from_a_flag(client, auth, sw, flagged):
    learner, flag = flagged
    auth.as_user(sw.teacher)
    page = client.get(f"/flags/{flag.id}/plan").get_data(as_text=True)
    assert "3 attempts in a row not yet at the mastery level" in page
    assert 'selected value="reteach"' in page  # the kind a repeated "not yet" suggests
    response = client.post(f"/flags/{flag.id}/plan", data=plan_form())
    assert response.status_code == 302 and response.location.endswith(f"/learners/{learner.id}/supports")
    saved = db.session.scalar(select(Intervention))
    assert (saved.flag_id, saved.competency_id, saved.kind, saved.status) == (flag.id, sw.a.id, "small_group", "active")
    assert (saved.starts_on, saved.review_on, saved.opened_by_id) == (date(2026, 11, 3), date(2026, 11, 17), sw.teacher.id)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "intervention")) \
        == "intervention.create"


@pytest.mark.parametrize("changes, field, message", [
    ({"plan": "  "}, "plan", "Write the plan"),
    ({"provider": ""}, "provider", "Say who provides the support."),
    ({"starts_on": "3 November"}, "starts_on", "Enter a date as year-month-day"),
    ({"review_on": "2026-11-01"}, "review_on", "The review date must be on or after the start date."),
    ({"kind": "detention"}, "kind", "Not a valid choice"),
    ({"status": "closed"}, "status", "Not a valid choice"),
])
def test_bad_input_names_the_field_and_saves_nothing(client, auth, sw, flagged, changes, field, message):
    _learner, flag = flagged
    auth.as_user(sw.teacher)
    response = client.post(f"/flags/{flag.id}/plan", data=plan_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="#{field}"' in page and message in page
    assert 'Small group on Tuesdays.' in page or field == "plan"  # what was typed is kept
    assert db.session.scalar(select(Intervention)) is None


def test_support_without_a_flag(client, auth, sw, flagged):
    learner, _flag = flagged
    auth.as_user(sw.teacher)
    response = client.post(f"/learners/{learner.id}/interventions/new",
                           data=plan_form(kind="family_conference", status="planned"))
    assert response.status_code == 302
    saved = db.session.scalar(select(Intervention))
    assert (saved.flag_id, saved.kind, saved.status) == (None, "family_conference", "planned")


def test_changing_then_closing_records_the_outcome(client, auth, sw, flagged):
    learner, flag = flagged
    auth.as_user(sw.teacher)
    client.post(f"/flags/{flag.id}/plan", data=plan_form(status="planned"))
    intervention = db.session.scalar(select(Intervention))
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "Small group on Tuesdays." in page and "Save changes" in page
    response = client.post(f"/interventions/{intervention.id}", data=plan_form(status="active", plan="Twice a week."))
    assert response.status_code == 302
    db.session.expire_all()
    assert (intervention.status, intervention.plan) == ("active", "Twice a week.")

    response = client.post(f"/interventions/{intervention.id}/close", data={"outcome": ""})
    assert response.status_code == 200 and "Write the outcome" in response.get_data(as_text=True)
    db.session.expire_all()
    assert intervention.status == "active" and intervention.closed_at is None
    response = client.post(f"/interventions/{intervention.id}/close", data={"outcome": "Mastered on re-assessment."})
    assert response.status_code == 302
    db.session.expire_all()
    assert (intervention.status, intervention.outcome) == ("closed", "Mastered on re-assessment.")
    assert intervention.closed_at is not None
    # Closed support is history: no more changes.
    page = client.get(f"/interventions/{intervention.id}").get_data(as_text=True)
    assert "Save changes" not in page and "Mastered on re-assessment." in page
    client.post(f"/interventions/{intervention.id}", data=plan_form(plan="Changed later"))
    db.session.expire_all()
    assert intervention.plan == "Twice a week."
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "intervention")
                                      .order_by(AuditEvent.id)))
    assert actions == ["intervention.create", "intervention.edit", "intervention.close"]


def test_the_service_refuses_what_the_form_cannot_see(sw, flagged):
    learner, flag = flagged
    with pytest.raises(FieldProblem) as problem:
        interventions.create_intervention(sw.teacher, learner, kind="tutoring", provider="", plan="",
                                          starts_on=date(2026, 11, 3), review_on=date(2026, 11, 1), flag=flag)
    assert {name for name, _message in problem.value.problems} == {"provider", "plan", "review_on"}
    other = sw.learner()
    with pytest.raises(ValueError):
        interventions.create_intervention(sw.teacher, other, kind="tutoring", provider="Ana", plan="Plan",
                                          starts_on=date(2026, 11, 3), flag=flag)
    saved = interventions.create_intervention(sw.teacher, learner, kind="tutoring", provider="Ana", plan="Plan",
                                              starts_on=date(2026, 11, 3), flag=flag)
    interventions.close_intervention(sw.teacher, saved, outcome="Done.")
    with pytest.raises(FieldProblem):
        interventions.close_intervention(sw.teacher, saved, outcome="Again.")
    with pytest.raises(FieldProblem):
        interventions.update_intervention(sw.teacher, saved, plan="New plan")


def test_a_teacher_of_another_class_cannot_plan(client, auth, sw, flagged, make):
    _learner, flag = flagged
    stranger = make.user("teacher")
    db.session.commit()
    auth.as_user(stranger)
    assert client.get(f"/flags/{flag.id}/plan").status_code == 403
    assert client.post(f"/flags/{flag.id}/plan", data=plan_form()).status_code == 403
    assert db.session.scalar(select(Intervention)) is None
