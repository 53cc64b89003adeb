"""The demo school and the administrator command."""
from sqlalchemy import func, select

from tracker.auth.models import User, UserRole
from tracker.extensions import db
from tracker.rosters.models import GuardianLink, Learner, School, Section, Term


def count_role(role):
    return db.session.scalar(select(func.count(UserRole.id)).where(UserRole.role == role))


def test_demo_fills_an_empty_database_with_a_believable_school(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "admin@demo.school" in result.output and "demo-progress-2026" in result.output
    assert db.session.scalar(select(func.count(School.id))) == 1
    assert db.session.scalar(select(func.count(Term.id))) == 2
    assert db.session.scalar(select(func.count(Section.id))) == 6
    assert db.session.scalar(select(func.count(Learner.id)).where(Learner.is_educator.is_(False))) == 150
    # two teachers are also learners, on the educator framework (tracker/demo/educators.py)
    assert db.session.scalar(select(func.count(Learner.id)).where(Learner.is_educator.is_(True))) == 2
    assert count_role("teacher") == 4
    assert count_role("validator") == 3  # two validators and a teacher who also validates
    assert count_role("admin") == 1
    # Every learner has a guardian; some siblings share one.
    linked = db.session.scalar(select(func.count(func.distinct(GuardianLink.learner_id))))
    assert linked == 150
    assert 100 < count_role("guardian") < 150
    # Some young learners have no login of their own.
    assert db.session.scalar(select(func.count(Learner.id)).where(Learner.user_id.is_(None))) > 0


def test_demo_is_the_same_every_time(runner, app):
    runner.invoke(args=["demo"])
    first = [(l.given_name, l.family_name, l.grade_level) for l in
             db.session.scalars(select(Learner).order_by(Learner.id))]
    assert first[0][:2] == ("Maya", "Hernández")
    from tests.conftest import _empty_all_tables

    db.session.remove()
    _empty_all_tables()
    runner.invoke(args=["demo"])
    second = [(l.given_name, l.family_name, l.grade_level) for l in
              db.session.scalars(select(Learner).order_by(Learner.id))]
    assert first == second


def test_demo_refuses_a_database_with_data_unless_if_empty(runner, make):
    make.user("admin")
    db.session.commit()
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0 and "not empty" in result.output
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "already has data" in result.output
    assert db.session.scalar(select(func.count(Learner.id))) == 0


def test_demo_logins_work(runner, client):
    runner.invoke(args=["demo"])
    response = client.post("/login", data={"email": "Whitfield@demo.school", "password": "demo-progress-2026"})
    assert response.status_code == 302


def test_create_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Head@School.org", "--name", "Head Teacher",
                                 "--password", "a-long-enough-pass"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "head@school.org"))
    assert user.has_role("admin") and user.check_password("a-long-enough-pass")


def test_create_admin_refuses_weak_password_and_duplicates(runner, make):
    result = runner.invoke(args=["create-admin", "--email", "a@b.org", "--name", "A", "--password", "short"])
    assert result.exit_code != 0 and "at least" in result.output
    result = runner.invoke(args=["create-admin", "--email", "a@b.org", "--name", "A", "--password", "password1234"])
    assert result.exit_code != 0 and "commonly used" in result.output
    make.user("teacher", email="taken@b.org")
    db.session.commit()
    result = runner.invoke(args=["create-admin", "--email", "taken@b.org", "--name", "A",
                                 "--password", "a-long-enough-pass"])
    assert result.exit_code != 0 and "already exists" in result.output
