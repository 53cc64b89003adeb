"""policy.sections_taught: the one reader of "sections this user teaches"."""
from tracker.auth import policy
from tracker.extensions import db
from tracker.rosters.models import TeachingAssignment


def test_a_teacher_gets_the_active_sections_taught_and_an_admin_every_active_one(app, make):
    teacher, other, admin = make.user("teacher"), make.user("teacher"), make.user("admin")
    term = make.term()
    algebra = make.section(term, teachers=[teacher], course_title="Algebra", name="B")
    geometry = make.section(term, teachers=[teacher], course_title="Geometry", name="A")
    make.section(term, teachers=[teacher], course_title="Algebra", name="Closed", active=False)
    ended = make.section(term, teachers=[teacher], course_title="Biology", name="Ended")
    db.session.execute(db.update(TeachingAssignment).where(TeachingAssignment.section_id == ended.id)
                       .values(active=False))
    others = make.section(term, teachers=[other], course_title="Algebra", name="A")

    assert policy.sections_taught(teacher) == [algebra, geometry]
    assert policy.sections_taught(admin) == [others, algebra, ended, geometry]
    assert policy.sections_taught(make.user("validator")) == []
