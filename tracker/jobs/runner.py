"""A job's life: created with its row, claimed by one worker, kept alive by a heartbeat, finished in the
same transaction as its work, retried on a passing database error, rescued when its worker is lost.

What it promises:
- a job's work runs to its end at most once: the claim is one conditional UPDATE (queued -> running),
  and the work is committed together with the job's `done`, so a task delivered twice, or a rescue
  of a job that had in fact finished, does nothing;
- a worker killed mid-job (SIGKILL, a lost server) loses nothing: the job's own transaction is rolled
  back by the database, its heartbeat stops, and after JOB_STALE_SECONDS rescue_lost_jobs (at every
  worker start and every minute) queues it again; it runs again from the start. After
  JOB_MAX_ATTEMPTS lost runs it is marked failed, with a retry offered to administrators;
- a database outage (OperationalError) is retried by the queue with backoff; any other error fails
  the job at once (it would fail again), with the error kept for the admin page.
"""
import importlib
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from ..extensions import db
from ..outages import is_outage
from ..sqlite_connections import write_without_waiting
from ..timeutil import utcnow
from .models import Job
from .queue import huey, job_app, send_after_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    """One kind of job: `run(job)` does the work and only flushes (it may return a function to call
    after the commit, and may note what it came to in job.result); `fail(job, message)` marks its
    subject failed; `reset(job)` readies the subject for an administrator's retry (raising ValueError
    with a message when it cannot be retried); `summary(job)` says in words what a done job came to."""

    label: object
    run: str
    fail: str | None = None
    reset: str | None = None
    summary: str | None = None  # `summary(job)`: what a finished job came to, in words (from job.result)

    def call(self, name: str, *args):
        path = getattr(self, name)
        if path is None:
            return None
        module, function = path.split(":")
        return getattr(importlib.import_module(module), function)(*args)


KINDS: dict[str, Kind] = {
    "framework_import": Kind(_l("Framework import"), "tracker.competencies.jobs:run_import",
                             "tracker.competencies.jobs:fail_import", "tracker.competencies.jobs:reset_import"),
    "roster_plan": Kind(_l("Roster dry run"), "tracker.rosters.oneroster.service:run_plan_job",
                        "tracker.rosters.oneroster.service:fail_job", "tracker.rosters.oneroster.service:reset_job"),
    "roster_apply": Kind(_l("Roster import"), "tracker.rosters.oneroster.service:run_apply_job",
                         "tracker.rosters.oneroster.service:fail_job", "tracker.rosters.oneroster.service:reset_job"),
    "recompute_flags": Kind(_l("Nightly flag recomputation"), "tracker.jobs.nightly:recompute_flags"),
    "prune_idempotency_keys": Kind(_l("Forget old API idempotency keys"),
                                   "tracker.jobs.nightly:prune_idempotency_keys"),
    "prune_jobs": Kind(_l("Remove old finished jobs"), "tracker.jobs.nightly:prune_jobs"),
    "method_comparison": Kind(_l("Estimate method comparison"), "tracker.mastery.method_comparisons:run_job"),
    "credential_batch": Kind(_l("Issue pending credentials"), "tracker.credentials.batch:run_job",
                             summary="tracker.credentials.batch:summary"),
}


def kind_label(kind: str) -> str:
    return str(KINDS[kind].label) if kind in KINDS else kind


def job_summary(job: Job) -> str | None:
    """What a finished job came to, where its kind says."""
    if job.status != "done" or job.kind not in KINDS:
        return None
    return KINDS[job.kind].call("summary", job)


def create(kind: str, *, subject_id: int | None = None, params: dict | None = None,
           payload: bytes | None = None, user=None, send: bool = True) -> Job:
    """A queued job (flushes); its task is sent when the transaction commits (unless send=False:
    the caller runs it itself)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, status="queued", subject_id=subject_id, params=params, payload=payload,
              created_by_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.flush()
    if send:
        send_after_commit(run_job, job.id)
    return job


def _stale_before():
    return utcnow() - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])


def claim(job_id: int) -> bool:
    """Take a queued job (or a running one whose worker is gone) for this worker; commits."""
    now = utcnow()
    result = db.session.execute(update(Job).where(
        Job.id == job_id,
        or_(Job.status == "queued", (Job.status == "running") & (Job.heartbeat_at < _stale_before())),
    ).values(status="running", attempts=Job.attempts + 1, started_at=now, heartbeat_at=now, finished_at=None))
    db.session.commit()
    return result.rowcount == 1


class Heartbeat:
    """Notes every few seconds, on a connection of its own, that the job's worker is alive.

    On SQLite a beat never waits for the job's own write lock: it is skipped (the rescue that might
    follow waits for that lock too, and then finds the job done)."""

    def __init__(self, engine, job_id: int, interval: float):
        self.engine, self.job_id, self.interval = engine, job_id, interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                write_without_waiting(self.engine, update(Job).where(Job.id == self.job_id, Job.status == "running")
                                      .values(heartbeat_at=utcnow()))
            except OperationalError:
                log.info("job %s: heartbeat skipped (database busy)", self.job_id)


@huey.task(retries=5, retry_delay=2, retry_backoff=2, context=True)
def run_job(job_id: int, task=None):
    """The queue's task for one Job row (imports, the nightly jobs)."""
    with job_app().app_context():
        return run(job_id, retries_left=task.retries if task is not None else 0)


