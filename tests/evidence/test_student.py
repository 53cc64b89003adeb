"""Students submit their own evidence; it reaches their teachers as "to review"."""
import pytest
from sqlalchemy import select

from tracker.evidence.models import Evidence, EvidenceVersion
from tracker.extensions import db
from tracker.timeutil import today

from .conftest import PNG_BYTES, upload


@pytest.fixture
def room(classroom, make):
    room = classroom(size=2)
    student = make.user("student", name="Kid Zero")
    room.learners[0].user_id = student.id
    db.session.commit()
    room.extra["student"] = student
    return room


def submission(room, **overrides):
    data = {"competency_id": str(room.competency.id), "observed_on": today().isoformat(), "context": "project",
            "reflection": "I built a recipe table and scaled it for 12 people.",
            "link_url": "https://example.org/my-recipe"}
    data.update(overrides)
    return data


def test_a_student_submits_and_its_teacher_reviews(client, auth, room):
    auth.as_user(room.extra["student"])
    response = client.post("/my/evidence/new", data=submission(room, artifact=upload(PNG_BYTES, "table.png")),
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.location.endswith("/my/evidence")
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.source, evidence.status, evidence.level, evidence.context) == (
        "student", "to_review", None, "project")
    assert evidence.reflection.startswith("I built a recipe table")
    assert evidence.artifact.content_type == "image/png"
    page = client.get("/my/evidence").get_data(as_text=True)
    assert "Waiting for my teacher" in page and "I built a recipe table" in page

    auth.as_user(room.teacher)
    page = client.get(f"/sections/{room.section.id}/to-review").get_data(as_text=True)
    assert room.learners[0].display_name in page and "I built a recipe table" in page
    review_url = f"/evidence/{evidence.id}/review"
    assert "Explains a ratio with a table and words." in client.get(review_url).get_data(as_text=True)
    response = client.post(review_url, data={"level": "3", "feedback": "Clear scaling; show units.",
                                             "kind": "formative"})
    assert response.status_code == 302
    db.session.expire_all()
    evidence = db.session.get(Evidence, evidence.id)
    assert (evidence.status, evidence.level, evidence.version) == ("accepted", 3, 2)
    kept = db.session.scalars(select(EvidenceVersion)).all()
    assert [(v.version, v.status, v.level, v.changed_by_id) for v in kept] == [
        (1, "to_review", None, room.teacher.id)]
    assert "Nothing to review right now." in client.get(
        f"/sections/{room.section.id}/to-review").get_data(as_text=True)

    auth.as_user(room.extra["student"])
    page = client.get("/my/evidence").get_data(as_text=True)
    assert "Reviewed" in page and "Waiting for my teacher" not in page


def test_a_review_needs_a_level_on_the_scale_and_feedback(client, auth, room):
    auth.as_user(room.extra["student"])
    client.post("/my/evidence/new", data=submission(room))
    evidence = db.session.scalar(select(Evidence))
    auth.as_user(room.teacher)
    page = client.post(f"/evidence/{evidence.id}/review", data={"level": "0", "feedback": ""}).get_data(as_text=True)
    assert "levels on this competency" in page and "Write some feedback" in page
    db.session.expire_all()
    assert db.session.get(Evidence, evidence.id).status == "to_review"


@pytest.mark.parametrize("overrides, message", [
    ({"link_url": ""}, "Add a file or a link that shows your work."),
    ({"reflection": ""}, "Write a few words about what you did"),
    ({"competency_id": "987654"}, "Choose a competency from the list."),
    ({"observed_on": "2999-01-01"}, "The date cannot be in the future."),
])
def test_a_submission_with_something_missing_is_refused(client, auth, room, overrides, message):
    auth.as_user(room.extra["student"])
    response = client.post("/my/evidence/new", data=submission(room, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Evidence)) is None


