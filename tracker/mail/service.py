"""Queueing mail and delivering it by SMTP.

Every message is first written to the outbox (`queue_mail`, inside the caller's transaction: a mail
exists if and only if what caused it was saved). `deliver_pending()` sends what is due; a task of the
job queue runs it as soon as the transaction that queued a message commits (and again when a retry is
due, and every minute as a sweep: tracker/jobs/tasks.py); `flask send-mail` runs it by hand. With no SMTP server configured it sends nothing and
the messages stay readable in the outbox. A message SMTP could not take is tried again later, with a
growing wait; nothing is ever deleted.
"""
import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select, update

from ..extensions import db
from ..jobs.queue import send_named_after_commit
from ..timeutil import utcnow
from .models import OutgoingMail

log = logging.getLogger(__name__)

# How long a worker holds a message it is sending: a worker that dies mid-send lets it go after this.
CLAIM = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 1, 2, 4, ... minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def queue_mail(*, kind: str, to_address: str, subject: str, body_text: str, body_html: str | None = None,
               locale: str = "en", recipient=None, unsubscribe_url: str | None = None) -> OutgoingMail:
    """Store a message in the outbox, due now. Flushes; the caller's transaction commits it, and then
    the job queue delivers it."""
    mail = OutgoingMail(kind=kind, to_address=to_address, subject=subject, body_text=body_text,
                        body_html=body_html, locale=locale, recipient_id=getattr(recipient, "id", None),
                        next_attempt_at=utcnow(), unsubscribe_url=unsubscribe_url)
    db.session.add(mail)
    db.session.flush()
    send_named_after_commit("deliver_mail")
    return mail


def queue_templated(kind: str, user, subject, *, unsubscribe_url: str | None = None, **context) -> OutgoingMail:
    """Render templates/mail/<kind>.txt and .html in the user's language and queue them to the user.
    `subject` is a function of no arguments (so that it is translated in that language too)."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = str(subject())
        text = render_template(f"mail/{kind}.txt", user=user, subject=title, unsubscribe_url=unsubscribe_url,
                               **context)
        html = render_template(f"mail/{kind}.html", user=user, subject=title, unsubscribe_url=unsubscribe_url,
                               **context)
    return queue_mail(kind=kind, to_address=user.email, subject=title, body_text=text, body_html=html,
                      locale=user.locale or "en", recipient=user, unsubscribe_url=unsubscribe_url)


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SMTP_HOST"))


def _message(mail: OutgoingMail) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2].strip("> ") or None)
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    message["Content-Language"] = mail.locale  # after the body: making it multipart moves Content-* headers
    return message


class _Connection:
    """One SMTP connection for a run, opened at the first message; a failure to connect is kept and
    given as every message's error, so an unreachable server costs one timeout, not one per message."""

    def __init__(self):
        self.smtp = None
        self.error: Exception | None = None

    def _open(self):
        config = current_app.config
        host, port, timeout = config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]), config["MAIL_SMTP_TIMEOUT"]
        security = (config.get("MAIL_SMTP_SECURITY") or "none").lower()
        if security == "tls":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_SMTP_USERNAME"):
            smtp.login(config["MAIL_SMTP_USERNAME"], config.get("MAIL_SMTP_PASSWORD") or "")
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self.error is not None:
            raise self.error
        if self.smtp is None:
            try:
                self.smtp = self._open()
            except (OSError, smtplib.SMTPException) as error:
                self.error = error
                raise
        self.smtp.send_message(message)

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()


def _permanent(error: Exception) -> bool:
    """A refusal that trying again will not change (every recipient refused with a 5xx code)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return False


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    kept: int = 0  # no SMTP configured: left in the outbox
    errors: list[str] = field(default_factory=list)


def deliver_pending(limit: int = 200) -> Delivery:
    """Send the queued messages that are due, oldest first, at most `limit`.

    Owns its transactions (a CLI command or a job calls it, not a request): each message is claimed
    (its next attempt moved past CLAIM, so a second worker running at the same time leaves it alone),
    committed, sent, then marked sent, or given a later attempt and its error, and committed again. A
    message refused for good, or failing MAIL_MAX_ATTEMPTS times, is marked failed and kept."""
    result = Delivery()
    now = utcnow()
    due = select(OutgoingMail.id).where(OutgoingMail.status == "queued", OutgoingMail.next_attempt_at <= now)
    if not smtp_configured():
        result.kept = len(db.session.scalars(due).all())
        return result
    ids = db.session.scalars(due.order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(limit)).all()
    db.session.commit()
    connection = _Connection()
    try:
        for mail_id in ids:
            _deliver_one(mail_id, connection, result)
    finally:
        connection.close()
    return result


def _deliver_one(mail_id: int, connection: _Connection, result: Delivery) -> None:
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == "queued", OutgoingMail.next_attempt_at <= now)
        .values(next_attempt_at=now + CLAIM)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if claimed != 1:
        return  # another worker has it, or it was sent meanwhile
    mail = db.session.get(OutgoingMail, mail_id)
    try:
        connection.send(_message(mail))
    except (OSError, smtplib.SMTPException) as error:
        mail.attempts += 1
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        if _permanent(error) or mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            mail.status = "failed"
            result.failed += 1
        else:
            mail.next_attempt_at = utcnow() + retry_delay(mail.attempts)
            result.retried += 1
        result.errors.append(f"#{mail.id} to {mail.to_address}: {mail.last_error}")
        log.warning("mail #%s to %s not sent: %s", mail.id, mail.to_address, mail.last_error)
    else:
        mail.attempts += 1
        mail.status = "sent"
        mail.sent_at = utcnow()
        mail.last_error = None
        result.sent += 1
    db.session.commit()


def next_attempt_due():
    """When the earliest waiting message is due again (None when none waits)."""
    return db.session.scalar(select(func.min(OutgoingMail.next_attempt_at)).where(OutgoingMail.status == "queued"))


def outbox_list(q: str = "", status: str | None = None):
    """The outbox, newest first, searchable by address and subject."""
    from ..listing import search

    stmt = search(select(OutgoingMail).order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc()), q,
                  [OutgoingMail.to_address, OutgoingMail.subject])
    return stmt.where(OutgoingMail.status == status) if status else stmt
