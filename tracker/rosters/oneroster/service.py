"""OneRoster CSV roster import (1.1 and 1.2): the service the pages and the command line use.

The pieces: files.py reads a zip, folder or set of CSV files; map.py and
people.py decide what the tracker should hold; plan.py compares that with the
database (the dry run); apply.py writes it. Here: keeping an upload, running a dry
run or an apply for a RosterImport record (inline, or as a job of the queue with progress),
and the account links an administrator confirms. The `import-oneroster` command is in cli.py.
"""
import json
import logging
import os
import secrets
import time
import zipfile
from pathlib import Path

from flask import current_app
from sqlalchemy import update

from ...audit import service as audit
from ...extensions import db
from ...timeutil import today, utcnow
from ..models import RosterImport
from .apply import apply_plan
from .files import read_set
from .unpack import UnpackLimits, load_path
from .plan import Plan, build_plan, report
from .problems import CONFIRMABLE

log = logging.getLogger(__name__)
STALLED_AFTER_SECONDS = 15 * 60


# Keeping an upload ---------------------------------------------------------------------------

def uploads_dir() -> Path:
    """Where uploads wait to be applied: ONEROSTER_UPLOAD_DIR, else <instance>/roster_imports."""
    path = Path(current_app.config.get("ONEROSTER_UPLOAD_DIR") or Path(current_app.instance_path) / "roster_imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def create_import(uploads: list[tuple[str, bytes]], user) -> RosterImport:
    """Keep the uploaded files under a random name and open an import record (status planning).

    One zip is kept as it is; CSV files uploaded together are kept as one zip of them.
    """
    names = [os.path.basename(name) or "upload" for name, _data in uploads]
    stored_name = f"{secrets.token_hex(16)}.zip"
    path = uploads_dir() / stored_name
    if len(uploads) == 1 and names[0].lower().endswith(".zip"):
        path.write_bytes(uploads[0][1])
    else:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, (_original, data) in zip(names, uploads):
                archive.writestr(name, data)
    source_name = ", ".join(names)
    if len(source_name) > 255:
        source_name = source_name[:252] + "…"
    roster_import = RosterImport(source_name=source_name, stored_name=stored_name, status="planning",
                                 created_by_id=getattr(user, "id", None))
    db.session.add(roster_import)
    db.session.flush()
    return roster_import


def stored_path(roster_import: RosterImport) -> Path:
    return uploads_dir() / roster_import.stored_name


def upload_size(roster_import: RosterImport) -> int:
    path = stored_path(roster_import)
    return path.stat().st_size if path.exists() else 0


def runs_in_background(roster_import: RosterImport) -> bool:
    return upload_size(roster_import) > current_app.config.get("ONEROSTER_BACKGROUND_BYTES", 256 * 1024)


# Dry run and apply -----------------------------------------------------------------------------

def plan_files(path: Path, progress=None, confirmed=()) -> Plan:
    """The dry run for a zip, folder or CSV file at `path` (with the account links an admin confirmed)."""
    if progress:
        progress("reading", 0, 3)
    limits = UnpackLimits(total=current_app.config["ONEROSTER_MAX_UNPACKED_BYTES"],
                          member=current_app.config["ONEROSTER_MAX_MEMBER_BYTES"])
    files, problems = load_path(path, limits)
    roster = read_set(files, problems)
    return build_plan(roster, today=today(), progress=progress, confirmed=confirmed,
                      max_absent_share=current_app.config.get("ONEROSTER_MAX_ABSENT_SHARE", 0.2))


def _status_with_errors(plan: Plan) -> str:
    """'needs_confirmation' when the only errors are account collisions an admin may confirm, else 'refused'."""
    return "needs_confirmation" if plan.needs_confirmation else "refused"


def record_plan(roster_import: RosterImport, plan: Plan) -> dict:
    data = report(plan)
    roster_import.report = data
    roster_import.oneroster_version = plan.version
    roster_import.counts = data["counts"]
    roster_import.change_count = plan.total_changes()
    roster_import.error_count = data["problem_counts"]["error"]
    roster_import.warning_count = data["problem_counts"]["warning"]
    return data


def dry_run(roster_import: RosterImport, progress=None) -> Plan:
    """Plan the stored upload and keep the report; status 'planned', 'needs_confirmation' when the
    only errors are account collisions an administrator may confirm, or 'refused' for other errors."""
    plan = plan_files(stored_path(roster_import), progress, roster_import.confirmed_links or ())
    record_plan(roster_import, plan)
    roster_import.status = _status_with_errors(plan) if plan.errors else "planned"
    roster_import.planned_at = utcnow()
    return plan


def apply_import(roster_import: RosterImport, actor, progress=None) -> Plan:
    """Plan again against the database as it is now and write the changes (status 'applied').

    With any error nothing is written and the status is 'refused' (or 'needs_confirmation' when
    the tracker changed so that a new account collision appeared). The caller commits once.
    """
    plan = plan_files(stored_path(roster_import), progress, roster_import.confirmed_links or ())
    if plan.errors:
        record_plan(roster_import, plan)
        roster_import.status = _status_with_errors(plan)
        return plan
    # The import record is written only after the roster: on PostgreSQL, Progress updates that
    # row from a connection of its own, which must not wait for this transaction's row lock.
    apply_plan(plan, progress)
    record_plan(roster_import, plan)
    roster_import.created_user_ids = [change.id for change in plan.changes["user"]["create"]]
    roster_import.status = "applied"
    roster_import.applied_at = utcnow()
    audit.record(actor, "roster_import.apply", roster_import, changes=plan.total_changes(),
                 version=plan.version)
    return plan


class UnknownLinks(ValueError):
    """Links asked for that are not collisions of this import's dry run."""

    def __init__(self, keys):
        super().__init__(", ".join(keys))
        self.keys = keys


def offered_links(roster_import: RosterImport) -> list[dict]:
    """The account collisions of the last dry run an administrator may confirm, with their problems."""
    return [p for p in (roster_import.report or {}).get("problems", [])
            if p["code"] in (*CONFIRMABLE, "account_linked", "absent_confirmed") and p.get("params", {}).get("link")]


def confirm_links(roster_import: RosterImport, keys) -> None:
    """Keep the collisions an administrator confirmed ("<sourcedId>#<account id>"), replacing earlier ones.

    Only collisions the last dry run reported can be confirmed (raises UnknownLinks otherwise);
    the caller runs the dry run again, which then reports each one as linked.
    """
    offered = {p["params"]["link"] for p in offered_links(roster_import)}
    unknown = sorted(set(keys) - offered)
    if unknown:
        raise UnknownLinks(unknown)
    roster_import.confirmed_links = sorted(set(keys))


def discard_upload(roster_import: RosterImport) -> None:
    """Delete the kept files once they can no longer be applied (they hold pupils' personal data).

    Called after the commit; the report stays in the database.
    """
    if roster_import.status in ("applied", "refused") and roster_import.stored_name:
        stored_path(roster_import).unlink(missing_ok=True)


def claim(roster_import_id: int, from_status: str, to_status: str) -> bool:
    """Move an import from one status to the next, if nobody else did first (a double click)."""
    result = db.session.execute(update(RosterImport).where(
        RosterImport.id == roster_import_id, RosterImport.status == from_status,
    ).values(status=to_status, progress_done=0, progress_total=0, progress_phase=None, updated_at=utcnow()))
    return result.rowcount == 1


def mark_failed(roster_import_id: int, message: str) -> None:
    db.session.execute(update(RosterImport).where(RosterImport.id == roster_import_id)
                       .values(status="failed", message=message[:2000], updated_at=utcnow()))


# Background work and progress ------------------------------------------------------------------

class Progress:
    """Progress of a running import, readable from any request.

    Written to a small file beside the upload; on SQLite that is the only place, because the
    import's own transaction holds the database's single write lock until it commits. On
    PostgreSQL the import record is updated too, from a connection of its own.
    """

    def __init__(self, roster_import: RosterImport):
        self.import_id = roster_import.id
        self.path = uploads_dir() / f"{roster_import.stored_name}.progress.json"
        self.last = 0.0
        self.use_row = db.engine.dialect.name != "sqlite"

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        data = {"phase": phase, "done": done, "total": total}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, self.path)
        if self.use_row:
            with db.engine.begin() as connection:
                connection.execute(update(RosterImport).where(RosterImport.id == self.import_id).values(
                    progress_phase=phase, progress_done=done, progress_total=total, updated_at=utcnow()))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def read_progress(roster_import: RosterImport) -> dict:
    """{"phase", "done", "total"} of a running import (zeros when not yet known)."""
    data = {"phase": roster_import.progress_phase, "done": roster_import.progress_done,
            "total": roster_import.progress_total}
    if roster_import.stored_name and roster_import.running:
        path = uploads_dir() / f"{roster_import.stored_name}.progress.json"
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            pass
    return data


