"""`flask --app tracker recompute-flags`: the nightly recomputation of every learner's support flags."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from .service import recompute_all, refresh_pending


@click.command("recompute-flags")
@with_appcontext
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge as of this day (YYYY-MM-DD) instead of today.")
@click.option("--pending", is_flag=True, help="Only the learners whose evidence or decisions changed.")
def recompute_flags_command(today, pending):
    """Recompute every learner's support flags (stalled flags appear with time alone), committing per batch."""
    if pending:
        total = refresh_pending(today=today.date() if today else None)
        db.session.commit()
        click.echo(f"Support flags: {total.raised} raised, {total.resolved} resolved, {total.kept} still open.")
        return
    total = recompute_all(today=today.date() if today else None, on_batch=lambda _changes: db.session.commit())
    db.session.commit()
    click.echo(f"Support flags: {total.raised} raised, {total.resolved} resolved, {total.kept} still open.")
