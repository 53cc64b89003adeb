"""The notification list, the header count, marking read, choices, and the unsubscribe link."""
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.notifications.models import Notification, NotificationPreference
from tracker.notifications.service import notify, preferences_for, unsubscribe_token


def _notes(user, learner, count):
    for n in range(count):
        notify([user], "evidence_submitted", learner=learner, subject_id=n,
               params={"learner": learner.display_name, "competency": f"C.{n}"}, link=f"/evidence/{n + 1}")
    db.session.commit()


def _teacher_and_learner(make):
    teacher = make.user("teacher")
    learner = make.learner(make.section(teachers=[teacher]), given_name="Maya", family_name="Hernández")
    return teacher, learner


def test_the_list_shows_the_readers_notifications_and_the_header_counts_them(app, client, auth, make):
    teacher, learner = _teacher_and_learner(make)
    _notes(teacher, learner, 3)
    other = make.user("teacher")
    _notes(other, make.learner(make.section(teachers=[other]), given_name="Zed"), 2)
    auth.as_user(teacher)
    body = client.get("/notifications").get_data(as_text=True)
    assert body.count("Maya Hernández submitted evidence on") == 3 and "Zed" not in body
    assert '<span class="count-badge">3' in body
    assert 'class="count-badge">3' in client.get("/").get_data(as_text=True)  # on every page


def test_the_list_in_spanish(app, client, auth, make):
    teacher, learner = _teacher_and_learner(make)
    teacher.locale = "es"
    _notes(teacher, learner, 1)
    auth.as_user(teacher)
    client.post("/language", data={"locale": "es", "next": "/notifications"})
    body = client.get("/notifications").get_data(as_text=True)
    assert "Maya Hernández envió evidencias sobre C.0 para que las revises." in body


def test_the_header_count_is_one_statement_and_the_list_does_not_grow(app, client, auth, make, count_queries):
    teacher, learner = _teacher_and_learner(make)
    auth.as_user(teacher)
    counts = []
    for size in (2, 20):
        _notes(teacher, learner, size)
        with count_queries() as counter:
            assert client.get("/notifications").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    with count_queries() as counter:
        client.get("/notifications/preferences")
    assert sum("notification" in s and "count(" in s.lower() for s in counter.statements) == 1


def test_mark_one_read_then_all(app, client, auth, make):
    teacher, learner = _teacher_and_learner(make)
    _notes(teacher, learner, 3)
    first = db.session.scalar(select(Notification.id).order_by(Notification.id))
    auth.as_user(teacher)
    response = client.post("/notifications/read", data={"notification_id": str(first), "open": "/evidence/1"})
    assert response.status_code == 303 and response.location.endswith("/evidence/1")
    unread = select(func.count(Notification.id)).where(Notification.read_at.is_(None))
    assert db.session.scalar(unread) == 2
    client.post("/notifications/read-all")
    assert db.session.scalar(unread) == 0
    away = client.post("/notifications/read", data={"notification_id": str(first), "open": "/\\evil.example"})
    assert away.location.endswith("/notifications")  # never off the site


def test_nobody_marks_anothers_notification_and_bad_ids_change_nothing(app, client, auth, make):
    teacher, learner = _teacher_and_learner(make)
    _notes(teacher, learner, 1)
    mine = db.session.scalar(select(Notification.id))
    intruder = make.user("teacher")
    db.session.commit()
    auth.as_user(intruder)
    for value in (str(mine), "abc", "-1", "99999999999"):
        page = client.post("/notifications/read", data={"notification_id": value}, follow_redirects=True)
        assert "That notification was not found among yours" in page.get_data(as_text=True)
    client.post("/notifications/read-all")
    assert db.session.scalar(select(Notification.read_at)) is None
    assert client.post("/notifications/read", data={"notification_id": str(mine), "open": "//evil.example"}
                       ).status_code == 303  # (and it is not theirs: nothing opened)


def test_preferences_are_saved_per_kind_for_the_persons_roles(app, client, auth, make):
    student = make.user("student", "validator")
    db.session.commit()
    auth.as_user(student)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert "Feedback on your evidence" in page and "A new request in the validation queue" in page
    assert "A student submitted evidence" not in page  # a teacher's kind
    response = client.post("/notifications/preferences", data={"kind-evidence_feedback": "weekly",
                                                               "kind-request_new": "off"})
    assert response.status_code == 303
    db.session.expire_all()
    assert preferences_for(student)["evidence_feedback"] == "weekly"
    assert preferences_for(student)["request_new"] == "off"


def test_an_unknown_kind_or_choice_is_named_and_nothing_changes(app, client, auth, make):
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    for data, words in (({"kind-evidence_submitted": "off", "kind-no_such_kind": "app"}, "no_such_kind"),
                        ({"kind-evidence_submitted": "off", "kind-family_digest": "off"}, "family_digest"),
                        ({"kind-evidence_submitted": "hourly"}, "“hourly” is not one of the choices")):
        response = client.post("/notifications/preferences", data=data)
        assert response.status_code == 400
        assert words in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 0


def test_unsubscribe_without_signing_in(app, client, make):
    guardian = make.user("guardian")
    db.session.commit()
    token = unsubscribe_token(guardian, "family_digest")
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and "Stop receiving “The weekly family digest by email”?" in page.get_data(as_text=True)
    assert preferences_for(guardian)["family_digest"] == "weekly"  # a GET (a mail scanner) changes nothing
    done = client.post(f"/unsubscribe/{token}")  # no sign-in, no form token: the one-click POST (RFC 8058)
    assert done.status_code == 200 and "you will no longer receive" in done.get_data(as_text=True)
    db.session.expire_all()
    assert preferences_for(guardian)["family_digest"] == "off"


def test_a_tampered_unsubscribe_token_is_refused_and_changes_nothing(app, client, make):
    guardian, other = make.user("guardian"), make.user("guardian")
    db.session.commit()
    token = unsubscribe_token(guardian, "family_digest")
    forged = token.replace(token.split(".")[0], unsubscribe_token(other, "family_digest").split(".")[0])
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "not-a-token"):
        for method in ("GET", "POST"):
            response = client.open(f"/unsubscribe/{bad}", method=method)
            assert response.status_code == 400
            assert "This unsubscribe link is not valid" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(NotificationPreference.id))) == 0


def test_a_staff_read_of_the_list_is_audited_naming_the_learners(app, client, auth, make):
    from tracker.audit.models import AuditEvent

    teacher, learner = _teacher_and_learner(make)
    _notes(teacher, learner, 2)
    auth.as_user(teacher)
    client.get("/notifications")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learners.view"))
    assert event.actor_id == teacher.id and event.detail["learner_ids"] == [learner.id]
