"""`flask --app tracker summaries rebuild`: recompute every evidence summary from the evidence."""
import time

import click
from flask.cli import AppGroup

from ..extensions import db
from .summaries import rebuild_all

summaries_group = AppGroup("summaries", help="Evidence summaries behind the class heatmap (derived data).")


@summaries_group.command("rebuild")
def rebuild_command():
    """Recompute every learner × competency summary from the evidence table."""
    started = time.perf_counter()
    cells = rebuild_all()
    db.session.commit()
    click.echo(f"Rebuilt {cells} evidence summaries in {time.perf_counter() - started:.1f} s.")
