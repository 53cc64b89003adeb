"""Daily and weekly digests of a person's notifications: one mail per person per period."""
from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.jobs import tasks
from tracker.mail.models import OutgoingMail
from tracker.notifications.digests import period_start, send_notification_digests
from tracker.notifications.models import Notification
from tracker.notifications.service import notify, set_preference


def test_a_weekly_digest_lists_the_weeks_notifications_once(app, make):
    teacher = make.user("teacher", locale="es", email="profe@example.org")
    daily = make.user("teacher", email="daily@example.org")
    learner = make.learner(make.section(teachers=[teacher, daily]), given_name="Maya", family_name="Hernández")
    set_preference(teacher, "evidence_submitted", "weekly")
    set_preference(daily, "evidence_submitted", "daily")
    for n in range(3):
        notify([teacher, daily], "evidence_submitted", learner=learner,
               params={"learner": learner.display_name, "competency": f"C.{n}"})
    db.session.commit()
    assert db.session.scalar(select(func.count(OutgoingMail.id))) == 0  # nothing mailed at once

    assert send_notification_digests("weekly", date(2026, 12, 7)) == 1
    db.session.commit()
    mail = db.session.scalar(select(OutgoingMail))
    assert (mail.to_address, mail.kind, mail.subject) == (
        "profe@example.org", "digest", "Su resumen semanal del Seguimiento de Progresión")
    assert mail.body_text.count("Maya Hernández envió evidencias sobre") == 3
    assert send_notification_digests("weekly", date(2026, 12, 9)) == 0  # same week: nothing again
    # A new notification later the same week waits for next week's digest (sent once per week).
    notify([teacher], "evidence_submitted", learner=learner, params={"learner": "Maya", "competency": "C.9"})
    db.session.commit()
    assert send_notification_digests("weekly", date(2026, 12, 10)) == 0
    assert send_notification_digests("weekly", date(2026, 12, 14)) == 1
    db.session.commit()

    tasks.daily_digests.call_local()  # the scheduled task: today's daily digest for the other teacher
    tasks.daily_digests.call_local()  # a second worker's schedule: nothing twice
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OutgoingMail.id)).where(
        OutgoingMail.to_address == "daily@example.org")) == 1
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.mailed_at.is_(None))) == 0


def test_periods_start_on_the_day_or_the_monday():
    assert period_start("daily", date(2026, 12, 9)) == date(2026, 12, 9)
    assert period_start("weekly", date(2026, 12, 9)) == date(2026, 12, 7)
