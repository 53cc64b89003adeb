"""Evidence shown as growth, with the current estimate and the method that produced it."""
import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.evidence import service
from tracker.extensions import db

from .conftest import a_day, add_evidence, make_competency, make_framework


def test_the_timeline_shows_growth_and_the_estimate_with_its_method(client, auth, classroom):
    room = classroom(size=1, method="decaying_average", parameter=0.65)
    learner = room.learners[0]
    # Entered out of order: the estimate follows the date observed, not the date entered.
    add_evidence(learner, room.competency, 3, a_day(10, 1), feedback="Table and words, clearly.",
                 recorded_by_id=room.teacher.id)
    add_evidence(learner, room.competency, 1, a_day(9, 10), feedback="Started with a picture.",
                 recorded_by_id=room.teacher.id)
    add_evidence(learner, room.competency, 2, a_day(9, 20), feedback="Getting the scale factor.",
                 recorded_by_id=room.teacher.id)
    add_evidence(learner, room.competency, None, a_day(10, 3), source="student", status="to_review",
                 reflection="My own recipe table")
    db.session.commit()
    auth.as_user(room.teacher)
    page = client.get(f"/learners/{learner.id}/competencies/{room.competency.id}/evidence").get_data(as_text=True)
    # decaying average of 1, 2, 3 with w = 0.65: 1 → 1.65 → 2.5275
    assert "<strong>2.5</strong> (Developing, not yet at mastery)" in page
    assert "Decaying average" in page and "w = 0.65" in page
    assert "Based on 3 scored pieces of evidence" in page
    assert "not yet at mastery" in page and "at mastery" in page
    assert "fail" not in page.lower()
    assert page.index("Started with a picture.") < page.index("Getting the scale factor.") < page.index(
        "Table and words, clearly.")
    assert "My own recipe table" in page and "to review" in page
    assert "Ana Rivera" in page
    views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learner.view")).all()
    assert len(views) == 1 and views[0].learner_id == learner.id


def one_piece_timeline(client, auth, room) -> str:
    """The teacher's timeline of the room's first learner after one piece of level-3 evidence."""
    add_evidence(room.learners[0], room.competency, 3, a_day(10, 1))
    db.session.commit()
    auth.as_user(room.teacher)
    return client.get(f"/learners/{room.learners[0].id}/competencies/{room.competency.id}/evidence"
                      ).get_data(as_text=True)


def test_n_times_says_when_there_is_not_enough_evidence_yet(client, auth, classroom):
    room = classroom(size=1, method="n_times", parameter=3)
    page = one_piece_timeline(client, auth, room)
    assert "Where things stand now: not enough evidence yet." in page
    assert "needs more evidence before it gives an estimate" in page and "n = 3" in page
    overview = client.get(f"/learners/{room.learners[0].id}/evidence").get_data(as_text=True)
    assert "not enough evidence yet" in overview and "no estimate yet" not in overview


def test_below_the_frameworks_minimum_the_timeline_says_how_many_pieces_a_level_needs(client, auth, classroom):
    room = classroom(size=1)
    room.competency.framework.min_evidence = 3
    page = one_piece_timeline(client, auth, room)
    assert "Where things stand now: not enough evidence yet." in page
    assert "A level shows once there are 3 scored pieces of evidence; so far: 1." in page
    assert "This method needs more evidence" not in page


def test_estimates_for_many_learners_in_one_query(app, classroom, count_queries):
    room = classroom(size=3, method="latest", parameter=None)
    other_framework = make_framework("Habits", method="highest", parameter=None)
    habit = make_competency(other_framework, "H.1", "Perseveres")
    a, b, c = room.learners
    add_evidence(a, room.competency, 2, a_day(9, 1))
    add_evidence(a, room.competency, 4, a_day(9, 30))
    add_evidence(a, room.competency, 1, a_day(9, 15))  # entered last, observed in the middle
    add_evidence(b, room.competency, 3, a_day(9, 2))
    deleted = add_evidence(b, room.competency, 1, a_day(9, 20))
    deleted.deleted_at = deleted.created_at
    add_evidence(b, room.competency, None, a_day(9, 25), status="to_review")
    add_evidence(a, habit, 4, a_day(9, 3))
    add_evidence(a, habit, 2, a_day(9, 4))
    add_evidence(c, room.other_competency, 2, a_day(9, 4))
    db.session.commit()
    learner_ids, competency_ids = [a.id, b.id, c.id], [room.competency.id, habit.id]
    with count_queries() as counter:
        estimates = service.estimates_for(learner_ids, competency_ids)
    assert counter.count == 1
    assert estimates == {(a.id, room.competency.id): 4, (b.id, room.competency.id): 3, (a.id, habit.id): 4}
    assert service.estimates_for([]) == {}
    assert service.estimates_for([a.id], []) == {}
    assert (c.id, room.other_competency.id) in service.estimates_for([c.id])


def test_evidence_for_learner_competency_is_in_observation_order(app, classroom):
    room = classroom(size=1)
    learner = room.learners[0]
    late = add_evidence(learner, room.competency, 3, a_day(10, 1))
    early = add_evidence(learner, room.competency, 1, a_day(9, 1))
    same_day = add_evidence(learner, room.competency, 2, a_day(10, 1))
    gone = add_evidence(learner, room.competency, 4, a_day(9, 5))
    gone.deleted_at = gone.created_at
    db.session.commit()
    found = service.evidence_for_learner_competency(learner.id, room.competency.id)
    assert [e.id for e in found] == [early.id, late.id, same_day.id]
    assert gone.id in [e.id for e in service.evidence_for_learner_competency(
        learner.id, room.competency.id, include_deleted=True)]


@pytest.mark.parametrize("competency_count", [2, 12])
def test_the_overview_uses_a_fixed_number_of_queries(app, client, auth, classroom, count_queries,
                                                     competency_count):
    room = classroom(size=1)
    learner = room.learners[0]
    for n in range(competency_count):
        competency = make_competency(room.framework, f"X.{n}", f"Competency {n}")
        for month, level in ((9, 1), (10, 2), (11, 3)):
            add_evidence(learner, competency, level, a_day(month, 1 + n))
    db.session.commit()
    auth.as_user(room.teacher)
    address = f"/learners/{learner.id}/evidence"
    with count_queries() as counter:
        page = client.get(address).get_data(as_text=True)
    assert page.count("Competency ") >= competency_count
    assert counter.count == 10, counter.count  # the same for 2 and for 12 (one is the header's notification count,
    #                                           one the teachers' hand-set levels)
