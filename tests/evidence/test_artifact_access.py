"""Artifacts go only to people who may see the learner, always as a download, never as a page."""
import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.evidence import artifacts
from tracker.extensions import db

from .conftest import PDF_BYTES, a_day, add_evidence, file_storage


@pytest.fixture
def room(classroom, make):
    room = classroom(size=1)
    learner = room.learners[0]
    student = make.user("student")
    guardian = make.user("guardian")
    learner.user_id = student.id
    from tracker.rosters.models import GuardianLink
    db.session.add(GuardianLink(guardian_id=guardian.id, learner_id=learner.id))
    artifact = artifacts.store(file_storage(PDF_BYTES, "ratio work.pdf"), room.teacher)
    evidence = add_evidence(learner, room.competency, 2, a_day(10, 1), artifact=artifact)
    room.extra.update(student=student, guardian=guardian, artifact=artifact, evidence=evidence,
                      stranger_teacher=make.user("teacher"), stranger_student=make.user("student"),
                      stranger_guardian=make.user("guardian"), admin=make.user("admin"))
    db.session.commit()
    return room


@pytest.mark.parametrize("who", ["teacher", "student", "guardian", "admin"])
def test_people_who_may_see_the_learner_download_it_as_an_attachment(client, auth, room, who):
    user = room.teacher if who == "teacher" else room.extra[who]
    auth.as_user(user)
    response = client.get(f"/artifacts/{room.extra['artifact'].id}")
    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "ratio work.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("who", ["stranger_teacher", "stranger_student", "stranger_guardian"])
def test_strangers_are_refused(client, auth, room, who):
    auth.as_user(room.extra[who])
    assert client.get(f"/artifacts/{room.extra['artifact'].id}").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, room):
    response = client.get(f"/artifacts/{room.extra['artifact'].id}")
    assert response.status_code == 302 and "/login" in response.location


def test_an_artifact_without_evidence_is_not_found(client, auth, room):
    loose = artifacts.store(file_storage(PDF_BYTES, "loose.pdf"), room.teacher)
    db.session.commit()
    auth.as_user(room.extra["admin"])
    assert client.get(f"/artifacts/{loose.id}").status_code == 404


def test_an_artifact_of_deleted_evidence_is_for_admins_only(client, auth, room):
    evidence = room.extra["evidence"]
    evidence.deleted_at = evidence.created_at
    db.session.commit()
    auth.as_user(room.teacher)
    assert client.get(f"/artifacts/{room.extra['artifact'].id}").status_code == 404
    auth.as_user(room.extra["admin"])
    assert client.get(f"/artifacts/{room.extra['artifact'].id}").status_code == 200


def test_a_stored_type_that_could_render_is_served_as_bytes(client, auth, room):
    room.extra["artifact"].content_type = "text/html"  # e.g. a row written by an older version
    db.session.commit()
    auth.as_user(room.teacher)
    response = client.get(f"/artifacts/{room.extra['artifact'].id}")
    assert response.headers["Content-Type"] == "application/octet-stream"


def test_staff_downloads_are_audited(client, auth, room):
    auth.as_user(room.teacher)
    client.get(f"/artifacts/{room.extra['artifact'].id}")
    auth.as_user(room.extra["student"])
    client.get(f"/artifacts/{room.extra['artifact'].id}")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learner.view")).all()
    assert [(e.actor_id, e.detail["page"]) for e in events] == [(room.teacher.id, "artifact")]
