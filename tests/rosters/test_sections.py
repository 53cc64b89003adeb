"""Admin pages for sections, their teachers and their enrollments."""
from sqlalchemy import select

from tracker.extensions import db
from tracker.rosters.models import Enrollment, Section, TeachingAssignment

from .conftest import read_csv


def _assignments(section):
    return {(a.user_id, a.active) for a in db.session.scalars(
        select(TeachingAssignment).where(TeachingAssignment.section_id == section.id))}


def test_create_a_section_with_teachers(client, admin, make):
    term = make.term()
    rivera, tran = make.user("teacher", name="Ana Rivera"), make.user("teacher", name="Linh Tran")
    make.user("student", name="Not A Teacher")
    db.session.commit()
    form = client.get("/admin/sections/new").get_data(as_text=True)
    assert "Ana Rivera" in form and "Linh Tran" in form and "Not A Teacher" not in form

    response = client.post("/admin/sections/new", data={
        "course_title": "Math 6", "name": "Period 2", "term_id": term.id, "teacher_ids": [rivera.id, tran.id]})
    section = db.session.scalar(select(Section))
    assert response.status_code == 302 and response.location == f"/admin/sections/{section.id}"
    assert (section.course_title, section.name, section.school_id) == ("Math 6", "Period 2", term.school_id)
    assert _assignments(section) == {(rivera.id, True), (tran.id, True)}


def test_changing_teachers_keeps_ended_assignments(client, admin, make):
    rivera, tran, cohen = (make.user("teacher") for _ in range(3))
    section = make.section(teachers=[rivera, tran])
    db.session.commit()
    data = {"course_title": section.course_title, "name": section.name, "term_id": section.term_id}
    client.post(f"/admin/sections/{section.id}", data={**data, "teacher_ids": [tran.id, cohen.id]})
    db.session.expire_all()
    assert _assignments(section) == {(rivera.id, False), (tran.id, True), (cohen.id, True)}
    client.post(f"/admin/sections/{section.id}", data={**data, "teacher_ids": [rivera.id]})
    db.session.expire_all()
    assert _assignments(section) == {(rivera.id, True), (tran.id, False), (cohen.id, False)}
    client.post(f"/admin/sections/{section.id}", data=data)  # no box ticked: no teachers
    db.session.expire_all()
    assert {active for _user, active in _assignments(section)} == {False}