def stalled(roster_import: RosterImport) -> bool:
    """A running import nobody has worked on for STALLED_AFTER_SECONDS (no job worker is running)."""
    if not roster_import.running:
        return False
    path = uploads_dir() / f"{roster_import.stored_name}.progress.json"
    last = path.stat().st_mtime if path.exists() else 0
    age = min(time.time() - last, (utcnow() - roster_import.updated_at).total_seconds())
    return age > STALLED_AFTER_SECONDS


def start_in_background(roster_import: RosterImport, action: str, actor_id: int | None):
    """Queue the dry run ('plan') or the apply ('apply'); the queue's worker runs it after the commit."""
    from ...jobs import runner

    return runner.create(f"roster_{action}", subject_id=roster_import.id, params={"actor_id": actor_id})


def run_plan_job(job):
    """The queue's job for a dry run (flushes; the runner commits); deletes a refused upload after."""
    return _run_job(job, "plan")


def run_apply_job(job):
    """The queue's job for an apply (flushes; the runner commits it with the job)."""
    return _run_job(job, "apply")


def _run_job(job, action: str):
    from ...auth.models import User

    record = db.session.get(RosterImport, job.subject_id)
    if record is None or record.status != ("applying" if action == "apply" else "planning"):
        return None  # done before (a task run twice), or no longer waiting for this
    progress = Progress(record)
    try:
        if action == "apply":
            actor_id = (job.params or {}).get("actor_id")
            apply_import(record, db.session.get(User, actor_id) if actor_id else None, progress)
        else:
            dry_run(record, progress)
    finally:
        progress.clear()
    return lambda: discard_upload(record)  # once the import is committed


def fail_job(job, message: str) -> None:
    """The job failed on an unexpected error: the import says so (its upload is kept for a retry)."""
    mark_failed(job.subject_id, message)


def reset_job(job) -> None:
    """Ready a failed import for an administrator's retry: back to planning or applying."""
    from flask_babel import gettext as _

    record = db.session.get(RosterImport, job.subject_id)
    if record is None or not record.stored_name or not stored_path(record).exists():
        raise ValueError(_("The uploaded files are no longer kept here; upload them again."))
    if not claim(record.id, "failed", "applying" if job.kind == "roster_apply" else "planning"):
        raise ValueError(_("This import is no longer waiting to be run."))
