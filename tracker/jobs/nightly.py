"""The nightly jobs, run as scheduled tasks of the queue (tasks.py); the CLI commands
`flask recompute-flags` and `flask prune-idempotency-keys` do the same by hand."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from ..extensions import db
from ..timeutil import utcnow
from .models import Job


def recompute_flags(job) -> None:
    """Every learner's support flags (stalled flags appear with time alone), committing per batch."""
    from ..supports.service import recompute_all

    total = recompute_all(on_batch=lambda _changes: db.session.commit())
    job.params = {"raised": total.raised, "resolved": total.resolved, "kept": total.kept}


def prune_idempotency_keys(job) -> None:
    """Forget API Idempotency-Keys older than a day."""
    from ..api.idempotency import forget_expired

    job.params = {"forgotten": forget_expired()}


def prune_jobs(job) -> None:
    """Delete the rows of jobs that finished long ago: done ones after JOB_KEEP_DONE_DAYS, failed ones
    after JOB_KEEP_FAILED_DAYS (kept longer: an admin reads their error and may retry). Queued and
    running jobs are never touched, whatever their age."""
    now, config = utcnow(), current_app.config
    removed = {}
    for status, days in (("done", config["JOB_KEEP_DONE_DAYS"]), ("failed", config["JOB_KEEP_FAILED_DAYS"])):
        result = db.session.execute(delete(Job).where(
            Job.status == status, Job.finished_at < now - timedelta(days=days), Job.id != job.id))
        removed[status] = result.rowcount
    job.params = {"done_removed": removed["done"], "failed_removed": removed["failed"]}