def test_section_form_errors(client, admin, make):
    response = client.post("/admin/sections/new", data={"course_title": "", "name": "", "term_id": "x",
                                                        "teacher_ids": ["abc"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("course_title", "name", "term_id", "teacher_ids"):
        assert f'id="{name}-error"' in page
    assert db.session.scalar(select(Section)) is None


def test_deactivate_a_section(client, admin, make):
    section = make.section()
    db.session.commit()
    client.post(f"/admin/sections/{section.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert section.active is False
    assert "Reactivate" in client.get(f"/admin/sections/{section.id}").get_data(as_text=True)


def test_section_list_shows_teachers_and_counts_and_searches(client, admin, make):
    rivera = make.user("teacher", name="Ana Rivera")
    math = make.section(teachers=[rivera], course_title="Math 6", name="Period 1")
    make.section(course_title="Science 7", name="Lab A")
    for _ in range(3):
        make.learner(math)
    db.session.commit()
    page = client.get("/admin/sections?q=math").get_data(as_text=True)
    assert "Math 6 – Period 1" in page and "Ana Rivera" in page and "Science 7" not in page
    assert 'data-label="Learners">3</td>' in page
    rows = read_csv(client.get("/admin/sections.csv"))
    assert rows[0][:6] == ["Course title", "Section name", "Term", "School", "Teachers", "Learners"]
    assert rows[1][:6] == ["Math 6", "Period 1", "Fall", math.school.name, "Ana Rivera", "3"]
    assert len(rows) == 3


def test_section_list_queries_do_not_grow(admin, make, statements_at_two_sizes):
    def add_sections(n):
        for _ in range(n):
            section = make.section(teachers=[make.user("teacher")])
            make.learner(section)
        db.session.commit()

    small, large = statements_at_two_sizes("/admin/sections", add_sections, 2, 10)
    assert small == large


def test_enroll_learners_from_a_search(client, admin, make):
    section = make.section()
    maya = make.learner(school=section.school, given_name="Maya", family_name="Hernández", student_number="26000")
    leo = make.learner(school=section.school, given_name="Leo", family_name="Park")
    make.learner(given_name="Elsewhere", family_name="Kid")  # another school: not offered
    db.session.commit()
    page = client.get(f"/admin/sections/{section.id}/enroll").get_data(as_text=True)
    assert "Hernández, Maya" in page and "Park, Leo" in page and "Elsewhere" not in page
    page = client.get(f"/admin/sections/{section.id}/enroll?q=26000").get_data(as_text=True)
    assert "Hernández, Maya" in page and "Park, Leo" not in page

    response = client.post(f"/admin/sections/{section.id}/enroll", data={"learner_ids": [maya.id, leo.id]})
    assert response.status_code == 302
    enrolled = db.session.scalars(select(Enrollment.learner_id).where(Enrollment.section_id == section.id))
    assert set(enrolled) == {maya.id, leo.id}
    page = client.get(f"/admin/sections/{section.id}/enroll").get_data(as_text=True)
    assert "Hernández, Maya" not in page  # already enrolled


def test_enrolling_nobody_says_so(client, admin, make):
    section = make.section()
    db.session.commit()
    response = client.post(f"/admin/sections/{section.id}/enroll", data={})
    assert response.status_code == 200
    assert "Tick at least one learner to enroll." in response.get_data(as_text=True)


def test_remove_and_enroll_again_keeps_one_row(client, admin, make):
    section = make.section()
    learner = make.learner(section)
    db.session.commit()
    enrollment = db.session.scalar(select(Enrollment))
    response = client.post(f"/admin/enrollments/{enrollment.id}/active", data={"active": "0"})
    assert response.location == f"/admin/sections/{section.id}"
    db.session.expire_all()
    assert enrollment.active is False
    page = client.get(f"/admin/sections/{section.id}").get_data(as_text=True)
    assert "Removed" in page and "Enroll again" in page

    client.post(f"/admin/sections/{section.id}/enroll", data={"learner_ids": [learner.id]})
    db.session.expire_all()
    assert db.session.scalars(select(Enrollment)).all() == [enrollment] and enrollment.active is True


def test_status_change_goes_back_only_to_this_site(client, admin, make):
    section = make.section()
    make.learner(section)
    db.session.commit()
    enrollment = db.session.scalar(select(Enrollment))
    response = client.post(f"/admin/enrollments/{enrollment.id}/active",
                           data={"active": "0", "next": "/admin/enrollments?q=x"})
    assert response.location == "/admin/enrollments?q=x"
    response = client.post(f"/admin/enrollments/{enrollment.id}/active",
                           data={"active": "1", "next": "https://evil.example/"})
    assert response.location == f"/admin/sections/{section.id}"


def test_enrollment_list_search_filter_and_csv(client, admin, make):
    math = make.section(course_title="Math 6", name="P1")
    art = make.section(course_title="Art", name="A")
    make.learner(math, given_name="Maya", family_name="Hernández")
    make.learner(art, given_name="Leo", family_name="Park")
    make.learner(art, given_name="@Evil", family_name="Name")
    db.session.commit()
    page = client.get("/admin/enrollments?q=math").get_data(as_text=True)
    assert "Hernández, Maya" in page and "Park" not in page
    rows = read_csv(client.get("/admin/enrollments.csv?q=art"))
    assert [row[0] for row in rows[1:]] == ["'@Evil Name", "Leo Park"]
    assert rows[1][2:4] == ["Art", "A"]
