"""Support flags and interventions: the blueprint, and the nightly `flask --app tracker recompute-flags`."""
import click
from flask import Blueprint

# cli_group=None: the command is `flask recompute-flags`, not `flask supports recompute-flags`.
bp = Blueprint("supports", __name__, cli_group=None)


@bp.cli.command("recompute-flags")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge as of this day (YYYY-MM-DD) instead of today.")
@click.option("--pending", is_flag=True, help="Only the learners whose evidence or decisions changed.")
def recompute_flags_command(today, pending):
    """Recompute every learner's support flags (stalled flags appear with time alone), committing per batch."""
    from ..extensions import db
    from .service import recompute_all, refresh_pending

    if pending:
        total = refresh_pending(today=today.date() if today else None)
        db.session.commit()
        click.echo(f"Support flags: {total.raised} raised, {total.resolved} resolved, {total.kept} still open.")
        return
    total = recompute_all(today=today.date() if today else None, on_batch=lambda _changes: db.session.commit())
    db.session.commit()
    click.echo(f"Support flags: {total.raised} raised, {total.resolved} resolved, {total.kept} still open.")