def run(job_id: int, retries_left: int = 0) -> str:
    """Run one job to its end (the queue's task calls this). Returns what happened:
    'done', 'failed', 'skipped' (already done, running elsewhere or gone) or raises for a retry."""
    if not claim(job_id):
        log.info("job %s: not claimed (done, running elsewhere or gone)", job_id)
        return "skipped"
    with Heartbeat(db.engine, job_id, current_app.config["JOB_HEARTBEAT_SECONDS"]):
        try:
            job = db.session.get(Job, job_id)
            after = KINDS[job.kind].call("run", job)
            job.status, job.finished_at, job.error, job.payload = "done", utcnow(), None, None
            db.session.commit()
        except DBAPIError as error:
            db.session.rollback()
            if not is_outage(error) or retries_left <= 0:
                fail(job_id, _error_text(error))
                return "failed"
            log.warning("job %s: database error, the queue retries it: %s", job_id, error)
            _release(job_id, _error_text(error))
            raise
        except Exception as error:  # noqa: BLE001  (kept on the job for the admin page)
            log.exception("job %s failed", job_id)
            db.session.rollback()
            fail(job_id, _error_text(error))
            return "failed"
    if after is not None:
        after()
    return "done"


def _error_text(error: Exception) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:2000]


def _release(job_id: int, message: str) -> None:
    """Back to queued for the queue's retry (best effort: the database may be the thing that is down)."""
    try:
        db.session.execute(update(Job).where(Job.id == job_id, Job.status == "running")
                           .values(status="queued", error=message))
        db.session.commit()
    except DBAPIError:
        db.session.rollback()


def fail(job_id: int, message: str) -> None:
    """Mark the job and its subject failed (commits)."""
    job = db.session.get(Job, job_id)
    job.status, job.error, job.finished_at = "failed", message, utcnow()
    KINDS[job.kind].call("fail", job, message)
    db.session.commit()


def rescue_lost_jobs() -> dict:
    """Queue again the running jobs whose heartbeat stopped (their worker died) and re-send the queued
    ones nobody took for JOB_REQUEUE_AFTER_SECONDS (sent while the queue was unreachable); a job lost
    JOB_MAX_ATTEMPTS times is marked failed instead. Commits."""
    config = current_app.config
    lost = list(db.session.scalars(select(Job).where(Job.status == "running", Job.heartbeat_at < _stale_before())))
    requeued = failed = 0
    for job in lost:
        if job.attempts >= config["JOB_MAX_ATTEMPTS"]:
            fail(job.id, f"The worker stopped during this job {job.attempts} times; it was not run again.")
            failed += 1
            continue
        job.status, job.error = "queued", "The worker running this job stopped; it runs again."
        send_after_commit(run_job, job.id)
        requeued += 1
    waiting_since = utcnow() - timedelta(seconds=config["JOB_REQUEUE_AFTER_SECONDS"])
    for job_id in db.session.scalars(select(Job.id).where(Job.status == "queued", Job.created_at < waiting_since)):
        send_after_commit(run_job, job_id)
        requeued += 1
    db.session.commit()
    if lost:
        log.warning("jobs rescued: %s queued again, %s failed", requeued, failed)
    return {"requeued": requeued, "failed": failed}


class NotRetryable(ValueError):
    """The job cannot be run again (not failed, or its subject is gone); the message says why."""


def retry(job: Job, user) -> None:
    """An administrator runs a failed job again (flushes; sent on commit)."""
    from flask_babel import gettext as _

    from ..audit import service as audit
    if job.status != "failed":
        raise NotRetryable(_("Only a failed job can be run again."))
    try:
        KINDS[job.kind].call("reset", job)
    except ValueError as problem:
        raise NotRetryable(str(problem)) from problem
    job.status, job.error, job.attempts, job.started_at, job.finished_at = "queued", None, 0, None, None
    audit.record(user, "job.retry", object_type="job", object_id=job.id, kind=job.kind)
    db.session.flush()
    send_after_commit(run_job, job.id)


def recent(limit: int = 100) -> list[Job]:
    """The latest jobs, newest first (the admin page)."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(select(Job).options(selectinload(Job.created_by))
                                   .order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))
