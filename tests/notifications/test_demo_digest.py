"""The demo school: notifications for every role that receives some, made by the real code paths, and
the weekly family digest of its Spanish-speaking guardian, in Spanish."""
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.demo.service import load_demo
from tracker.extensions import db
from tracker.mail.models import OutgoingMail
from tracker.notifications import digests
from tracker.notifications.models import Notification

from ..smtp_server import text_of


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_the_demo_school_has_notifications_and_a_spanish_family_digest(app, smtp_server, run_queued_jobs):
    load_demo()
    db.session.commit()
    told = dict(db.session.execute(select(User.email, func.count(Notification.id))
                                   .join(Notification, Notification.recipient_id == User.id).group_by(User.email)).all())
    for email in ("admin@demo.school", "rivera@demo.school", "whitfield@demo.school", "ortiz@demo.school",
                  "maya.hernandez@students.demo.school", "lucia.hernandez@family.demo.school"):
        assert told.get(email), f"{email} has no notification in the demo"
    kinds = set(db.session.scalars(select(Notification.kind).distinct()))
    assert {"evidence_submitted", "evidence_feedback", "request_new", "support_needed", "family_digest"} <= kinds

    lucia = _user("lucia.hernandez@family.demo.school")
    assert lucia.locale == "es"
    run_queued_jobs()  # the mail goes out through the queue
    message = smtp_server.inbox.wait_for(lucia.email)
    assert message["Subject"] == "Esta semana en la escuela: Maya"
    assert message["Content-Language"] == "es"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http") and "/unsubscribe/" in message["List-Unsubscribe"]
    text = text_of(message)
    assert text.startswith("Hola Lucía Hernández:")
    assert "Así fue esta semana en la escuela." in text
    assert "== Maya ==" in text
    assert ("Dominado esta semana:" in text) or ("Esta semana no dominó ningún paso nuevo." in text)
    assert "pasos dominados." in text  # where she stands, in words
    assert "Maya" in text and ("ritmo" in text or "velocidad" in text or "acaba de empezar" in text)  # on pace or not
    assert "¿Preguntas? Contacte con:" in text and "@demo.school" in text  # whom to contact
    assert "Para dejar de recibir estos correos semanales, abra este enlace:" in text
    for english in ("Hello", "this week", "Mastered", "Questions?"):
        assert english not in text

    # Once per week: the Friday task run again (or by a second worker) sends nothing more.
    assert digests.send_family_digest(lucia) is False
    db.session.commit()
    assert db.session.scalar(select(func.count(OutgoingMail.id)).where(
        OutgoingMail.to_address == lucia.email, OutgoingMail.kind == "family_digest")) == 1
