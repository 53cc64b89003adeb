"""Two staff proposing the same learner and competency at the same moment: one open request,
and the second is shown the first (issue 13, finding 11). Real threads and connections on the
real database, like test_race.py (TRACKER_TEST_BACKEND=postgresql for PostgreSQL)."""
import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.mastery.models import ValidationRequest
from tracker.rosters.models import TeachingAssignment

from ..conftest import session_id_for
from .at_once import TIMEOUT, post_at_once


def open_requests(vw):
    db.session.expire_all()
    return db.session.scalars(select(ValidationRequest).where(
        ValidationRequest.learner_id == vw.learner.id, ValidationRequest.competency_id == vw.competency.id,
        ValidationRequest.status == "open")).all()


@pytest.fixture
def two_teachers(vw, make):
    co_teacher = make.user("teacher", name="Linh Co-teacher")
    db.session.add(TeachingAssignment(section_id=vw.section.id, user_id=co_teacher.id))
    db.session.commit()
    return [("ana", session_id_for(vw.teacher)), ("linh", session_id_for(co_teacher))]


def _propose_in_threads(app, vw, proposers):
    url = f"/learners/{vw.learner.id}/competencies/{vw.competency.id}/propose"
    section_id = vw.section.id  # read here: the threads have no application context
    posts = [(name, token, {"section_id": section_id, "note": f"From {name}."}) for name, token in proposers]
    return post_at_once(app, url, posts, "a proposal")


def _check_one_request_both_shown_it(responses, vw):
    [request] = open_requests(vw)
    assert sorted(r.status_code for r in responses.values()) == [302, 302], {
        name: (r.status_code, r.text[:300]) for name, r in responses.items()}
    assert {r.location.rsplit("/", 1)[-1] for r in responses.values()} == {str(request.id)}
    return request


def test_both_pass_the_check_and_the_database_keeps_one_open_request(app, vw, two_teachers):
    """Both proposals are held just before inserting, after each has seen no open request, so
    only the database's unique index on open requests can stop the second."""
    both_checked = threading.Barrier(2, timeout=TIMEOUT)

    def hold_until_both_insert(session, _flush_context, _instances):
        if any(isinstance(obj, ValidationRequest) for obj in session.new):
            both_checked.wait()

    event.listen(Session, "before_flush", hold_until_both_insert)
    try:
        responses = _propose_in_threads(app, vw, two_teachers)
    finally:
        event.remove(Session, "before_flush", hold_until_both_insert)
    request = _check_one_request_both_shown_it(responses, vw)
    [loser] = [r for name, r in responses.items() if f"From {name}." != request.note]
    assert loser.status_code == 302  # shown the request that was there first, not a 500


@pytest.mark.parametrize("attempt", range(5))
def test_two_teachers_proposing_at_the_same_moment(app, vw, two_teachers, attempt):
    """No hook: released together; whichever way the timing falls, one open request."""
    responses = _propose_in_threads(app, vw, two_teachers)
    _check_one_request_both_shown_it(responses, vw)


def test_the_database_refuses_a_second_open_request(vw):
    vw.add_request()
    with pytest.raises(IntegrityError):
        vw.add_request(requested_by=vw.validator)
    db.session.rollback()


def test_closed_requests_do_not_count(vw):
    vw.add_request(status="decided", days_ago=20)
    vw.add_request(status="withdrawn", days_ago=10)
    vw.add_request(status="decided", days_ago=5)
    vw.add_request()
    db.session.commit()
    assert db.session.scalar(select(func.count(ValidationRequest.id))) == 4
