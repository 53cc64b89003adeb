"""Edits keep every earlier version (who, when); deletes are soft and only admins still see them."""
import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.evidence.models import Evidence, EvidenceVersion
from tracker.extensions import db

from .conftest import a_day, add_evidence


@pytest.fixture
def room(classroom, make):
    room = classroom(size=1)
    room.extra["admin"] = make.user("admin", name="Alex Admin")
    room.extra["evidence"] = add_evidence(room.learners[0], room.competency, 2, a_day(10, 5),
                                          feedback="First try", recorded_by_id=room.teacher.id)
    db.session.commit()
    return room


def edit(client, evidence_id, **overrides):
    data = {"observed_on": "2026-10-05", "kind": "formative", "level": "2", "feedback": "First try",
            "context": "class", "link_url": ""}
    data.update(overrides)
    return client.post(f"/evidence/{evidence_id}/edit", data=data)


def test_each_edit_keeps_the_earlier_version_with_who_and_when(client, auth, room, make):
    evidence_id = room.extra["evidence"].id
    auth.as_user(room.teacher)
    assert edit(client, evidence_id, level="3", feedback="Second look: it holds up").status_code == 302
    co_teacher = make.user("teacher", name="Linh Tran")
    from tracker.rosters.models import TeachingAssignment
    db.session.add(TeachingAssignment(section_id=room.section.id, user_id=co_teacher.id))
    db.session.commit()
    auth.as_user(co_teacher)
    assert edit(client, evidence_id, level="4", feedback="Extended to rates",
                observed_on="2026-10-06").status_code == 302

    db.session.expire_all()
    evidence = db.session.get(Evidence, evidence_id)
    assert (evidence.version, evidence.level, evidence.feedback) == (3, 4, "Extended to rates")
    versions = db.session.scalars(select(EvidenceVersion).order_by(EvidenceVersion.version)).all()
    assert [(v.version, v.level, v.feedback, v.changed_by_id) for v in versions] == [
        (1, 2, "First try", room.teacher.id), (2, 3, "Second look: it holds up", co_teacher.id)]
    assert all(v.changed_at is not None for v in versions)

    page = client.get(f"/evidence/{evidence_id}").get_data(as_text=True)
    assert "History" in page and "First try" in page and "Second look: it holds up" in page
    assert "Ana Rivera" in page and "Linh Tran" in page
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "evidence")
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["evidence.edit", "evidence.edit"]


def test_an_edit_that_changes_nothing_keeps_no_version(client, auth, room):
    auth.as_user(room.teacher)
    edit(client, room.extra["evidence"].id)
    assert db.session.scalar(select(EvidenceVersion)) is None


def test_an_edit_with_a_level_off_the_scale_changes_nothing(client, auth, room):
    auth.as_user(room.teacher)
    page = edit(client, room.extra["evidence"].id, level="9").get_data(as_text=True)
    assert "levels on this competency" in page
    db.session.expire_all()
    assert db.session.get(Evidence, room.extra["evidence"].id).level == 2


def test_soft_delete_hides_evidence_except_from_admins(client, auth, room):
    evidence_id = room.extra["evidence"].id
    learner = room.learners[0]
    add_evidence(learner, room.competency, 3, a_day(10, 20), feedback="Later work")
    db.session.commit()
    timeline = f"/learners/{learner.id}/competencies/{room.competency.id}/evidence"
    auth.as_user(room.teacher)
    assert "First try" in client.get(timeline).get_data(as_text=True)

    assert client.get(f"/evidence/{evidence_id}/delete").status_code == 200
    assert client.post(f"/evidence/{evidence_id}/delete", data={}).status_code == 200  # not confirmed
    assert client.post(f"/evidence/{evidence_id}/delete", data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    evidence = db.session.get(Evidence, evidence_id)
    assert evidence.deleted_at is not None and evidence.deleted_by_id == room.teacher.id
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "evidence.delete"))

    page = client.get(timeline).get_data(as_text=True)
    assert "First try" not in page and "Later work" in page
    assert "Based on 1 scored piece of evidence" in page  # the deleted one no longer counts
    assert "First try" not in client.get(f"/learners/{learner.id}/evidence").get_data(as_text=True)
    assert client.get(f"/evidence/{evidence_id}").status_code == 404
    assert "Show deleted evidence" not in page

    auth.as_user(room.extra["admin"])
    assert "First try" not in client.get(timeline).get_data(as_text=True)
    page = client.get(timeline + "?show_deleted=1").get_data(as_text=True)
    assert "First try" in page and "deleted" in page
    assert "Based on 1 scored piece of evidence" in page  # shown, still not counted
    page = client.get(f"/evidence/{evidence_id}").get_data(as_text=True)
    assert "Deleted on" in page and "Ana Rivera" in page
    assert "1 deleted" in client.get(f"/learners/{learner.id}/evidence?show_deleted=1").get_data(as_text=True)
