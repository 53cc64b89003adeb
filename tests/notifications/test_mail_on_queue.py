"""Mail goes out through the job queue: a task sent after the commit that queued a message, retried
with backoff while SMTP is unreachable, and a sweep every minute. Against a real SMTP server."""
from datetime import timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.jobs import tasks
from tracker.jobs.queue import huey
from tracker.mail.models import OutgoingMail
from tracker.mail.service import queue_mail
from tracker.timeutil import utcnow

from ..smtp_server import SmtpServer, free_port, text_of


def _queue(to="ana@example.org"):
    mail = queue_mail(kind="invitation", to_address=to, subject="Hola", body_text="Texto", locale="es")
    db.session.commit()
    return mail.id


def test_a_message_is_delivered_by_the_queue_after_its_commit(app, smtp_server, run_queued_jobs):
    _queue()
    assert run_queued_jobs(only="deliver_mail") == 1
    assert text_of(smtp_server.inbox.wait_for("ana@example.org")).strip() == "Texto"
    assert db.session.scalar(select(OutgoingMail.status)) == "sent"


def test_a_rolled_back_message_sends_no_task(app):
    queue_mail(kind="invitation", to_address="x@example.org", subject="S", body_text="T")
    db.session.rollback()
    assert huey.pending_count() == 0


def test_unreachable_then_reachable_smtp_delivers_once(app, run_queued_jobs):
    app.config.update({"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": free_port(), "MAIL_SMTP_SECURITY": "none"})
    mail_id = _queue()
    run_queued_jobs()  # the task tries, fails, and schedules itself for the retry (put aside until due)
    db.session.expire_all()
    mail = db.session.get(OutgoingMail, mail_id)
    assert (mail.status, mail.attempts) == ("queued", 1)  # kept, nothing lost
    retry_at = mail.next_attempt_at
    assert retry_at > utcnow() + timedelta(seconds=50)  # backoff
    scheduled = huey.scheduled()
    assert [task.name for task in scheduled] == ["deliver_mail"]  # the retry is scheduled for then
    assert abs((scheduled[0].eta - retry_at).total_seconds()) < 1

    with SmtpServer() as server:
        app.config.update(server.config())
        db.session.execute(OutgoingMail.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        run_queued_jobs(scheduled=True)  # the retry's time has come
        tasks.mail_sweep.call_local()  # and the minute's sweep finds nothing more to send
        server.inbox.wait_for("ana@example.org")
        assert len(server.inbox.messages) == 1
    db.session.expire_all()
    mail = db.session.get(OutgoingMail, mail_id)
    assert (mail.status, mail.attempts) == ("sent", 2)


def test_the_sweep_sends_what_no_task_was_sent_for(app, smtp_server):
    mail = OutgoingMail(kind="invitation", to_address="lost@example.org", subject="S", body_text="T")
    db.session.add(mail)  # as if queued while the queue was down: no task
    db.session.commit()
    tasks.mail_sweep.call_local()
    smtp_server.inbox.wait_for("lost@example.org")


def test_the_schedule_has_the_sweep_and_the_digests():
    from datetime import datetime

    periodic = {task.name: task for task in huey._registry.periodic_tasks}
    assert periodic["mail_sweep"].validate_datetime(datetime(2026, 12, 5, 13, 37))
    assert periodic["family_digests_weekly"].validate_datetime(datetime(2026, 12, 4, 15, 0))  # a Friday
    assert periodic["weekly_digests"].validate_datetime(datetime(2026, 12, 7, 6, 40))  # a Monday
    assert periodic["daily_digests"].validate_datetime(datetime(2026, 12, 8, 6, 30))
    assert periodic["overdue_requests_hourly"].validate_datetime(datetime(2026, 12, 8, 9, 5))
