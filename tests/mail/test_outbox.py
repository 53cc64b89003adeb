"""The outbox and its delivery through a real SMTP server (aiosmtpd)."""
from datetime import timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.mail.models import OutgoingMail
from tracker.mail.service import deliver_pending, queue_mail, retry_delay
from tracker.timeutil import utcnow

from ..local_services import free_port
from ..smtp_server import text_of


def _queue(to="ana@example.org", **kw):
    mail = queue_mail(kind="invitation", to_address=to, subject=kw.pop("subject", "Hola"),
                      body_text="Texto con ñ y un enlace", body_html="<p>Texto</p>", locale="es", **kw)
    db.session.commit()
    return mail


def test_a_queued_message_arrives_at_the_smtp_server_once(app, smtp_server):
    mail = _queue()
    result = deliver_pending()
    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    message = smtp_server.inbox.wait_for("ana@example.org")
    assert message["Subject"] == "Hola"
    assert message["Content-Language"] == "es"
    assert "Texto con ñ" in text_of(message)
    assert message.get_body(preferencelist=("html",)).get_content().strip() == "<p>Texto</p>"
    db.session.expire_all()
    stored = db.session.get(OutgoingMail, mail.id)
    assert (stored.status, stored.attempts, stored.last_error) == ("sent", 1, None)
    assert stored.sent_at is not None
    assert deliver_pending().sent == 0  # sent once, never again
    assert len(smtp_server.inbox.messages) == 1


def test_without_smtp_the_messages_stay_in_the_outbox(app, runner):
    _queue()
    result = runner.invoke(args=["send-mail"])
    assert "stay in the outbox" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(OutgoingMail.status)).all() == ["queued"]


def test_an_unreachable_server_leaves_the_message_queued_then_it_is_retried(app, runner):
    closed_port = free_port()  # nothing listens there: the connection is refused
    app.config.update({"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": closed_port, "MAIL_SMTP_SECURITY": "none"})
    first, second = _queue("a@example.org"), _queue("b@example.org")
    result = runner.invoke(args=["send-mail"])
    assert "to try again later 2" in result.output, result.output
    db.session.expire_all()
    for mail in (db.session.get(OutgoingMail, first.id), db.session.get(OutgoingMail, second.id)):
        assert mail.status == "queued" and mail.attempts == 1
        assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
        assert mail.next_attempt_at > utcnow() + timedelta(seconds=50)  # not before the backoff
    assert deliver_pending().sent == 0  # not due yet: nothing is tried

    # The server comes up; once the wait is over the messages go out, nothing was lost.
    from ..smtp_server import SmtpServer

    with SmtpServer() as server:
        app.config.update(server.config())
        db.session.execute(OutgoingMail.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        result = deliver_pending()
        assert result.sent == 2
        server.inbox.wait_for("a@example.org")
        server.inbox.wait_for("b@example.org")
    db.session.expire_all()
    assert [m.attempts for m in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))] == [2, 2]


def test_retries_wait_longer_each_time_and_end_as_failed(app):
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == timedelta(hours=6)
    app.config.update({"MAIL_SMTP_HOST": "127.0.0.1", "MAIL_SMTP_PORT": free_port(), "MAIL_SMTP_SECURITY": "none",
                       "MAIL_MAX_ATTEMPTS": 2})
    mail = _queue()
    deliver_pending()
    db.session.execute(OutgoingMail.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert deliver_pending().failed == 1
    db.session.expire_all()
    stored = db.session.get(OutgoingMail, mail.id)
    assert (stored.status, stored.attempts) == ("failed", 2)
    assert stored.last_error  # kept, with its reason


def test_the_outbox_page_lists_and_shows_messages_to_admins(app, client, auth, make):
    admin = make.user("admin")
    mail = _queue(subject="Bienvenida")
    auth.as_user(admin)
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Bienvenida" in body and "ana@example.org" in body and "No mail server is configured" in body
    shown = client.get(f"/admin/outbox/{mail.id}").get_data(as_text=True)
    assert "Texto con ñ y un enlace" in shown
    assert client.get("/admin/outbox?delivery=sent").get_data(as_text=True).count("Bienvenida") == 0
