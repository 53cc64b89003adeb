"""A teacher logs one piece of evidence: the happy path and every way it can be refused."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.evidence.models import Artifact, Evidence
from tracker.extensions import db
from tracker.timeutil import today

from .conftest import PDF_BYTES, make_competency, make_framework, upload


def url(room, competency=None):
    base = f"/learners/{room.learners[0].id}/evidence/new"
    return f"{base}?competency_id={competency.id}" if competency else base


def form(room, **overrides):
    data = {"competency_id": str(room.competency.id), "observed_on": today().isoformat(), "kind": "formative",
            "level": "2", "feedback": "Good table; explain the scale factor next.", "context": "class",
            "link_url": ""}
    data.update(overrides)
    return data


def evidence_count():
    return db.session.scalar(select(func.count(Evidence.id)))


@pytest.fixture
def room(classroom, auth):
    room = classroom()
    auth.as_user(room.teacher)
    return room


def test_picker_then_form_shows_levels_with_rubric_descriptors(client, room):
    page = client.get(url(room)).get_data(as_text=True)
    assert "Step 1 of 2" in page and "RP.1" in page and "Math 6" in page
    page = client.get(url(room, room.competency)).get_data(as_text=True)
    assert 'type="radio" name="level"' in page
    # The competency's own rubric text replaces the scale's words for level 3 only.
    assert "Explains a ratio with a table and words." in page
    assert "Proficient work" not in page
    assert "Developing work" in page
    for label in ("Beginning", "Developing", "Proficient", "Advanced"):
        assert label in page


def test_happy_path_saves_evidence_with_an_artifact_and_audits_it(client, room):
    data = form(room, kind="summative", context="internship", link_url="https://example.org/portfolio",
                artifact=upload(PDF_BYTES, "ratio-work.pdf"))
    response = client.post(url(room, room.competency), data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert f"/competencies/{room.competency.id}/evidence" in response.location
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.level, evidence.kind, evidence.context, evidence.source, evidence.status) == (
        2, "summative", "internship", "teacher", "accepted")
    assert evidence.recorded_by_id == room.teacher.id
    assert evidence.link_url == "https://example.org/portfolio"
    assert evidence.artifact.content_type == "application/pdf"
    assert evidence.artifact.original_name == "ratio-work.pdf"
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "evidence")).all()
    assert actions == ["evidence.create"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"observed_on": (today() + timedelta(days=1)).isoformat()}, "Date observed", "cannot be in the future"),
    ({"observed_on": "not-a-date"}, "Date observed", "Give the date (year-month-day)"),
    ({"level": "5"}, "Level", "levels on this competency"),
    ({"level": ""}, "Level", "Choose a level"),
    ({"link_url": "javascript:alert(1)"}, "Link", "http:// or https://"),
    ({"link_url": "ftp://example.org/file"}, "Link", "http:// or https://"),
])
def test_bad_input_is_refused_with_the_field_named(client, room, overrides, field, message):
    response = client.post(url(room, room.competency), data=form(room, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field in page and message in page
    assert "Good table; explain the scale factor next." in page  # what was typed is kept
    assert evidence_count() == 0


def test_a_competency_not_on_the_list_is_refused(client, room):
    retired = make_framework("Old math", status="retired")
    old = make_competency(retired, "OLD.1")
    db.session.commit()
    for competency_id in (str(old.id), "987654", "abc"):
        response = client.post(url(room), data=form(room, competency_id=competency_id))
        assert response.status_code == 200
        assert "Choose a competency from the list." in response.get_data(as_text=True)
    assert evidence_count() == 0


@pytest.mark.parametrize("data, name, message", [
    (b"<!doctype html><script>alert(document.cookie)</script>", "homework.pdf", "Web pages"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "drawing.svg", "SVG"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "photo.png", "Programs"),
])
def test_disguised_uploads_are_refused_and_nothing_is_saved(client, room, app, data, name, message):
    response = client.post(url(room, room.competency), data=form(room, artifact=upload(data, name)),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert name in page and message in page
    assert evidence_count() == 0
    assert db.session.scalar(select(func.count(Artifact.id))) == 0


def test_an_oversize_upload_is_refused_with_the_limit(client, room, app):
    app.config["ARTIFACT_MAX_BYTES"] = 1024
    response = client.post(url(room, room.competency),
                           data=form(room, artifact=upload(PDF_BYTES + b"x" * 2000, "scan.pdf")),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "larger than the limit of 1 KB" in page
    assert evidence_count() == 0


def test_a_teacher_of_another_section_cannot_log_evidence(client, classroom, make, auth):
    room = classroom()
    stranger = make.user("teacher")
    db.session.commit()
    auth.as_user(stranger)
    assert client.get(url(room)).status_code == 403
    assert client.post(url(room, room.competency), data=form(room)).status_code == 403
    assert evidence_count() == 0


def test_an_unknown_competency_in_the_address_is_named(client, room):
    page = client.get(url(room) + "?competency_id=987654").get_data(as_text=True)
    assert "Step 1 of 2" in page and "Choose a competency from the list." in page
