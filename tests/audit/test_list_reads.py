"""Lists of many learners: one audit event per request, naming the learners or the filter,
and a statement count that does not grow with the number of learners."""
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db


def _list_events():
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learners.view")
                              .order_by(AuditEvent.id)).all()


def test_a_section_page_is_one_event_naming_its_learners_at_any_size(client, auth, make, count_queries):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section) for _ in range(2)]
    db.session.commit()
    auth.as_user(teacher)

    with count_queries() as small:
        assert client.get(f"/sections/{section.id}").status_code == 200
    for _ in range(25):
        learners.append(make.learner(section))
    db.session.commit()
    with count_queries() as large:
        assert client.get(f"/sections/{section.id}").status_code == 200

    events = _list_events()
    assert len(events) == 2
    assert (events[-1].actor_id, events[-1].object_type, events[-1].object_id) == (teacher.id, "section", section.id)
    assert events[-1].detail["learner_ids"] == sorted(learner.id for learner in learners)
    assert small.count == large.count


def test_the_admin_learners_csv_with_equity_attributes_is_one_event_naming_the_filter(client, auth, make,
                                                                                     count_queries):
    admin = make.user("admin")
    for _ in range(3):
        make.learner()
    db.session.commit()
    auth.as_user(admin)

    with count_queries() as small:
        assert client.get("/admin/learners.csv?q=Learner").status_code == 200
    for _ in range(20):
        make.learner()
    db.session.commit()
    with count_queries() as large:
        assert client.get("/admin/learners.csv?q=Learner").status_code == 200

    events = _list_events()
    assert len(events) == 2
    assert events[-1].actor_id == admin.id
    assert events[-1].detail["filters"] == {"q": "Learner", "status": "active"}
    assert events[-1].detail["learner_count"] == 23 and events[-1].detail["equity_attributes"] is True
    assert small.count == large.count


def test_the_api_list_names_the_learners_it_answered_with(client, make):
    from tracker.api.tokens import create_token

    admin = make.user("admin")
    learners = [make.learner() for _ in range(3)]
    token = create_token(admin, "audit test")[1]
    db.session.commit()

    body = client.get("/api/v1/learners?limit=2", headers={"Authorization": f"Bearer {token}"}).get_json()

    (event,) = _list_events()
    assert event.detail["learner_ids"] == sorted(row["id"] for row in body["learners"])
    assert len(event.detail["learner_ids"]) == 2 and {row["id"] for row in body["learners"]} <= {
        learner.id for learner in learners}


def test_students_and_guardians_reading_their_own_records_are_not_audited(client, auth, make):
    from tracker.api.tokens import create_token

    student, guardian = make.user("student"), make.user("guardian")
    learner = make.learner(user=student, guardians=[guardian])
    tokens = {user: create_token(user, "audit test")[1] for user in (student, guardian)}
    db.session.commit()

    for user, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        for path in ("", "/evidence", "/decisions", "/progress"):
            assert client.get(f"/api/v1/learners/{learner.id}{path}", headers=headers).status_code == 200
        assert client.get("/api/v1/learners", headers=headers).status_code == 200
        auth.as_user(user)
        for path in ("/credentials", "/credentials.json", "/transcript.csv", "/progress"):
            assert client.get(f"/learners/{learner.id}{path}").status_code == 200

    db.session.expire_all()
    reads = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.in_(["learner.view", "learners.view", "learner.view_transcript"]))).all()
    assert reads == []
