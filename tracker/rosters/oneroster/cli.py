"""`flask import-oneroster PATH [--dry-run] [--confirm-link SOURCEDID#ACCOUNT | absent:KIND]`: the same
dry run and apply as the import pages, reported as plain text."""
import io
import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from ...audit import service as audit
from ...extensions import db
from ...timeutil import utcnow
from ..models import RosterImport
from .service import record_plan, plan_files
from .apply import apply_plan
from .problems import CONFIRMABLE, describe


@click.command("import-oneroster")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@click.option("--confirm-link", "links", multiple=True, metavar="SOURCEDID#ACCOUNT",
              help="Link a row to the existing account the dry run named (an account collision), or "
                   "confirm the deactivations a bulk file asks for (absent:learner, absent:user, ...).")
def import_oneroster_command(path: Path, dry_run: bool, links: tuple[str, ...]):
    """Import a OneRoster 1.1 or 1.2 CSV set (a zip or a folder) into the rosters."""
    started = time.monotonic()
    with force_locale("en"):
        plan = plan_files(path, confirmed=links)
        roster_import = RosterImport(source_name=str(path)[-255:], status="planning",
                                     confirmed_links=sorted(links) or None)
        db.session.add(roster_import)
        record_plan(roster_import, plan)
        click.echo(summary_text(roster_import.report))
        if plan.errors:
            db.session.rollback()
            raise click.ClickException(f"Nothing was imported: {len(plan.errors)} errors.")
        if dry_run:
            db.session.rollback()
            click.echo(f"Dry run: nothing was changed ({time.monotonic() - started:.1f} s).")
            return
        apply_plan(plan)
        roster_import.status, roster_import.applied_at = "applied", utcnow()
        roster_import.planned_at = roster_import.applied_at
        audit.record(None, "roster_import.apply", roster_import, changes=plan.total_changes(),
                     version=plan.version)
        db.session.commit()
        click.echo(f"Imported: {plan.total_changes()} changes ({time.monotonic() - started:.1f} s).")


def summary_text(data: dict) -> str:
    """The report as plain text lines (for the command line)."""
    out = io.StringIO()
    out.write(f"OneRoster {data['version']}, {data['rows']} rows\n")
    for entity, counts in data["counts"].items():
        out.write(f"  {entity:20} create {counts['create']:>6}  update {counts['update']:>6}  "
                  f"deactivate {counts['deactivate']:>6}  unchanged {counts['unchanged']:>6}\n")
    for problem in data["problems"]:
        out.write(f"{problem['severity']}: {describe(problem)}\n")
        if problem["severity"] == "error" and problem["code"] in CONFIRMABLE:
            reason = "if they really left" if problem["code"] == "absent_share" else "if it is the same person"
            out.write(f"  ({reason}: --confirm-link {problem['params']['link']})\n")
    hidden = sum(data["problem_counts"].values()) - len(data["problems"])
    if hidden > 0:
        out.write(f"… and {hidden} more problems\n")
    return out.getvalue()
