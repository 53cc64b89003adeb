"""`flask --app tracker send-mail`: deliver the outbox's messages that are due, once."""
import click
from flask.cli import with_appcontext


@click.command("send-mail")
@with_appcontext
@click.option("--limit", default=200, show_default=True, help="At most this many messages in one run.")
def send_mail_command(limit: int):
    """Deliver the outbox's messages that are due through SMTP, once (run it every minute or so).
    Without MAIL_SMTP_HOST nothing is sent: the messages stay in the outbox (/admin/outbox)."""
    from .service import deliver_pending

    result = deliver_pending(limit=limit)
    if result.kept:
        click.echo(f"No SMTP server configured (MAIL_SMTP_HOST): {result.kept} messages stay in the outbox.")
        return
    click.echo(f"Sent {result.sent}, to try again later {result.retried}, failed for good {result.failed}.")
    for line in result.errors[:20]:
        click.echo(f"  {line}", err=True)
