"""Admin pages for learners, their equity attributes and their guardians."""
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.rosters.models import GuardianLink, Learner

from .conftest import read_csv


def _learner_data(school, **overrides):
    data = {"given_name": "Maya", "family_name": "Hernández", "preferred_name": "", "student_number": "26000",
            "grade_level": "6", "school_id": school.id, "login_email": "", "english_learner": "yes",
            "iep_504": "no", "free_reduced_lunch": "", "gender": "female", "race_ethnicity": "Hispanic or Latino"}
    return {**data, **overrides}


def test_create_a_learner_with_equity_attributes(client, admin, make):
    school = make.school()
    student = make.user("student", email="maya@students.example.org")
    db.session.commit()
    response = client.post("/admin/learners/new",
                           data=_learner_data(school, login_email="Maya@Students.example.org"))
    learner = db.session.scalar(select(Learner))
    assert response.status_code == 302 and response.location == f"/admin/learners/{learner.id}"
    assert (learner.given_name, learner.family_name, learner.student_number, learner.grade_level) == (
        "Maya", "Hernández", "26000", "6")
    assert learner.user_id == student.id
    equity = learner.equity
    assert (equity.english_learner, equity.iep_504, equity.free_reduced_lunch) == (True, False, None)
    assert (equity.gender, equity.race_ethnicity) == ("female", "Hispanic or Latino")


def test_edit_a_learner_and_clear_the_login(client, admin, make):
    student = make.user("student")
    learner = make.learner(user=student, given_name="Maya")
    db.session.commit()
    page = client.get(f"/admin/learners/{learner.id}").get_data(as_text=True)
    assert student.email in page and "Equity attributes" in page
    client.post(f"/admin/learners/{learner.id}", data=_learner_data(
        learner.school, preferred_name="Mimi", grade_level="7", english_learner="no", gender=""))
    db.session.expire_all()
    assert (learner.preferred_name, learner.grade_level, learner.user_id) == ("Mimi", "7", None)
    assert learner.display_name == "Mimi Hernández"
    assert (learner.equity.english_learner, learner.equity.gender) == (False, None)


def test_viewing_a_learner_record_is_audited(client, admin, make):
    learner = make.learner()
    db.session.commit()
    client.get(f"/admin/learners/{learner.id}")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view"))
    assert (event.actor_id, event.learner_id) == (admin.id, learner.id)


