"""Every `flask --app tracker ...` command, registered in one place (COMMANDS at the end).

The commands of an area (the OneRoster import, the summaries, the support flags) live beside
it; the tracker-wide ones (demo, backup, restore, create-admin, prune-idempotency-keys) here.
Each command owns its transaction: it commits what it did, or rolls back.
"""
import click
from flask import Flask
from flask.cli import with_appcontext

from .dashboards.cli import summaries_group
from .extensions import db
from .jobs.cli import jobs_group, worker_command
from .mail.cli import send_mail_command
from .mastery.cli import compare_methods_command
from .rosters.oneroster.cli import import_oneroster_command
from .supports.cli import recompute_flags_command


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing (but print the logins) when data exists.")
@click.option("--scale", "scale", type=click.Choice(["school", "grade", "district"]), default="school",
              help="school: the demo school; grade: 600 learners x 130 competencies (~1M evidence); "
                   "district: 50,000 learners x 400 competencies (10M evidence; use PostgreSQL).")
def demo_command(if_empty: bool, scale: str):
    """Fill an empty database with the demo school and print its logins."""
    from .demo.service import database_is_empty, demo_logins_text, load_demo

    if scale != "school":
        _load_scale(scale)
        return

    if not database_is_empty():
        if if_empty:
            click.echo("The database already has data; the demo school was not loaded again.")
            click.echo(demo_logins_text())
            return
        raise click.ClickException("The database is not empty; the demo loads only into an empty one.")
    load_demo()
    db.session.commit()
    click.echo("Loaded the demo school.")
    click.echo(demo_logins_text())


def _load_scale(name: str) -> None:
    import time

    from .demo.bulk import refresh_planner_statistics
    from .demo.scale import build_scale

    def progress(label, length):
        bar = click.progressbar(length=length, label=f"{name}: {label}", file=None)
        bar.__enter__()

        class Bar:
            def update(self, n):
                bar.update(n)

            def finish(self):
                bar.__exit__(None, None, None)

        return Bar()

    started = time.perf_counter()
    made = build_scale(name, progress)
    db.session.commit()
    refresh_planner_statistics()
    click.echo(f"Built the {name} scale in {time.perf_counter() - started:.1f} s: "
               f"{made['learners']} learners, {made['evidence']} evidence rows, {made['decisions']} decisions.")
    click.echo(f"Logins (password demo-progress-2026): teacher {made['teacher_email']}, "
               f"student {made['student_email']}, guardian {made['guardian_email']}")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str):
    """Write a consistent snapshot of the database and the artifact files to PATH (a zip)."""
    from pathlib import Path

    from .backup.service import backup

    manifest = backup(Path(path))
    rows = sum(manifest["tables"].values())
    click.echo(f"Backed up {rows} rows in {len(manifest['tables'])} tables and "
               f"{len(manifest['artifacts'])} files to {path}.")
    if manifest["missing_artifacts"]:
        click.echo(f"Warning: {len(manifest['missing_artifacts'])} artifact files were missing on disk.")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path: str):
    """Load a backup made by `backup` into this empty, migrated database."""
    from pathlib import Path

    from .backup.service import BackupError, restore

    try:
        manifest = restore(Path(path))
    except BackupError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Restored {sum(manifest['tables'].values())} rows and {len(manifest['artifacts'])} files.")


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email: str, name: str, password: str):
    """Create an administrator account for a real install."""
    from .auth.models import User
    from .auth.service import find_user_by_email, password_problems

    problems = password_problems(password)
    if problems:
        raise click.ClickException(" ".join(problems))
    if find_user_by_email(email):
        raise click.ClickException(f"A user with the email {email} already exists.")
    user = User(email=email.strip().lower(), name=name.strip())
    user.set_roles(["admin"])
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created administrator {user.email}.")


@click.command("prune-idempotency-keys")
@with_appcontext
def prune_idempotency_keys_command():
    """Forget API Idempotency-Keys older than a day (nightly, beside recompute-flags)."""
    from .api.idempotency import forget_expired

    removed = forget_expired()
    db.session.commit()
    click.echo(f"Forgot {removed} idempotency keys older than a day.")


COMMANDS = (demo_command, backup_command, restore_command, create_admin_command, prune_idempotency_keys_command,
            import_oneroster_command, summaries_group, recompute_flags_command, worker_command, jobs_group,
            send_mail_command, compare_methods_command)


def register_cli(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