def test_a_disguised_upload_from_a_student_is_refused(client, auth, room):
    auth.as_user(room.extra["student"])
    html = b"<html><body><script>fetch('/admin')</script></body></html>"
    response = client.post("/my/evidence/new", data=submission(room, artifact=upload(html, "essay.docx")),
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "essay.docx" in page and "not accepted" in page
    assert db.session.scalar(select(Evidence)) is None


def test_a_student_without_a_learner_record_gets_404(client, auth, make):
    lonely = make.user("student")
    db.session.commit()
    auth.as_user(lonely)
    assert client.get("/my/evidence").status_code == 404
    assert client.get("/my/evidence/new").status_code == 404


def test_a_teacher_of_another_section_cannot_review(client, auth, room, make):
    auth.as_user(room.extra["student"])
    client.post("/my/evidence/new", data=submission(room))
    evidence = db.session.scalar(select(Evidence))
    stranger = make.user("teacher")
    db.session.commit()
    auth.as_user(stranger)
    assert client.post(f"/evidence/{evidence.id}/review", data={"level": "3", "feedback": "x"}).status_code == 403
    assert client.get(f"/sections/{room.section.id}/to-review").status_code == 403


def test_the_students_form_starts_empty_shows_i_can_words_and_names_an_empty_choice(client, auth, room):
    from tracker.progressions.models import Placement, Progression, ProgressionStep

    room.competency.student_statement = "I can explain a ratio with a table."
    room.other_competency.student_statement = "I can use unit rates."
    progression = Progression(framework_id=room.framework.id, title="Ratios path", weeks_per_step=1.0)
    db.session.add(progression)
    db.session.flush()
    db.session.add_all([ProgressionStep(progression_id=progression.id, competency_id=room.other_competency.id,
                                        position=1),
                        ProgressionStep(progression_id=progression.id, competency_id=room.competency.id,
                                        position=2),
                        Placement(learner_id=room.learners[0].id, progression_id=progression.id, start_position=1,
                                  placed_on=today(), reason="Start")])
    db.session.commit()
    auth.as_user(room.extra["student"])
    page = client.get("/my/evidence/new").get_data(as_text=True)
    picker = page[page.index('<select id="competency_id"'):page.index("</select>", page.index('id="competency_id"'))]
    assert " selected" not in picker  # nothing chosen for the student
    assert '<option value="">Choose what your evidence shows</option>' in picker
    assert "I can explain a ratio with a table." in picker and "I can use unit rates." in picker
    assert "Solve ratio problems" not in picker and "Use rates" not in picker  # never the staff words
    first_group = picker[picker.index("<optgroup"):picker.index("</optgroup>")]
    assert 'label="My next steps"' in first_group
    assert first_group.index("RP.2") < first_group.index("RP.1")  # in the path's order

    response = client.post("/my/evidence/new", data=submission(room, competency_id=""),
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="competency_id-error"' in page and "Choose what your evidence shows: pick one" in page
    assert "I built a recipe table and scaled it for 12 people." in page  # what was typed stays
    assert db.session.scalar(select(Evidence.id)) is None


def test_a_draft_frameworks_competencies_are_not_offered_to_students(client, auth, room, make):
    from .conftest import make_competency, make_framework

    draft = make_framework(title="Science draft", status="draft")
    hidden = make_competency(draft, "SCI.1", "Draft science")
    db.session.commit()
    auth.as_user(room.extra["student"])
    page = client.get("/my/evidence/new").get_data(as_text=True)
    assert "SCI.1" not in page
    assert "Type a few words to find what your evidence shows." in page and "My next steps" not in page  # no path yet
    response = client.post("/my/evidence/new", data=submission(room, competency_id=str(hidden.id)),
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "Choose a competency from the list." in response.get_data(as_text=True)
    assert db.session.scalar(select(Evidence.id)) is None


def test_a_students_own_view_shows_beside_the_teachers_level_and_never_moves_the_estimate(client, auth, room):
    from tracker.evidence.service import estimates_for

    learner = room.learners[0]
    auth.as_user(room.extra["student"])
    form = client.get("/my/evidence/new").get_data(as_text=True)
    assert "How well I can do this now, in my own view" in form and "I would rather not say" in form
    refused = client.post("/my/evidence/new", data=submission(room, self_level="9"),
                          content_type="multipart/form-data")
    assert refused.status_code == 200 and "Choose a level of this competency’s scale, 1 to 4." in refused.get_data(
        as_text=True)
    assert db.session.scalar(select(Evidence)) is None  # nothing saved
    response = client.post("/my/evidence/new", data=submission(room, self_level="4"),
                           content_type="multipart/form-data")
    assert response.status_code == 302
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.self_level, evidence.level) == (4, None)
    assert "My view:" in client.get("/my/evidence").get_data(as_text=True)

    auth.as_user(room.teacher)
    assert "Their own view:" in client.get(f"/sections/{room.section.id}/to-review").get_data(as_text=True)
    review = client.get(f"/evidence/{evidence.id}/review").get_data(as_text=True)
    assert "Their own view:" in review and ">4 " in review and "never averaged into it" in review
    client.post(f"/evidence/{evidence.id}/review", data={"level": "2", "feedback": "Not yet: units.",
                                                          "kind": "formative"})
    db.session.expire_all()
    assert estimates_for([learner.id]) == {(learner.id, room.competency.id): 2.0}  # the teacher's level only
    assert "s own view</dt>" in client.get(f"/evidence/{evidence.id}").get_data(as_text=True)
    timeline = client.get(f"/learners/{learner.id}/competencies/{room.competency.id}/evidence").get_data(as_text=True)
    assert "own view:" in timeline

    auth.as_user(room.extra["student"])
    page = client.get("/my/evidence").get_data(as_text=True)
    assert "My view:" in page and "My teacher’s level:" in page

    # the API gives both, apart (its schema names self_level)
    from tracker.api.tokens import create_token

    token = create_token(room.teacher, "own view")[1]
    db.session.commit()
    body = client.get(f"/api/v1/learners/{learner.id}/evidence", headers={"Authorization": f"Bearer {token}"}).json
    assert [(e["level"], e["self_level"]) for e in body["evidence"]] == [(2, 4)]


def test_a_submission_without_an_own_view_stores_none(client, auth, room):
    auth.as_user(room.extra["student"])
    client.post("/my/evidence/new", data=submission(room, self_level=""), content_type="multipart/form-data")
    assert db.session.scalar(select(Evidence.self_level)) is None
