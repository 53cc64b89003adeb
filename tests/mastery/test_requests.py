"""Asking for validation: a teacher proposes, a learner asks, a second open request is refused."""
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.mastery.models import ValidationRequest


def _requests():
    db.session.expire_all()
    return db.session.scalars(select(ValidationRequest).order_by(ValidationRequest.id)).all()


def propose_url(vw, competency=None):
    return f"/learners/{vw.learner.id}/competencies/{(competency or vw.competency).id}/propose"


def test_teacher_proposes_a_learner_with_a_note(client, auth, vw):
    auth.as_user(vw.teacher)
    page = client.get(propose_url(vw))
    assert page.status_code == 200
    assert "Studio 6A" in page.text

    response = client.post(propose_url(vw), data={"section_id": vw.section.id, "note": "Look at the quiz."})

    assert response.status_code == 302
    [request] = _requests()
    assert (request.learner_id, request.competency_id, request.section_id) == (
        vw.learner.id, vw.competency.id, vw.section.id)
    assert request.requested_by_id == vw.teacher.id and not request.requested_by_learner
    assert request.note == "Look at the quiz." and request.status == "open"
    assert response.location.endswith(f"/validation/requests/{request.id}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "validation_request.create"))
    assert event.actor_id == vw.teacher.id and event.learner_id == vw.learner.id
    assert event.object_id == request.id


def test_a_teacher_may_only_name_a_section_it_teaches(client, auth, make, vw):
    other = make.section(name="Studio 7B")
    db.session.commit()
    auth.as_user(vw.teacher)

    response = client.post(propose_url(vw), data={"section_id": other.id})

    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert _requests() == []


def test_a_second_open_request_is_refused_and_points_to_the_first(client, auth, vw):
    first = vw.add_request(days_ago=3)
    db.session.commit()
    auth.as_user(vw.teacher)

    response = client.post(propose_url(vw), data={"section_id": vw.section.id}, follow_redirects=False)

    assert response.status_code == 302
    assert response.location.endswith(f"/validation/requests/{first.id}")
    page = client.get(response.location)
    assert "already waiting for validation" in page.text
    assert len(_requests()) == 1


def test_a_new_request_is_allowed_once_the_earlier_one_is_decided(client, auth, vw):
    vw.add_request(days_ago=30, status="decided")
    db.session.commit()
    auth.as_user(vw.teacher)

    client.post(propose_url(vw), data={"section_id": vw.section.id})

    assert [r.status for r in _requests()] == ["decided", "open"]


def test_propose_page_says_when_a_request_is_already_waiting(client, auth, vw):
    vw.add_request()
    db.session.commit()
    auth.as_user(vw.teacher)

    page = client.get(propose_url(vw))

    assert "already waiting for a validator" in page.text
    assert "Propose for validation</button>" not in page.text


def test_a_learner_asks_for_itself(client, auth, vw):
    auth.as_user(vw.student)
    form = client.get("/my/requests/new")
    assert form.status_code == 200
    assert "M.6.1" in form.text
    assert "M.6.2" not in form.text  # no evidence on it yet

    response = client.post("/my/requests/new", data={"competency_id": vw.competency.id,
                                                      "note": "My fraction poster shows it."})

    assert response.status_code == 302
    [request] = _requests()
    assert request.requested_by_learner and request.requested_by_id == vw.student.id
    assert request.section_id == vw.section.id
    listing = client.get("/my/requests")
    assert "Waiting for a validator" in listing.text


def test_a_learner_asking_twice_is_told_it_already_asked(client, auth, vw):
    vw.add_request(by_learner=True, requested_by=vw.student)
    db.session.commit()
    auth.as_user(vw.student)

    response = client.post("/my/requests/new", data={"competency_id": vw.competency.id},
                           follow_redirects=True)

    assert "You already asked on" in response.text
    assert len(_requests()) == 1


def test_a_learner_cannot_ask_on_a_competency_without_evidence(client, auth, vw):
    auth.as_user(vw.student)

    response = client.post("/my/requests/new", data={"competency_id": vw.competency_two.id})

    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert db.session.scalar(select(func.count(ValidationRequest.id))) == 0


def test_the_evidence_timeline_leads_to_validation(client, auth, vw):
    timeline = f"/learners/{vw.learner.id}/competencies/{vw.competency.id}/evidence"

    auth.as_user(vw.teacher)
    assert propose_url(vw) in client.get(timeline).text

    auth.as_user(vw.student)
    page = client.get(timeline).text
    assert propose_url(vw) not in page
    assert f"/my/requests/new?competency_id={vw.competency.id}" in page
