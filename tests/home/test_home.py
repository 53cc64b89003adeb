"""Each role's home page says what the person can do next."""
import pytest

from tracker.extensions import db


@pytest.fixture
def people(make):
    term = make.term(name="Fall 2026")
    teacher = make.user("teacher", name="Ana Rivera")
    validator = make.user("validator", name="Grace Whitfield")
    admin = make.user("admin", name="Alex Morgan")
    student = make.user("student", name="Maya Hernández")
    guardian = make.user("guardian", name="Lucía Hernández")
    section = make.section(term=term, teachers=[teacher], course_title="Grade 6 Studio", name="Studio 6A")
    make.learner(section, user=student, guardians=[guardian], given_name="Maya", family_name="Hernández")
    make.learner(section)
    db.session.commit()
    return dict(teacher=teacher, validator=validator, admin=admin, student=student, guardian=guardian)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login?next=" in response.location


@pytest.mark.parametrize("role, expected", [
    ("teacher", ["My sections", "Grade 6 Studio – Studio 6A", "2 learners", "Fall 2026"]),
    ("validator", ["Validation", "0 requests are waiting"]),
    ("admin", ["School administration", "Learners"]),
    ("student", ["My learning", "share your own evidence"]),
    ("guardian", ["My children", "Maya Hernández"]),
])
def test_home_page_per_role(client, auth, people, role, expected):
    auth.as_user(people[role])
    page = client.get("/").get_data(as_text=True)
    for text in expected:
        assert text in page, text


def test_home_shows_every_panel_of_a_person_with_two_roles(client, auth, make):
    user = make.user("teacher", "validator")
    db.session.commit()
    auth.as_user(user)
    page = client.get("/").get_data(as_text=True)
    assert "My sections" in page and "Validation" in page


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_language_is_remembered_for_the_user(client, auth, people):
    auth.as_user(people["guardian"])
    response = client.post("/language", data={"locale": "es", "next": "/"})
    assert response.status_code == 302 and response.location == "/"
    db.session.expire_all()
    assert people["guardian"].locale == "es"
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client, auth, people):
    auth.as_user(people["guardian"])
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.location == "/"
    db.session.expire_all()
    assert people["guardian"].locale == "en"


def test_anonymous_language_choice_lasts_the_visit(client):
    client.post("/language", data={"locale": "es", "next": "/login"})
    assert '<html lang="es">' in client.get("/login").get_data(as_text=True)