def test_learner_form_errors_are_shown_on_their_fields(client, admin, make):
    school = make.school()
    db.session.commit()
    response = client.post("/admin/learners/new", data=_learner_data(
        school, given_name="", school_id="", english_learner="maybe", login_email="no-at-sign"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("given_name", "school_id", "english_learner", "login_email"):
        assert f'id="{name}-error"' in page
    assert db.session.scalar(select(Learner)) is None


def test_unknown_or_taken_login_is_a_field_error(client, admin, make):
    school = make.school()
    taken_user = make.user("student", email="taken@example.org")
    make.learner(school=school, user=taken_user, given_name="Leo", family_name="Park")
    db.session.commit()
    response = client.post("/admin/learners/new", data=_learner_data(school, login_email="nobody@example.org"))
    assert "No user has this email." in response.get_data(as_text=True)
    response = client.post("/admin/learners/new", data=_learner_data(school, login_email="taken@example.org"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "already the login of Leo Park" in page
    assert 'id="login_email-error"' in page
    assert db.session.scalar(select(Learner).where(Learner.given_name == "Maya")) is None


def test_student_number_is_unique_within_a_school(client, admin, make):
    school = make.school()
    make.learner(school=school, student_number="26000", given_name="Leo", family_name="Park")
    db.session.commit()
    response = client.post("/admin/learners/new", data=_learner_data(school, student_number="26000"))
    page = response.get_data(as_text=True)
    assert 'id="student_number-error"' in page and "Leo Park already has this student number" in page
    response = client.post("/admin/learners/new", data=_learner_data(
        school, student_number="26000", login_email="nobody@example.org"))
    page = response.get_data(as_text=True)  # both problems at once
    assert 'id="student_number-error"' in page and 'id="login_email-error"' in page


def test_an_imported_equity_value_is_kept_on_edit(client, admin, make):
    learner = make.learner(given_name="Maya", family_name="Hernández")
    from tracker.rosters.models import EquityAttributes
    learner.equity = EquityAttributes(gender="X (imported)")
    db.session.commit()
    page = client.get(f"/admin/learners/{learner.id}").get_data(as_text=True)
    assert '<option selected value="X (imported)">' in page
    response = client.post(f"/admin/learners/{learner.id}", data=_learner_data(
        learner.school, gender="X (imported)"))
    assert response.status_code == 302
    db.session.expire_all()
    assert learner.equity.gender == "X (imported)"


def test_deactivate_and_reactivate_a_learner(client, admin, make):
    learner = make.learner()
    db.session.commit()
    client.post(f"/admin/learners/{learner.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert learner.active is False
    assert "Test, Learner" not in client.get("/admin/learners").get_data(as_text=True)
    assert learner.given_name in client.get("/admin/learners?status=inactive").get_data(as_text=True)
    client.post(f"/admin/learners/{learner.id}/active", data={"active": "1"})
    db.session.expire_all()
    assert learner.active is True


def test_teachers_cannot_open_the_admin_learner_pages(client, make, auth):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learner = make.learner(section)
    db.session.commit()
    auth.as_user(teacher)
    assert client.get(f"/admin/learners/{learner.id}").status_code == 403
    assert client.get("/admin/learners.csv").status_code == 403
    assert client.post(f"/admin/learners/{learner.id}", data={"given_name": "X"}).status_code == 403


def test_learner_list_searches_several_words_and_student_numbers(client, admin, make):
    school = make.school()
    make.learner(school=school, given_name="Maya", family_name="Hernández", student_number="26000")
    make.learner(school=school, given_name="Maya", family_name="Park", student_number="26001")
    make.learner(school=school, given_name="Leo", family_name="Hernández", student_number="26002")
    db.session.commit()
    page = client.get("/admin/learners?q=maya+hern").get_data(as_text=True)
    assert "Hernández, Maya" in page and "Park, Maya" not in page and "Hernández, Leo" not in page
    page = client.get("/admin/learners?q=26001").get_data(as_text=True)
    assert "Park, Maya" in page and "Hernández" not in page
    page = client.get("/admin/learners?q=100%25").get_data(as_text=True)  # "%" is not a wildcard
    assert "No learners match." in page


def test_learner_list_is_paginated(client, admin, make, app):
    app.config["PAGE_SIZE"] = 2
    school = make.school()
    for family in ["Adams", "Baker", "Chen"]:
        make.learner(school=school, family_name=family)
    db.session.commit()
    first = client.get("/admin/learners").get_data(as_text=True)
    assert "Adams" in first and "Baker" in first and "Chen" not in first
    assert 'href="/admin/learners?page=2&amp;status=active"' in first
    second = client.get("/admin/learners?page=2").get_data(as_text=True)
    assert "Chen" in second and "Adams" not in second


def test_learner_csv_has_equity_columns_and_neutralises_formulas(client, admin, make):
    from tracker.rosters.models import EquityAttributes

    school = make.school(name="Riverside")
    student = make.user("student", email="maya@example.org")
    maya = make.learner(school=school, user=student, given_name="Maya", family_name="Hernández",
                        student_number="26000", grade_level="6")
    maya.equity = EquityAttributes(english_learner=True, iep_504=False, gender="female",
                                   race_ethnicity="Hispanic or Latino")
    make.learner(school=school, given_name="=cmd|' /C calc'!A0", family_name="Zed")
    make.learner(school=school, given_name="Gone", family_name="Away", active=False)
    db.session.commit()
    rows = read_csv(client.get("/admin/learners.csv"))
    assert rows[0][:6] == ["Given name", "Family name", "Preferred name", "Student number", "Grade", "School"]
    assert rows[1][:13] == ["Maya", "Hernández", "", "26000", "6", "Riverside", "maya@example.org", "no",
                            "yes", "no", "", "Female", "Hispanic or Latino"]
    assert rows[2][0] == "'=cmd|' /C calc'!A0"
    assert len(rows) == 3  # the inactive learner is left out, as on the page
    rows = read_csv(client.get("/admin/learners.csv?q=away&status=all"))
    assert [row[0] for row in rows[1:]] == ["Gone"]


def test_learner_list_queries_do_not_grow(client, admin, make, count_queries, statements_at_two_sizes):
    from tracker.rosters.models import EquityAttributes

    school = make.school()

    def add_learners(n):
        for _ in range(n):
            learner = make.learner(school=school, user=make.user("student"))
            learner.equity = EquityAttributes(gender="female")
        db.session.commit()

    small, large = statements_at_two_sizes("/admin/learners", add_learners)
    assert small == large
    with count_queries() as download:
        client.get("/admin/learners.csv")
    add_learners(5)
    with count_queries() as bigger_download:
        client.get("/admin/learners.csv")
    assert download.count == bigger_download.count


# Guardian links ----------------------------------------------------------------------

def test_link_a_guardian_by_email(client, admin, make):
    learner = make.learner()
    guardian = make.user("guardian", name="Lucía Hernández", email="lucia@family.example.org")
    db.session.commit()
    response = client.post(f"/admin/learners/{learner.id}/guardians",
                           data={"guardian_email": "LUCIA@family.example.org", "relationship_label": "mother"})
    assert response.status_code == 302
    link = db.session.scalar(select(GuardianLink))
    assert (link.guardian_id, link.learner_id, link.relationship_label, link.active) == (
        guardian.id, learner.id, "mother", True)
    assert "Lucía Hernández" in client.get(f"/admin/learners/{learner.id}").get_data(as_text=True)


def test_guardian_link_problems_are_field_errors(client, admin, make):
    learner = make.learner()
    make.user("teacher", email="teacher@example.org")
    guardian = make.user("guardian", email="g@example.org")
    make.learner(guardians=[guardian])
    db.session.add(GuardianLink(guardian=guardian, learner=learner))
    db.session.commit()
    cases = {"nobody@example.org": "No user has this email.",
             "teacher@example.org": "does not have the guardian role",
             "g@example.org": "already linked to this learner",
             "": "This field is required."}
    for email, message in cases.items():
        response = client.post(f"/admin/learners/{learner.id}/guardians", data={"guardian_email": email})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page, email
        assert 'id="guardian_email-error"' in page
    assert len(db.session.scalars(select(GuardianLink)).all()) == 2


def test_unlink_and_link_again_keeps_one_row(client, admin, make):
    guardian = make.user("guardian", email="g@example.org")
    learner = make.learner(guardians=[guardian])
    db.session.commit()
    link = db.session.scalar(select(GuardianLink))
    response = client.post(f"/admin/guardian-links/{link.id}/active", data={"active": "0"})
    assert response.location == f"/admin/learners/{learner.id}#guardians"
    db.session.expire_all()
    assert link.active is False
    client.post(f"/admin/learners/{learner.id}/guardians", data={"guardian_email": "g@example.org"})
    db.session.expire_all()
    assert db.session.scalars(select(GuardianLink)).all() == [link] and link.active is True


def test_guardian_link_list_search_and_csv(client, admin, make):
    lucia = make.user("guardian", name="Lucía Hernández", email="lucia@example.org", phone="+1 555 0100")
    sam = make.user("guardian", name="Sam Park", email="sam@example.org")
    make.learner(given_name="Maya", family_name="Hernández", guardians=[lucia])
    make.learner(given_name="Leo", family_name="Park", guardians=[sam])
    db.session.commit()
    page = client.get("/admin/guardian-links?q=lucia").get_data(as_text=True)
    assert "Hernández, Maya" in page and "Park, Leo" not in page
    rows = read_csv(client.get("/admin/guardian-links.csv"))
    assert rows[1][:5] == ["Maya Hernández", "", "Lucía Hernández", "lucia@example.org", "'+1 555 0100"]
    assert rows[2][2] == "Sam Park"
