"""Framework imports run as jobs of the queue (tracker/jobs) while the browser shows their progress.

The request stores an `ImportJob` row (what the import page shows) and a queue job holding the
uploaded file; the queue's worker runs the import after the request commits. The import itself is
one transaction, committed together with its job's `done`: it either commits whole, with the
import marked done and its report, or rolls back and the import is marked failed with the reason.
A worker lost mid-import leaves nothing behind and the queue runs the import again (tracker/jobs/
runner.py). Progress is written to the import row on a separate connection, so any app server
can answer the browser's status polls from the database.

While an import is only building objects in memory it holds no write lock, so the progress
writes go through on SQLite as well; the final flush and commit (a second or so for a few
thousand rows) is shown as "saving". An import nobody worked on for STALE_AFTER (no worker
running) is shown as failed.
"""
import logging
import time
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from ..extensions import db
from ..sqlite_connections import write_without_waiting
from ..timeutil import utcnow
from .models import Framework, ImportJob

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)
PROGRESS_EVERY_SECONDS = 0.2
BUSY_PAUSE_SECONDS = 2.0  # after a skipped update, let the import run a while before trying again


def create_job(kind: str, user, payload: bytes, *, filename: str | None = None,
               framework: Framework | None = None, locale: str = "en", source_url: str | None = None) -> ImportJob:
    """A queued import and the queue job that runs it once the request commits (flushes).
    Its messages are written in `locale`, the language of the person who started it; `source_url`: the
    CASE server address the package was read from (the framework keeps it, for a re-sync)."""
    from ..jobs import runner

    job = ImportJob(kind=kind, status="queued", filename=(filename or "")[:255] or None,
                    created_by_id=user.id, framework_id=framework.id if framework is not None else None)
    db.session.add(job)
    db.session.flush()
    params = {"locale": locale, **({"source_url": source_url} if source_url else {})}
    runner.create("framework_import", subject_id=job.id, params=params, payload=payload, user=user)
    return job


class ProgressWriter:
    """Writes a job's progress on its own short transactions, at most every PROGRESS_EVERY_SECONDS."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = 0.0

    def write(self, **values) -> None:
        values["updated_at"] = utcnow()
        try:
            # Never wait on the import's own lock: skip this update instead.
            write_without_waiting(db.engine, update(ImportJob).where(ImportJob.id == self.job_id).values(**values))
        except OperationalError:
            log.info("import job %s: progress update skipped (database busy)", self.job_id)
            self.last = time.monotonic() + BUSY_PAUSE_SECONDS

    def __call__(self, done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if phase == "saving" or done in (0, total) or now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            self.write(done=done, total=total, status="saving" if phase == "saving" else "running")


def run_import(queued) -> None:
    """Run one import to the end (the queue's job `queued` carries the file), recording the outcome on
    the import row (flushes; the job runner commits it with the job). A file refused is an outcome,
    not a job failure: the import page says why and nothing is imported."""
    from ..audit import service as audit
    from ..auth.models import User
    from .interchange.case import import_package
    from .interchange.case_check import CaseProblem, parse_json
    from .interchange.csv_io import CsvProblems, import_csv
    from .scales import ensure_default_scales
    from .service import FrameworkLocked

    job_id = queued.subject_id
    with force_locale((queued.params or {}).get("locale", "en")):
        job = db.session.get(ImportJob, job_id)
        if job is None or job.finished:
            return  # done before (a task run twice), or deleted
        payload = queued.payload
        progress = ProgressWriter(job_id)
        try:
            ensure_default_scales()  # committed on its own, so the import takes no lock early
            db.session.commit()
            progress.write(status="running", done=0)
            job = db.session.get(ImportJob, job_id)
            if job.kind == "case":
                report = import_package(parse_json(payload), progress=progress)
            else:
                framework = db.session.get(Framework, job.framework_id)
                if framework is None:
                    raise FrameworkLocked(_("The framework for this import no longer exists."))
                report = import_csv(framework, payload, progress=progress)
            job.status, job.report, job.framework_id = "done", report, report["framework_id"]
            if (queued.params or {}).get("source_url"):
                db.session.get(Framework, report["framework_id"]).case_source_url = queued.params["source_url"]
            job.done = job.total = max(job.total, sum(report["items"][k] for k in ("created", "updated", "unchanged")))
            job.finished_at = utcnow()
            audit.record(db.session.get(User, job.created_by_id), f"framework.import_{job.kind}",
                         object_type="framework", object_id=report["framework_id"], filename=job.filename,
                         items=report["items"])
        except CaseProblem as problem:
            _refuse(job_id, f"{problem.path}: {problem.message}", {"path": problem.path, "message": problem.message})
        except CsvProblems as problem:
            _refuse(job_id, _("The file was refused: %(n)s problems; nothing was imported.", n=len(problem.problems)),
                    {"problems": problem.problems})
        except FrameworkLocked as problem:
            _refuse(job_id, str(problem), None)


def _refuse(job_id: int, error: str, report: dict | None, *, roll_back: bool = True) -> None:
    if roll_back:  # nothing of the import is kept
        db.session.rollback()
    job = db.session.get(ImportJob, job_id)
    job.status, job.error, job.report, job.finished_at = "failed", error, report, utcnow()


def fail_import(queued, _message: str) -> None:
    """The job failed on an unexpected error (logged and shown to administrators): say so on the import."""
    with force_locale((queued.params or {}).get("locale", "en")):
        _refuse(queued.subject_id, _("An unexpected error stopped the import; nothing was imported. It has been "
                                     "logged; please try again."), None, roll_back=False)


def reset_import(queued) -> None:
    """Ready a failed import for an administrator's retry (the job still holds the file)."""
    job = db.session.get(ImportJob, queued.subject_id)
    if job is None or queued.payload is None:
        raise ValueError(_("The uploaded file is no longer kept; upload it again."))
    job.status, job.error, job.report, job.done, job.finished_at = "queued", None, None, 0, None


def job_state(job: ImportJob) -> dict:
    """What the progress page shows, as JSON-ready values."""
    status, error = job.status, job.error
    if not job.finished and utcnow() - (job.updated_at or job.created_at) > STALE_AFTER:
        status, error = "failed", _("This import stopped answering (the server may have restarted); "
                                    "nothing was imported. Please start it again.")
    percent = 100 if status == "done" else int(100 * job.done / job.total) if job.total else 0
    return {"id": job.id, "kind": job.kind, "status": status, "done": job.done, "total": job.total,
            "percent": percent, "finished": status in ("done", "failed"), "error": error,
            "framework_id": job.framework_id if status == "done" else None}
